"""Reads about the hearing of the parties (partshøring): the case's hearings with their parties,
for the hearing page, the case page and the decision form."""

from django.db.models import Prefetch

from stemme.cases.models import Case, Hearing, HearingParty


def _with_parties():
    return Prefetch("parties", queryset=HearingParty.objects.order_by("position"))


def latest_hearing(*, case: Case) -> Hearing | None:
    """The newest hearing sent in the case (not a recorded exception), with its parties."""
    return (
        Hearing.objects.filter(case=case, exception_reason="")
        .prefetch_related(_with_parties())
        .order_by("-sent_on", "-recorded_at")
        .first()
    )


def hearings_of_case(*, case: Case) -> list[Hearing]:
    """All the case's hearings and recorded exceptions, newest first (two queries)."""
    return list(
        Hearing.objects.filter(case=case)
        .prefetch_related(_with_parties())
        .order_by("-sent_on", "-recorded_at")
    )


def hearing_of_case(*, case: Case, hearing_id) -> Hearing | None:
    return (
        Hearing.objects.filter(case=case, pk=hearing_id, exception_reason="")
        .prefetch_related(_with_parties())
        .first()
    )
