"""Confidential by construction: nothing on the answer side leads to a child, and no staff
page shows one response."""

from django.apps import apps
from django.db import models
from django.urls import URLResolver, get_resolver

from stemme.audit.models import AccessLog, Event
from stemme.survey.models import Answer, Comment, Invitation, Item, Response, Wave
from stemme.survey.testing import answer_and_send, invitation_of, wave_open_for

# Rows many responses share: reaching one says nothing about whose a response is.
SHARED = {"survey.Wave", "survey.Item", "survey.Instrument", "accounts.Team"}
ANSWER_SIDE = (Response, Answer, Comment)
# What would identify a young person, or when they answered.
IDENTIFYING = {
    "children.Child",
    "children.PortalAccount",
    "children.Person",
    "cases.Case",
    "survey.Invitation",
    "accounts.User",
    "audit.Event",
    "audit.AccessLog",
}


def _label(model) -> str:
    return model._meta.label


def _neighbours(model):
    for field in model._meta.get_fields(include_hidden=True):
        if field.is_relation and field.related_model is not None:
            yield field.related_model


def test_no_join_path_leads_from_an_answer_to_a_child():
    """Breadth-first over every relation, both ways, from the answer side; the shared rows
    (a round, a question, a team) are where a path stops."""
    seen = set()
    queue = list(ANSWER_SIDE)
    while queue:
        model = queue.pop()
        label = _label(model)
        if label in seen:
            continue
        seen.add(label)
        assert label not in IDENTIFYING, f"a join path reaches {label}"
        if label in SHARED:
            continue
        queue.extend(_neighbours(model))
    assert seen >= {"survey.Response", "survey.Answer", "survey.Comment", "survey.Wave"}


def test_the_answer_side_keeps_no_time_and_no_order():
    for model in ANSWER_SIDE:
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateField | models.DateTimeField), field
        # A random key: a counter would give away the order the answers came in, and with the
        # day on the invitation, whose they are.
        assert isinstance(model._meta.pk, models.UUIDField), model


def test_a_sent_response_leaves_no_trace_of_the_child(world):
    wave = wave_open_for(world)
    answer_and_send(world.child, wave, {"r1": 5, "o1": "Lyt mere"})
    invitation = invitation_of(wave, world.child)
    assert invitation.draft == {}
    event = Event.objects.get(kind="survey.response_received")
    assert event.child_id is None
    assert event.case_id is None
    assert event.data == {}
    response = Response.objects.get()
    assert str(response.pk) not in str(list(Event.objects.values_list("ref", "data")))
    assert not AccessLog.objects.filter(child=world.child, purpose__contains="survey").exists()


def _routes(patterns, prefix=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            yield route


def test_no_staff_address_names_a_response_or_an_invitation():
    routes = list(_routes(get_resolver().url_patterns))
    # Walked into every include: the survey's own addresses are among them.
    assert "ledelse/ungeundersoegelse/<uuid:wave_id>/" in routes
    for route in routes:
        assert "response" not in route
        assert "invitation" not in route


def test_the_leaders_page_of_a_round_with_one_answer_shows_no_figure(client, world):
    from stemme.survey import services

    wave = wave_open_for(world)
    answer_and_send(world.child, wave, {"r1": 1, "o1": "Min sagsbehandler lytter ikke"})
    services.wave_close(actor=world.administrator, wave=wave)
    for user in (world.leader, world.administrator):
        client.force_login(user)
        page = client.get(f"/ledelse/ungeundersoegelse/{wave.pk}/").content.decode()
        assert "Min sagsbehandler lytter ikke" not in page
        assert "For få svar til at vise tal" in page
        assert client.get(f"/ledelse/ungeundersoegelse/{wave.pk}/tal.csv").status_code == 404


def test_caseworkers_have_no_survey_pages(client, world):
    wave = wave_open_for(world)
    client.force_login(world.assigned_caseworker)
    assert client.get("/ledelse/ungeundersoegelse/").status_code == 403
    assert client.get(f"/ledelse/ungeundersoegelse/{wave.pk}/").status_code == 403


def test_the_models_are_where_the_test_looks():
    # A new model on the answer side must be added to ANSWER_SIDE (or be a shared row).
    survey_models = {_label(m) for m in apps.get_app_config("survey").get_models()}
    known = (
        {_label(m) for m in ANSWER_SIDE}
        | SHARED
        | {
            _label(Invitation),
            "survey.Action",
            _label(Wave),
            _label(Item),
        }
    )
    assert survey_models <= known, survey_models - known
