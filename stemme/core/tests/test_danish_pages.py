"""Every screen speaks Danish: a crawl of every page of the access matrix, as every role that
may see it; of every step form of a case at an early and a late stage (shown, and sent empty);
of every form of the matrix sent empty; and of the right-of-access PDF.

A page fails on a model repr ("Intake object (…)"), a reference to the specification's source
documents ("seed002 §1", "Lundy: …", "SBST: …"), a pre-selected "---------" choice, a date in
English style ("6. Dec 2026"), or an English word from a list of words that must never reach a
Danish page; a form sent with errors fails when its error summary does not link to every field
that failed. Only what a user can read is checked: the text of the page without <script>,
<style> and HTML attributes (the label of every <option> is text, so it is checked too).
"""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from stemme.access.testing import PORTAL_ROLES, REPORTER_NAME, deputy_appoint_for_matrix
from stemme.access.tests.test_access_matrix import MATRIX, _resolve
from stemme.accounts.testing import force_login_verified
from stemme.portal.testing import portal_role_login

# Words that must never reach a Danish page: Django's and the code's English. Matched as
# whole words (case-sensitive), in the visible text only.
ENGLISH = [
    "Decision",
    "Decisions",
    "Intake",
    "Measure",
    "Investigation",
    "Follow-up",
    "Meeting",
    "Caseworker",
    "Report",
    "Child",
    "Case:",
    "Version:",
    "None",
    "True",
    "False",
    "Submit",
    "Save",
    "Cancel",
    "Delete",
    "optional",
    "required",
    "This field is required",
    "Select a valid choice",
    "Enter a valid date",
    "Enter a valid",
    "Nothing recorded yet",
    "Nothing",
    "Unknown",
    "Overdue",
    "Due",
    "Worklist",
    "Children",
    "Edit",
    "Back",
    "Search",
    "Log out",
    "Sign in",
    "Register",
    "Reason",
    "object",
]
FORBIDDEN = [
    "object (",  # a model's default repr: "Intake object (ed4d…)"
    "seed00",  # the specification's source documents
    "Lundy",
    "SBST:",
    "rule_id",
]
_ENGLISH_RE = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(word) for word in ENGLISH) + r")(?![\w-])"
)
EMPTY_LABEL = "---------"
# A date in Django's "j. M Y" ("6. Dec 2026", "28. Sept 2026"): the month capitalised and
# without its full stop. Danish dates read "6. dec. 2026" or "06.12.2026" (config/formats).
_CAPITALISED_MONTH = re.compile(
    r"\b\d{1,2}\. (Jan|Feb|Mar|Apr|Maj|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dec)\b"
)


class _Page(HTMLParser):
    """The visible text of a page, and its pre-selected "---------" choices."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.skip = 0
        self.labels: dict[str, list[str]] = {}  # for= id → label text
        self.checked_ids: list[str] = []
        self.selected_options: list[list[str]] = []
        self._label_for: str | None = None
        self._option: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("script", "style", "template"):
            self.skip += 1
        elif tag == "label":
            self._label_for = attributes.get("for")
            if self._label_for:
                self.labels.setdefault(self._label_for, [])
        elif tag == "input" and "checked" in attributes:
            self.checked_ids.append(attributes.get("id", ""))
        elif tag == "option":
            self._option = []
            if "selected" in attributes:
                self.selected_options.append(self._option)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        elif tag == "label":
            self._label_for = None
        elif tag == "option":
            self._option = None
        if tag in ("p", "div", "li", "td", "th", "label", "option", "h1", "h2", "h3", "dt", "dd"):
            self.text.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        self.text.append(data)
        if self._label_for:
            self.labels[self._label_for].append(data)
        if self._option is not None:
            self._option.append(data)


def danish_problems(html: str) -> list[str]:
    """What on ``html`` must not reach a Danish page (an empty list if nothing)."""
    page = _Page()
    page.feed(html)
    page.close()
    text = " ".join("".join(page.text).split())
    problems = [f"{word!r} in {_around(text, word)!r}" for word in FORBIDDEN if word in text]
    problems += [
        f"English {match.group(1)!r} in {_around(text, match.group(1))!r}"
        for match in _ENGLISH_RE.finditer(text)
    ]
    problems += [
        f"the date {_around(text, match.group(0))!r} is not Danish"
        for match in _CAPITALISED_MONTH.finditer(text)
    ]
    for checked in page.checked_ids:
        if "".join(page.labels.get(checked, [])).strip() == EMPTY_LABEL:
            problems.append(f"the {EMPTY_LABEL} choice is pre-selected ({checked})")
    for option in page.selected_options:
        if "".join(option).strip() == EMPTY_LABEL:
            problems.append(f"the {EMPTY_LABEL} option is pre-selected")
    return problems


def _around(text: str, word: str) -> str:
    at = text.find(word)
    return text[max(0, at - 60) : at + len(word) + 60]


def test_the_checker_finds_what_it_must():
    """The checker itself: each kind of problem is found, and Danish passes."""
    assert danish_problems("<p>Intake object (ed4d45a2)</p>")
    assert danish_problems("<p>SBST: rammesætning af møder (seed002 §1)</p>")
    assert danish_problems("<p>Tal med barnet (Lundy: influence)</p>")
    assert danish_problems("<dl><dt>Case:</dt><dd>Version: 8</dd></dl>")
    assert danish_problems("<label for='x'>Decision</label>")
    assert danish_problems(
        '<input type="radio" id="a" checked><label for="a">---------</label>'
        '<input type="radio" id="b"><label for="b">Lukke</label>'
    )
    assert danish_problems('<select><option value="" selected>---------</option></select>')
    assert danish_problems("<ul class='errorlist'><li>This field is required.</li></ul>")
    assert danish_problems("<p>Modtaget 6. Dec 2026</p>")
    assert danish_problems("<p>Frist 28. Sept 2026, 12:00</p>")
    # Attributes, scripts and styles are not visible text.
    assert not danish_problems(
        '<p class="Decision" data-x="Intake object (1)">Afgørelse</p>'
        "<script>const x = None;</script><style>.None{}</style>"
    )
    assert not danish_problems(
        '<input type="radio" id="a"><label for="a">---------</label>'
        '<select><option value="">---------</option><option selected>Lukke</option></select>'
        "<p>Afgørelse 6. dec. 2026 · 28. sept. 2026 · 06.12.2026 · 6. maj 2026 · 6. december</p>"
        "<p>Underretning · Indsats</p>"
    )


# --- Every page of the access matrix, as every role that may see it -------------------------


@pytest.fixture
def matrix_world(world):
    """The access matrix's world (test_access_matrix.world_with_report): a report on the
    protected child, and a deputy for the assigned caseworker."""
    from stemme.cases.services import steps

    steps.intake_register(
        actor=world.assigned_caseworker,
        child=world.child,
        kind="underretning",
        reporter_type="professional",
        reporter_name=REPORTER_NAME,
        received_at=timezone.now() - dt.timedelta(hours=1),
        content="Bekymring fra skolen.",
    )
    deputy_appoint_for_matrix(world)
    return world


PAGES = [
    (name, index)
    for name, entries in MATRIX.items()
    for index, entry in enumerate(entries)
    if entry.method == "get"
]


def _log_in(client, world, role):
    if role in PORTAL_ROLES:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
        portal_role_login(client, world, role)
    else:
        user = world.users_by_role()[role]
        if user is not None:
            force_login_verified(client, user)


@pytest.mark.parametrize(("name", "index"), PAGES)
def test_every_page_is_danish_for_every_role(matrix_world, name, index):
    from django.test import Client

    world = matrix_world
    entry = MATRIX[name][index]
    roles = [role for role in (*entry.status, "deputy") if entry.expected(role) == 200]
    problems = {}
    for role in dict.fromkeys(roles):
        # Each role in the world as the matrix gives it (logged in, then the entry's setup),
        # rolled back afterwards for the next role.
        with transaction.atomic():
            role_client = Client()
            _log_in(role_client, world, role)
            extra = entry.setup(world) if entry.setup else {}
            url = reverse(
                name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()}
            )
            data = {k: _resolve(world, v, extra) for k, v in entry.data.items()}
            response = role_client.get(url, data)
            transaction.set_rollback(True)
        assert response.status_code == 200, (name, role, response.status_code)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        assert response.get("Content-Language") == "da", (name, role)
        found = danish_problems(response.content.decode())
        if found:
            problems[role] = found
    assert not problems, _report(problems)


# --- Every step form of a case, early and late, and the report forms -------------------------


def _early_and_late_cases(world):
    """The protected child's case just after a report (world_with_report), and a second child's
    case on the same team with an investigation, a decision, a measure and a plan."""
    from conftest import make_case, make_child
    from stemme.cases.services import steps

    today = timezone.localdate()
    child = make_child(world.municipality, first_name="Rasmus", last_name="Rigtigsen")
    case = make_case(child, world.team, world.assigned_caseworker)
    worker = world.assigned_caseworker
    steps.intake_register(
        actor=worker,
        child=child,
        kind="underretning",
        reporter_type="professional",
        reporter_name="Skolen",
        received_at=timezone.now() - dt.timedelta(days=40),
        content="Bekymring fra skolen.",
    )
    steps.investigation_start(
        actor=worker, case=case, kind="bfu", started_on=today - dt.timedelta(days=30)
    )
    decision = steps.decision_make(
        actor=worker,
        case=case,
        paragraph="32",
        legal_basis="barnets lov § 32, stk. 1, nr. 3",
        decided_on=today - dt.timedelta(days=5),
        reasoning="Familien har brug for støtte i hjemmet.",
        purpose="At Rasmus får en stabil hverdag.",
        expected_duration="6 måneder",
        plan_decided=True,
        child_view="Jeg vil gerne have hjælp, men jeg vil bo hjemme.",
        child_view_weighing="Rasmus vil bo hjemme; støtten gives i hjemmet.",
        child_wish="partly",
        explanation_for_child="Du får hjælp hjemme.",
        explanation_how="Samtale på skolen",
        explanation_due_on=today + dt.timedelta(days=10),
    )
    steps.measure_start(
        actor=worker,
        decision=decision,
        description="Familiebehandling",
        started_on=today - dt.timedelta(days=4),
        parallel_investigation_ends_on=today + dt.timedelta(days=60),
    )
    case.refresh_from_db()
    return [world.case, case]


@pytest.fixture
def step_pages(matrix_world):
    from stemme.cases.views.registry import STEPS

    world = matrix_world
    pages = [
        reverse("cases:intake_new", kwargs={"child_id": world.child.pk}),
        reverse("cases:intake_new_child"),
    ]
    for case in _early_and_late_cases(world):
        pages.append(reverse("cases:detail", kwargs={"case_id": case.pk}))
        pages.append(reverse("children:detail", kwargs={"child_id": case.child_id}))
        for step in STEPS:
            if case.stage in step.stages:
                pages.append(reverse("cases:step", kwargs={"case_id": case.pk, "step": step.slug}))
    return world, pages


def test_every_step_form_is_danish(client, step_pages):
    world, pages = step_pages
    force_login_verified(client, world.assigned_caseworker)
    problems = {}
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if found := danish_problems(response.content.decode()):
            problems[url] = found
        if "/trin/" not in url and "/ny" not in url:
            continue
        # Sent empty: the page again, in Danish, with every failed field in the summary.
        response = client.post(url, {"sent": "1"})
        if response.status_code == 200:
            if found := danish_problems(response.content.decode()):
                problems[f"{url} (empty)"] = found
            if missing := _fields_missing_from_summary(response):
                problems[f"{url} (summary)"] = missing
    assert not problems, _report(problems)


def _report(problems: dict) -> str:
    return "\n".join(f"{where}: {found}" for where, found in problems.items())


def _fields_missing_from_summary(response) -> list[str]:
    """Fields with an error that the error summary at the top does not link to."""
    form = response.context.get("form") if response.context else None
    if form is None or not form.errors or len(form.visible_fields()) < 2:
        return []  # a one-field form (a search box) shows its error right at the field
    body = response.content.decode()
    summary_html = "".join(re.findall(r'<div class="form-errors"[^>]*>(.*?)</div>', body, re.S))
    from stemme.core.templatetags.stemme import field_anchor

    return [
        name
        for name in form.errors
        if name != "__all__"
        and not form[name].is_hidden
        and f'href="#{field_anchor(form[name])}"' not in summary_html
    ]


# --- The right-of-access PDF: Danish labels, no technical fields -----------------------------


def test_the_right_of_access_pdf_reads_danish(step_pages):
    """The PDF's words (``Record.labelled``) for a child with a report, a decision and a
    measure: Danish field labels, no model reprs, no edit counters or internal references
    ("Case:", "Version: 8")."""
    from django.utils import translation

    from stemme.children.models import Child
    from stemme.privacy.selectors import right_of_access_collect

    world, _pages = step_pages
    child = Child.objects.get(first_name="Rasmus")
    with translation.override("da"):
        export = right_of_access_collect(child=child)
        records = [export.child_record, *export.persons]
        records += [record for section in export.sections for record in section.records]
        lines = [f"{label}: {value}" for record in records for label, value in record.labelled]
        headings = [section.title for section in export.sections]
    text = "\n".join(lines + headings)
    assert "Afgørelse: Afgørelse, " in text, text  # the measure names its decision in words
    assert "Hjemmel: barnets lov § 3\n" in text  # a duty's legal basis, source and unit
    assert "Kildegrundlag: Lov\n" in text
    assert "Enhed: kalenderdage\n" in text
    assert not danish_problems(f"<pre>{text}</pre>"), danish_problems(f"<pre>{text}</pre>")
    labels = {line.split(":", 1)[0] for line in lines}
    assert not labels & {"Case", "Version", "Position", "Decision", "Intake", "Ref"}, labels


def test_the_right_of_access_pdf_has_no_english_or_technical_text(step_pages):
    """The PDF itself (its text read back through the fonts' Unicode maps): Danish labels and
    values, no "Case:", "Version:", raw event data or model reprs."""
    from django.utils import translation

    from stemme.children.models import Child
    from stemme.privacy import pdf
    from stemme.privacy.selectors import right_of_access_collect
    from stemme.privacy.tests.pdf_text import pdf_text

    child = Child.objects.get(first_name="Rasmus")
    with translation.override("da"):
        content = pdf.right_of_access_pdf(right_of_access_collect(child=child), made_by="Tove")
    text = pdf_text(content)
    assert "\nAfgørelse\nAfgørelse, " in text  # the measure names its decision in words
    assert "\nHjemmel\nbarnets lov § 3\n" in text
    for technical in ("Case", "Version", "Position", "object (", "reporter_type", "about:"):
        assert technical not in text, technical


# --- Every form of the access matrix sent empty: Danish errors, a summary that links ---------

FORMS = [
    (name, index)
    for name, entries in MATRIX.items()
    for index, entry in enumerate(entries)
    if entry.method == "post" and not name.startswith("portal:")
]


@pytest.mark.parametrize(("name", "index"), FORMS)
def test_every_form_sent_empty_answers_in_danish(matrix_world, name, index):
    """A form sent with nothing filled in comes back in Danish, and its error summary links to
    every field that failed (as the first staff role allowed to send it)."""
    from django.test import Client

    world = matrix_world
    entry = MATRIX[name][index]
    role = next(
        (
            r
            for r in ("assigned_caseworker", "team_leader", "administrator")
            if entry.expected(r) in (200, 302)
        ),
        None,
    )
    if role is None:
        pytest.skip("no staff role may send this form")
    client = Client()
    _log_in(client, world, role)
    extra = entry.setup(world) if entry.setup else {}
    url = reverse(name, kwargs={k: _resolve(world, v, extra) for k, v in entry.kwargs.items()})
    response = client.post(url, {"sent": "1"})
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return  # refused, or nothing to fill in (a button)
    problems = danish_problems(response.content.decode())
    problems += [f"{field} not in the summary" for field in _fields_missing_from_summary(response)]
    assert not problems, (name, problems)
