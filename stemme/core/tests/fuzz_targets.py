"""Every form the fuzz tests post to: the access matrix's POST entries, plus the forms whose
matrix entry is a GET only (the logins, the second step, activation and PIN login, the case
steps, the report forms, the deadline rules, the photo upload).

A POST entry added to an app's ``matrix*.py`` is fuzzed automatically, as the role that may
write. A form on a page without a POST entry makes ``test_every_rendered_form_is_fuzzed`` fail
until it gets one (in the matrix, or in ``EXTRA`` here).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from stemme.access.testing import Entry, child_page
from stemme.access.tests.test_access_matrix import MATRIX

# POST entries that are not fuzzed, and why.
SKIP = {
    "accounts:logout": "no input: logging out reads no field",
    "portal:logout": "no input: logging out reads no field",
    "portal:quick_exit": "no input: quick exit reads no field",
    "oversight:committee_download": "no input: a download reads no field",
}

# The roles tried, in order, for a matrix entry: the first that may write (or, for an entry that
# writes nothing, the first that gets the page) posts the fuzzed data.
ROLE_ORDER = [
    "assigned_caseworker",
    "team_leader",
    "administrator",
    "child",
    "parent",
    "other_child",
    "other_team_caseworker",
    "anonymous",
]

# Tables a refused login may change: django-axes counts the failures (and logs every attempt).
AXES = frozenset({"axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"})
# A wrong second-step code is recorded as an ``auth.mfa_failed`` event (services_mfa).
MFA_FAILED = frozenset({"audit_event"})
# A wrong password is also counted per account (accounts/account_lock.py); many lock it.
ACCOUNT_FAILURES = frozenset({"accounts_loginfailure", "accounts_accountlock", "audit_event"})
# A wrong enrolment code is counted on the code, and an event (accounts/enrolment.py).
ENROLMENT_FAILED = frozenset({"accounts_enrolmentcode", "audit_event"})
# A failed Min sag login or activation is counted for the throttles (portal/services/accounts.py).
PORTAL_FAILURES = frozenset({"portal_portalloginfailure"})


@dataclass
class Target:
    key: str  # "meetings:plan#1", "cases:step[screening]"
    url_name: str
    entry: Entry
    role: str  # a matrix role, or a login state: "password_only", "no_authenticator"
    success_200: bool = False  # a success renders a page (a letter, a file) instead of redirecting
    allowed: frozenset = frozenset()  # tables a refused post may still change
    files: bool = False  # the form uploads a file (the staff photo)
    # Values for the fields the entry does not give, e.g. a code only known after logging in:
    # ``prepare(client, world, extra) -> dict`` (merged over the entry's data).
    prepare: Callable | None = None
    form_selector: str = ""  # which form of the page, when several post to the same address


def _writer_role(entry: Entry) -> str:
    for role in ROLE_ORDER:
        expected = entry.expected(role)
        if expected in (403, 404):
            continue
        if entry.writes and role not in entry.seeing_roles:
            continue
        # A redirect for an entry that does not write may be "go and log in" (portal pages for
        # staff); a role that gets the page itself is better.
        login_redirect = role != "anonymous" and expected == 302 and not entry.writes
        if login_redirect and any(entry.expected(r) == 200 for r in ROLE_ORDER):
            continue
        return role
    raise AssertionError(f"no role may post {entry}")


def matrix_targets() -> dict[str, Target]:
    targets = {}
    for name, entries in MATRIX.items():
        posts = [(i, e) for i, e in enumerate(entries) if e.method == "post" and name not in SKIP]
        seen: list[frozenset] = []
        for index, entry in posts:
            role = _writer_role(entry)
            # One entry per kind of post: the same fields again (a search by name and by CPR),
            # or a post refused by design beside one that succeeds, adds nothing to fuzz.
            fields = frozenset(entry.data)
            refused = entry.expected(role) not in (200, 302)
            if fields in seen or (refused and len(posts) > 1):
                continue
            seen.append(fields)
            key = f"{name}#{index}"
            if name == "cases:step":
                key = f"cases:step[{entry.kwargs['step']}]"
            targets[key] = Target(
                key=key,
                url_name=name,
                entry=entry,
                role=role,
                success_200=entry.expected(role) == 200,
            )
    return targets


# --- Forms without a POST entry in the matrix --------------------------------------------------


def _totp(client, world, extra):
    from stemme.accounts.testing import authenticator_of, totp_code

    return {"code": totp_code(authenticator_of(world.assigned_caseworker))}


def _setup_code(client, world, extra):
    """The authenticator the setup page made for this session (after the enrolment code), and
    the code it shows now."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from stemme.accounts.testing import enrolment_code_typed, totp_code
    from stemme.accounts.views.auth import SETUP_DEVICE

    enrolment_code_typed(client, world.same_team_caseworker)
    client.get("/konto/totrin/opsaet/")
    device = TOTPDevice.objects.get(pk=client.session[SETUP_DEVICE])
    return {"code": totp_code(device)}


def _enrolment_code(client, world, extra):
    """A new enrolment code for the user without an authenticator."""
    from stemme.accounts.testing import enrolment_code_for

    return {"code": enrolment_code_for(world.same_team_caseworker)}


def _recovery_codes_waiting(client, world, extra):
    from stemme.accounts.middleware import NEW_RECOVERY_CODES

    session = client.session
    session[NEW_RECOVERY_CODES] = ["abcd-efgh-ijkl"]
    session.save()
    return {}


def _document_file(client, world, extra):
    """A small plain PDF for the document upload (its file field; fuzzed with other files)."""
    from stemme.documents.tests.matrix_documents import PDF

    return {"file": ("brev.pdf", PDF, "application/pdf")}


def _paper_answers_file(client, world, extra):
    """A paper-answers CSV of one questionnaire for the youth survey's upload."""
    text = "team;age_band;gender;measure_type;changes;contact;r1\n;14-17;pige;institution;0;1-3;4\n"
    return {"file": ("papir.csv", text.encode(), "text/csv")}


def _survey_wave(world):
    from stemme.survey.testing import wave_open_for

    return {"wave": wave_open_for(world)}


def _activation_code(world):
    from stemme.portal import services

    issued = services.activation_code_issue(actor=world.assigned_caseworker, child=world.child)
    return {"issued": issued}


def _active_account(world):
    from stemme.portal.testing import active_account

    return {"account": active_account(world)}


def _early(world):
    """The world's case with its report (test_access_matrix's world_with_report): the steps of
    the start of a case."""
    return {}


def _late(world):
    """A case that went on to a BFU, a provisional § 46 placement against the child's wish
    (its explanation not given yet) and the placement as a measure: the later steps."""
    from stemme.cases.services import steps

    worker, case, today = world.assigned_caseworker, world.case, timezone.localdate()
    steps.screening_record(
        actor=worker,
        case=case,
        screened_on=today,
        information_weighted="Skolens oplysninger.",
        assessment="Der er brug for en børnefaglig undersøgelse.",
        outcome="bfu",
    )
    decision = steps.decision_make(
        actor=worker,
        case=case,
        paragraph="46",
        legal_basis="barnets lov § 46",
        decided_on=today,
        reasoning="Akut fare.",
        purpose="Tryghed.",
        expected_duration="Seks måneder",
        neglect_or_abuse=True,
        provisional_reason="Akut fare for barnets sundhed.",
        child_view="Jeg vil bo hjemme.",
        child_view_weighing="Barnets ønske er vejet mod faren.",
        child_wish="against",
        explanation_for_child="Du skal bo et trygt sted et stykke tid.",
        explanation_how="Samtale hjemme",
        explanation_due_on=today + dt.timedelta(days=7),
    )
    steps.measure_start(
        actor=worker,
        decision=decision,
        description="Anbringelse i plejefamilie",
        started_on=today,
        parallel_investigation_ends_on=today + dt.timedelta(days=100),
    )
    return {"decision": decision}


STEP_SETUPS = {
    "foreloebig-vurdering": _late,
    "afslut-undersoegelse": _late,
    "forklaring": _late,
    "indsats": _late,
    "opstartsmoede": _late,
    "opfoelgning": _late,
    "tilsyn": _late,
    "afslut-indsats": _late,
}

# Fields the rendered step form leaves empty but a user would fill in to save it.
STEP_DATA = {
    "hastevurdering": {"is_acute": "no", "assessment": "Ikke akut."},
    "screening": {
        "information_weighted": "Skolens oplysninger.",
        "assessment": "Ingen støtte nødvendig.",
        "outcome": "bfu",
    },
    "undersoegelse": {"kind": "bfu"},
    "afgoerelse": {
        "paragraph": "32",
        "legal_basis": "barnets lov § 32",
        "purpose": "Trivsel i skolen.",
        "expected_duration": "Et år",
        "reasoning": "Behov for støtte.",
        "plan_decided": "yes",
        "child_words": "Jeg vil gerne have hjælp.",
        "child_view_weighing": "Barnets ønske er fulgt.",
        "child_wish": "followed",
    },
    "plan": {"kind": "barnets_plan", "summary": "Trivsel i skolen."},
    "milepael": {"kind": "party_status_informed"},
    "samtale-undladt": {"reason": "child_declined", "text": "Barnet ville ikke."},
    "kendskabsdato": {"reason": "Rettet efter journalen."},
    "frafald-frist": {"reason": "Gælder ikke her."},
    "luk-sag": {"purpose_achieved": "Formålet er nået.", "if_worry_returns": "Ring til os."},
    "foreloebig-vurdering": {"assessment": "Foreløbig vurdering."},
    "afslut-undersoegelse": {
        "child_development": "Trives.",
        "parents_capacity": "God.",
        "family_and_network": "Mormor.",
        "conclusion": "Støtte efter § 32.",
        "child_view": "Jeg vil bo hjemme.",
    },
    "forklaring": {"how": "Samtale hjemme"},
    "indsats": {"description": "Familiebehandling", "provider": "Familiehuset"},
    "opstartsmoede": {
        "concern_and_change": "Fraværet skal ned.",
        "first_follow_up_on": "2027-02-01",
    },
    "opfoelgning": {
        "assessment": "Det går godt.",
        "outcome": "continue",
        "next_follow_up_on": "2027-06-01",
        "talked_with_child_alone": "on",
        "goals_reviewed": "on",
    },
    "tilsyn": {"notes": "Barnet trives.", "talked_with_child": "on"},
}


def step_targets() -> dict[str, Target]:
    from stemme.cases.views.registry import STEPS

    targets = {}
    for step in STEPS:
        key = f"cases:step[{step.slug}]"
        if any(t.key == key for t in MATRIX_TARGETS.values()):
            continue
        entry = child_page(
            method="post",
            kwargs={"case_id": "case.pk", "step": step.slug},
            data=STEP_DATA.get(step.slug, {}),
            setup=STEP_SETUPS.get(step.slug, _early),
            writes=True,
        )
        targets[key] = Target(
            key=key, url_name="cases:step", entry=entry, role="assigned_caseworker"
        )
    return targets


PASSWORD = "test-password-123"  # noqa: S105 - the test users' password (conftest.make_user)

EXTRA: dict[str, Target] = {
    "accounts:login": Target(
        key="accounts:login",
        url_name="accounts:login",
        entry=Entry(method="post", data={"username": "tildelt", "password": PASSWORD}),
        role="anonymous",
        allowed=AXES | ACCOUNT_FAILURES,
    ),
    "accounts:mfa_verify": Target(
        key="accounts:mfa_verify",
        url_name="accounts:mfa_verify",
        entry=Entry(method="post"),
        role="password_only",
        prepare=_totp,
        allowed=AXES | MFA_FAILED,
    ),
    "accounts:mfa_setup": Target(
        key="accounts:mfa_setup",
        url_name="accounts:mfa_setup",
        entry=Entry(method="post"),
        role="no_authenticator",
        prepare=_setup_code,
        # The setup page makes the authenticator for the session when it has none.
        allowed=MFA_FAILED | {"otp_totp_totpdevice"},
    ),
    "accounts:mfa_enrol": Target(
        key="accounts:mfa_enrol",
        url_name="accounts:mfa_enrol",
        entry=Entry(method="post"),
        role="no_authenticator",
        prepare=_enrolment_code,
        allowed=ENROLMENT_FAILED,
    ),
    "accounts:recovery_codes": Target(
        key="accounts:recovery_codes",
        url_name="accounts:recovery_codes",
        entry=Entry(method="post", data={"saved": "on"}),
        role="assigned_caseworker",
        prepare=_recovery_codes_waiting,
    ),
    "accounts:security": Target(
        key="accounts:security",
        url_name="accounts:security",
        entry=Entry(method="post", writes=True),
        role="assigned_caseworker",
        prepare=_totp,
        allowed=MFA_FAILED,
    ),
    "accounts:password_change": Target(
        key="accounts:password_change",
        url_name="accounts:password_change",
        entry=Entry(
            method="post",
            data={
                "old_password": PASSWORD,
                "new_password1": "Blåbærgrød med fløde 2026",
                "new_password2": "Blåbærgrød med fløde 2026",
            },
            writes=True,
        ),
        role="assigned_caseworker",
    ),
    "accounts:profile[photo]": Target(
        key="accounts:profile[photo]",
        url_name="accounts:profile",
        entry=Entry(method="post", data={"phone": "33 12 34 56", "introduction": "Hej."}),
        role="assigned_caseworker",
        files=True,
    ),
    "portal:activate": Target(
        key="portal:activate",
        url_name="portal:activate",
        entry=Entry(
            method="post",
            data={"code": "issued.code", "secret": "482913", "secret_again": "482913"},
            setup=_activation_code,
            writes=True,
        ),
        role="anonymous",
        allowed=PORTAL_FAILURES,
    ),
    "portal:login": Target(
        key="portal:login",
        url_name="portal:login",
        entry=Entry(
            method="post",
            data={"login_id": "account.login_id", "secret": "482913"},
            setup=_active_account,
        ),
        role="anonymous",
        allowed=PORTAL_FAILURES,
    ),
    "cases:intake_new": Target(
        key="cases:intake_new",
        url_name="cases:intake_new",
        entry=child_page(
            method="post",
            data={
                "kind": "underretning",
                "reporter_type": "professional",
                "reporter_name": "Lærer Lise",
                "received_at": "2026-02-02T10:00",
                "content": "Bekymring.",
            },
            writes=True,
        ),
        role="assigned_caseworker",
    ),
    "cases:intake_new_child": Target(
        key="cases:intake_new_child",
        url_name="cases:intake_new_child",
        entry=Entry(
            method="post",
            data={
                "child-cpr": "010316-4321",
                "child-first_name": "Ny",
                "child-last_name": "Barnesen",
                "kind": "henvendelse",
                "received_at": "2026-02-02T10:00",
                "content": "Mor beder om hjælp.",
            },
            writes=True,
        ),
        role="assigned_caseworker",
    ),
    "deadlines:rules[holidays]": Target(
        key="deadlines:rules[holidays]",
        url_name="deadlines:rules",
        entry=Entry(
            method="post",
            data={"form": "holidays", "grundlovsdag": "on", "juleaftensdag": "on"},
            writes=True,
        ),
        role="administrator",
        form_selector="holidays",
    ),
    "deadlines:rules[rule]": Target(
        key="deadlines:rules[rule]",
        url_name="deadlines:rules",
        entry=Entry(
            method="post",
            data={
                "form": "rule",
                "rule-rule_id": "kvittering-6-hverdage",
                "rule-duration": "7",
                "rule-enabled": "on",
                "rule-reason": "Kommunens egen frist",
            },
            writes=True,
        ),
        role="administrator",
        form_selector="rule",
    ),
    "documents:upload": Target(
        key="documents:upload",
        url_name="documents:upload",
        entry=Entry(
            method="post",
            kwargs={"case_id": "case.pk"},
            data={
                "title": "Brev fra skolen",
                "document_date": "2026-02-02",
                "sender": "Skolen",
                "visibility": "case_team",
            },
            writes=True,
        ),
        role="assigned_caseworker",
        prepare=_document_file,
    ),
    "survey:wave_paper": Target(
        key="survey:wave_paper",
        url_name="survey:wave_paper",
        entry=Entry(
            method="post",
            setup=_survey_wave,
            kwargs={"wave_id": "wave.pk"},
            sees=frozenset(),
            writes_roles=frozenset({"administrator"}),
        ),
        role="administrator",
        prepare=_paper_answers_file,
    ),
}

MATRIX_TARGETS = matrix_targets()
TARGETS: dict[str, Target] = {**MATRIX_TARGETS, **EXTRA}
TARGETS.update(step_targets())
