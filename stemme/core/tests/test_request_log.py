"""The request log (issue 16): one JSON line per request with a request id, the route, the status,
the duration and a pseudonymous user id — and nothing that names a child."""

import io
import json
import logging
import time

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse

from stemme.core.middleware import (
    RequestLogMiddleware,
    pseudonymous_user_id,
    pseudonymous_user_key,
)

KEYS = {"request_id", "method", "route", "view", "status", "duration_ms", "user", "time"}


def _console_handler() -> logging.Handler:
    return next(h for h in logging.getLogger().handlers if h.get_name() == "console")


@pytest.fixture
def log_lines():
    """Every log line written during the test, formatted as the production console handler
    formats it (JSON, with the request-id filter)."""
    stream = io.StringIO()
    console = _console_handler()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    root.removeHandler(handler)


def _requests(lines):
    return [line for line in lines if line["logger"] == "stemme.request"]


def test_the_suite_logs_json_as_production_does():
    assert settings.LOG_FORMAT == "json"


def test_a_child_page_gives_one_json_line_that_names_no_child(client, world, log_lines):
    client.force_login(world.assigned_caseworker)
    url = reverse("children:detail", args=[world.child.pk])

    response = client.get(url)

    assert response.status_code == 200
    lines = _requests(log_lines())
    assert len(lines) == 1
    line = lines[0]
    assert set(line) >= KEYS
    assert line["method"] == "GET"
    assert line["route"] == "boern/<uuid:child_id>/"
    assert line["view"] == "children:detail"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response.headers["X-Request-ID"]
    key = pseudonymous_user_key(settings.SECRET_KEY)
    assert line["user"] == pseudonymous_user_id(key, world.assigned_caseworker.pk)
    assert len(line["user"]) == 16
    # Nothing in any line written during the request names the child, the case or the user.
    written = json.dumps(log_lines(), ensure_ascii=False)
    child = world.child
    for secret in (
        str(child.pk),
        str(world.case.pk),
        child.cpr,
        child.first_name,
        child.last_name,
        world.assigned_caseworker.username,
        url,
    ):
        assert secret not in written


def test_a_denied_child_is_logged_by_route_without_its_id(client, world, log_lines):
    client.force_login(world.other_team_caseworker)

    response = client.get(reverse("children:detail", args=[world.child.pk]))

    assert response.status_code == 404
    written = json.dumps(log_lines())
    assert str(world.child.pk) not in written
    assert [line["status"] for line in _requests(log_lines())] == [404]


def test_a_sane_request_id_from_the_proxy_is_kept_and_echoed(client, db, log_lines):
    response = client.get(reverse("core:health"), headers={"X-Request-ID": "proxy-1234abcd"})

    assert response.headers["X-Request-ID"] == "proxy-1234abcd"
    assert _requests(log_lines())[0]["request_id"] == "proxy-1234abcd"
    assert _requests(log_lines())[0]["user"] is None


@pytest.mark.parametrize(
    "given", ["short", "has space in it", "<script>alert(1)</script>", "x" * 200]
)
def test_an_odd_request_id_is_replaced(client, db, given):
    response = client.get(reverse("core:health"), headers={"X-Request-ID": given})

    echoed = response.headers["X-Request-ID"]
    assert echoed != given
    assert len(echoed) == 32
    assert int(echoed, 16) >= 0


def test_other_lines_during_a_request_carry_its_id(db, log_lines):
    def view(request):
        logging.getLogger("stemme.test").warning("inside")
        return HttpResponse()

    request = RequestFactory().get("/", headers={"X-Request-ID": "trace-abcdef12"})
    RequestLogMiddleware(view)(request)

    inside = next(line for line in log_lines() if line["logger"] == "stemme.test")
    assert inside["request_id"] == "trace-abcdef12"


def test_the_middleware_costs_well_under_a_millisecond(db):
    """Its own work (id, timer, route, HMAC, one formatted JSON line), with the view free."""
    stream = io.StringIO()
    console = _console_handler()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    logger = logging.getLogger("stemme.request")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        middleware = RequestLogMiddleware(lambda request: HttpResponse())
        factory = RequestFactory()
        match = resolve(reverse("core:health"))
        rounds = 500
        started = time.perf_counter()
        for _ in range(rounds):
            request = factory.get("/health/")
            request.resolver_match = match
            middleware(request)
        with_log = (time.perf_counter() - started) / rounds
        started = time.perf_counter()
        for _ in range(rounds):
            request = factory.get("/health/")
            request.resolver_match = match
            HttpResponse()
        without = (time.perf_counter() - started) / rounds
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert len(stream.getvalue().splitlines()) == rounds
    # Typically ~0.05 ms; the bound leaves room for a busy test machine.
    assert with_log - without < 0.001
