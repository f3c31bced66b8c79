"""Drafts of the long forms: kept on the server for their author only, filled in again when the
author comes back, deleted when the form is saved, ignored and purged when expired."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from stemme.audit.models import AccessAction, AccessLog
from stemme.drafts import selectors, services
from stemme.drafts.models import Draft
from stemme.drafts.tests.helpers import (
    BFU_CONCLUSION,
    bfu_running,
    draft_form_keys,
    restored,
    step_url,
)

pytestmark = pytest.mark.django_db

AUTOSAVE = reverse("drafts:autosave")


def _save(author, page, key=None, text="Noget tekst", **kwargs):
    return services.draft_save(
        author=author, page_path=page, form_key=key or page, fields={"text": [text]}, **kwargs
    )


# --- services and selectors ---------------------------------------------------------------------


def test_a_draft_is_only_its_authors(world):
    page = "/boern/x/min-historie/"
    _save(world.assigned_caseworker, page, text="Tove skriver")
    assert [
        d.fields
        for d in selectors.drafts_for_page(author=world.assigned_caseworker, page_path=page)
    ] == [{"text": ["Tove skriver"]}]
    assert selectors.drafts_for_page(author=world.leader, page_path=page) == []
    assert selectors.drafts_for_page(author=world.assigned_caseworker, page_path="/andet/") == []


def test_the_newest_draft_of_a_form_wins(world):
    page = "/boern/x/min-historie/"
    _save(world.assigned_caseworker, page, text="Først")
    _save(world.assigned_caseworker, page, text="Så")
    assert Draft.objects.get().fields == {"text": ["Så"]}


def test_an_expired_draft_is_ignored_and_purged(world):
    page = "/boern/x/min-historie/"
    long_ago = timezone.now() - services.LIFETIME - dt.timedelta(minutes=1)
    _save(world.assigned_caseworker, page, now=long_ago)
    assert selectors.drafts_for_page(author=world.assigned_caseworker, page_path=page) == []
    # The next draft anyone keeps purges it.
    _save(world.leader, "/andet/")
    assert list(Draft.objects.values_list("author", flat=True)) == [world.leader.pk]


def test_a_draft_kept_after_logout_expires_sooner(world):
    now = timezone.now()
    draft = _save(world.assigned_caseworker, "/a/", after_logout=True, now=now)
    assert draft.expires_at == now + services.AFTER_LOGOUT_LIFETIME < now + services.LIFETIME


def test_discarding_a_form_deletes_only_that_authors_draft_of_it(world):
    _save(world.assigned_caseworker, "/a/", key="/a/#letter_send")
    _save(world.assigned_caseworker, "/a/", key="/a/#notify_parents")
    _save(world.leader, "/a/", key="/a/#letter_send")
    assert services.draft_discard(author=world.assigned_caseworker, form_key="/a/#letter_send") == 1
    assert sorted(Draft.objects.values_list("author", "form_key")) == sorted(
        [(world.assigned_caseworker.pk, "/a/#notify_parents"), (world.leader.pk, "/a/#letter_send")]
    )


# --- the autosave ----------------------------------------------------------------------------


def _autosave(client, page, **fields):
    return client.post(
        AUTOSAVE,
        {"_draft_page": page, "_draft_form": page, **fields},
        headers={"HX-Request": "true"},
    )


def test_the_autosave_keeps_the_authors_draft(client, world):
    bfu_running(world)
    page = step_url(world, "afslut-undersoegelse")
    client.force_login(world.assigned_caseworker)
    response = _autosave(client, page, conclusion=BFU_CONCLUSION, csrfmiddlewaretoken="x")
    assert response.status_code == 204
    draft = Draft.objects.get()
    assert (draft.author, draft.page_path, draft.form_key) == (
        world.assigned_caseworker,
        page,
        page,
    )
    assert draft.fields == {"conclusion": [BFU_CONCLUSION]}  # never the CSRF token
    assert draft.object_ref == f"case:{world.case.pk}"
    assert not draft.after_logout


def test_the_autosave_refuses_a_case_the_user_may_not_see(client, world):
    bfu_running(world)
    client.force_login(world.other_team_caseworker)
    response = _autosave(client, step_url(world, "afslut-undersoegelse"), conclusion="x")
    assert response.status_code == 404
    assert not Draft.objects.exists()
    assert AccessLog.objects.filter(
        user=world.other_team_caseworker, action=AccessAction.DENIED
    ).exists()


@pytest.mark.parametrize("page", ["/konto/profil/", "/ikke/en/side/", "https://evil.example/"])
def test_the_autosave_keeps_drafts_only_of_the_long_forms(client, world, page):
    client.force_login(world.assigned_caseworker)
    assert _autosave(client, page, text="x").status_code == 404
    assert not Draft.objects.exists()


def test_the_autosave_counts_as_using_stemme(client, world):
    import time

    from stemme.accounts.middleware import SEEN_AT

    client.force_login(world.assigned_caseworker)
    session = client.session
    session[SEEN_AT] = int(time.time()) - 20  # within the once-a-minute granularity
    session.save()
    _autosave(client, reverse("continuity:story", kwargs={"child_id": world.child.pk}), text="x")
    assert client.session[SEEN_AT] >= int(time.time()) - 1


def test_without_javascript_the_autosave_goes_back_to_the_page(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    client.force_login(world.assigned_caseworker)
    response = client.post(AUTOSAVE, {"_draft_page": page, "_draft_form": page, "text": "Hej"})
    assert response["Location"] == page
    assert Draft.objects.get().fields == {"text": ["Hej"]}


# --- saving the form deletes the draft -------------------------------------------------------


def test_saving_the_form_deletes_the_draft_and_a_refused_save_keeps_it(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    client.force_login(world.assigned_caseworker)
    _autosave(client, page, text="Min historie, kladde")
    _save(world.leader, page, text="Lenes kladde")
    # Refused (no text): the page again, the draft kept.
    assert client.post(page, {"text": "", "version": "0"}).status_code == 200
    assert Draft.objects.filter(author=world.assigned_caseworker).exists()
    response = client.post(page, {"text": "Min historie.", "version": "0"})
    assert response.status_code == 302
    assert not Draft.objects.filter(author=world.assigned_caseworker).exists()
    assert Draft.objects.filter(author=world.leader).exists()  # someone else's draft stays


def test_saving_a_bfu_conclusion_deletes_its_draft(client, world):
    bfu_running(world)
    page = step_url(world, "afslut-undersoegelse")
    client.force_login(world.assigned_caseworker)
    _autosave(client, page, conclusion=BFU_CONCLUSION)
    response = client.post(
        page,
        {
            "completed_on": timezone.localdate().isoformat(),
            "child_development": "Trives.",
            "parents_capacity": "God.",
            "family_and_network": "Mormor.",
            "conclusion": BFU_CONCLUSION,
            "child_view": "Jeg vil bo hjemme.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Draft.objects.exists()


# --- the six long forms: the draft is filled in again for its author only ---------------------


def _bfu_page(world):
    bfu_running(world)
    return step_url(world, "afslut-undersoegelse")


def _meeting_page(world):
    from stemme.meetings import services as meetings
    from stemme.meetings.tests.factories import plan

    meeting = meetings.meeting_hold(
        actor=world.assigned_caseworker, meeting=plan(world), held_on=timezone.localdate()
    )
    return reverse("meetings:detail", kwargs={"meeting_id": meeting.pk})


def _handover_page(world):
    from stemme.continuity.services import handover_start

    handover = handover_start(
        actor=world.leader,
        case=world.case,
        to_caseworker=world.same_team_caseworker,
        changes_on=timezone.localdate(),
        role="secondary",
    )
    return reverse(
        "continuity:handover", kwargs={"case_id": world.case.pk, "handover_id": handover.pk}
    )


SIX_FORMS = {
    "bfu_completion": (_bfu_page, "conclusion", ""),
    "decision": (lambda world: step_url(world, "afgoerelse"), "reasoning", ""),
    "conversation": (lambda world: step_url(world, "samtale"), "summary", ""),
    "meeting_summary": (_meeting_page, "summary_for_child", "opsummering/"),
    "handover_letter": (_handover_page, "text", "send-brev/"),
    "story": (
        lambda world: reverse("continuity:story", kwargs={"child_id": world.child.pk}),
        "text",
        "",
    ),
}


@pytest.mark.parametrize("form", sorted(SIX_FORMS))
def test_each_long_form_keeps_a_draft_and_gets_it_back(client, world, form):
    make_page, field, key_suffix = SIX_FORMS[form]
    page = make_page(world)
    key = page + key_suffix
    text = f"Kladde til {form}: det tog lang tid at skrive."

    client.force_login(world.assigned_caseworker)
    first = client.get(page)
    assert first.status_code == 200
    assert key in draft_form_keys(first.content.decode(), page), "the form keeps no draft"
    assert restored(first.content.decode())["drafts"] == []

    # While typing, the page's script posts the form's fields to the autosave.
    response = client.post(
        AUTOSAVE,
        {"_draft_page": page, "_draft_form": key, field: text},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204

    again = client.get(page).content.decode()
    assert restored(again)["drafts"] == [{"form": key, "fields": {field: [text]}}]
    assert "Din kladde fra" in again  # Danish: the note that it is filled in again

    # A colleague who may see the child does not get it.
    client.force_login(world.leader)
    theirs = client.get(page)
    assert theirs.status_code == 200
    assert text not in theirs.content.decode()
    assert restored(theirs.content.decode())["drafts"] == []


def test_a_page_shown_again_with_posted_data_is_not_overwritten_by_the_draft(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    client.force_login(world.assigned_caseworker)
    _autosave(client, page, text="Gammel kladde")
    response = client.post(page, {"text": "", "version": "0"})  # refused: shown again
    assert response.status_code == 200
    assert restored(response.content.decode())["drafts"] == []


def test_no_draft_on_an_error_page(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    _save(world.other_team_caseworker, page, text="Hemmelig kladde")
    client.force_login(world.other_team_caseworker)
    response = client.get(page)
    assert response.status_code == 404
    assert "Hemmelig kladde" not in response.content.decode()


def test_the_author_can_throw_a_draft_away(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    client.force_login(world.assigned_caseworker)
    _autosave(client, page, text="Det her vil jeg ikke alligevel")
    _save(world.leader, page, text="Lenes kladde")
    body = client.get(page).content.decode()
    assert reverse("drafts:discard") in body
    response = client.post(reverse("drafts:discard"), {"_draft_page": page})
    assert response["Location"] == page
    assert restored(client.get(page).content.decode())["drafts"] == []
    assert list(Draft.objects.values_list("author", flat=True)) == [world.leader.pk]


def test_draft_text_cannot_break_out_of_its_json_block(client, world):
    page = reverse("continuity:story", kwargs={"child_id": world.child.pk})
    text = "</script><script>alert(1)</script> & <b>"
    client.force_login(world.assigned_caseworker)
    _autosave(client, page, text=text)
    body = client.get(page).content.decode()
    assert "<script>alert(1)" not in body
    assert restored(body)["drafts"][0]["fields"] == {"text": [text]}
