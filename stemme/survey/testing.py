"""Helpers for tests of the youth survey (its own and the access matrix's)."""

import datetime as dt

from django.utils import timezone

from stemme.portal.testing import active_account
from stemme.survey import services
from stemme.survey.models import Invitation


def wave_open_for(world, *, actor=None, days=14):
    """A round opened today by the administrator for every team, with the children's Min sag
    accounts made first (only children with an account are invited)."""
    for child in (world.child, world.other_child):
        if not child.portal_accounts.filter(kind="child").exists():
            active_account(world, child=child)
    today = timezone.localdate()
    return services.wave_open(
        actor=actor or world.administrator,
        title="Ungeundersøgelsen 2026",
        opens_on=today,
        closes_on=today + dt.timedelta(days=days),
    )


def invitation_of(wave, child) -> Invitation:
    return Invitation.objects.get(wave=wave, child=child)


def answer_and_send(child, wave, answers: dict) -> None:
    invitation = invitation_of(wave, child)
    services.draft_save(child=child, invitation_id=invitation.pk, answers=answers)
    services.response_submit(child=child, invitation_id=invitation.pk)


def paper_strata(team, **overrides) -> dict:
    """The coarse strata of a paper questionnaire for tests: a 14-17-year-old girl in foster care
    on ``team``, unless ``overrides`` say otherwise."""
    return {
        "team_id": team.pk,
        "age_band": "14_17",
        "gender": "girl",
        "measure_type": "foster_care",
        "changes": "0",
        "contact": "4+",
        **overrides,
    }
