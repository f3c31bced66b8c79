"""Reads for "my rights and how to complain"."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stemme.children.selectors import age_on
from stemme.participation.models import Bisidder, RightsTopic
from stemme.participation.selectors.voice import rights_texts

# From the 10th birthday the child is a party in the case and may complain (barnets lov § 3;
# Ankestyrelsen: "children over 10" may complain; ../shared/research/barnets_lov_rules.md R33).
PARTY_AGE = 10
# Retssikkerhedsloven § 67 stk. 1: within 4 weeks of being told of the decision (R33).
COMPLAINT_WEEKS = 4


# Short headings written to the child; the staff titles ("The right to see one's file") read
# like a form. The texts under them are participation's age-adapted rights texts.
CHILD_TITLES = {
    RightsTopic.INVOLVEMENT: _("You can say what you think"),
    RightsTopic.BISIDDER: _("You can bring a bisidder"),
    RightsTopic.COMPLAINT: _("You can complain"),
    RightsTopic.FILE_ACCESS: _("You can see what we write"),
    RightsTopic.PARTY_STATUS: _("More say when you turn 10"),
}
PARTY_TITLE = _("You are a party in your case")  # from 10; the text says what that means


@dataclass(frozen=True)
class Right:
    topic: str
    title: str
    text: str


@dataclass
class RightsPage:
    band: str
    rights: list[Right] = field(default_factory=list)  # every right except how to complain
    complaint: Right | None = None
    is_party: bool = False
    bisiddere: list = field(default_factory=list)


def active_bisiddere(*, child, on: dt.date | None = None) -> list[Bisidder]:
    """The child's own bisiddere (§ 6) chosen by ``on`` and not ended by then (one query)."""
    on = on or timezone.localdate()
    return list(
        Bisidder.objects.filter(child=child, chosen_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))
        .only("pk", "name", "relation")
        .order_by("name")
    )


def rights_page(*, child, on: dt.date | None = None, with_bisiddere: bool = True) -> RightsPage:
    """The age-adapted rights texts, whether the child is a party (may complain) and, for the
    child's own view, the bisiddere (a parent's view leaves them out)."""
    on = on or timezone.localdate()
    band, texts = rights_texts(child=child, on=on)
    is_party = age_on(child.birth_date, on) >= PARTY_AGE
    titles = {**CHILD_TITLES, **({RightsTopic.PARTY_STATUS: PARTY_TITLE} if is_party else {})}
    rights = [
        Right(topic=item.topic, title=str(titles.get(item.topic, item.title)), text=item.text)
        for item in texts
    ]
    return RightsPage(
        band=band,
        rights=[item for item in rights if item.topic != RightsTopic.COMPLAINT],
        complaint=next((item for item in rights if item.topic == RightsTopic.COMPLAINT), None),
        is_party=is_party,
        bisiddere=active_bisiddere(child=child, on=on) if with_bisiddere else [],
    )
