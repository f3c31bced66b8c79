"""Field-level visibility: who may see which fields of a child they may see.

``stemme/access/selectors.py`` decides *which children* a user reaches; this table says which
*fields* each kind of reader gets. The four readers:

- **case team** — the case's currently assigned caseworkers (primary, secondary) and the team
  leaders of the case's team (``selectors.may_see_reporter_identity``);
- **staff with access** — anyone else who reaches the child: a deputy (stedfortræder), emergency
  access (nødadgang), a colleague who sees the team's children
  (``Municipality.caseworkers_see_team_children``);
- **child** — the child in Min sag (stemme/portal): only what is written *for* the child;
- **parent** — a custody holder in Min sag: less than the child (docs/architecture.md,
  "Min sag").

| field                                    | case team | staff with access | child | parent |
|------------------------------------------|-----------|-------------------|-------|--------|
| Intake.reporter_name (reporter identity) | yes       | no                | no    | no     |
| Intake.reporter_type (kind of reporter)  | yes       | yes               | no    | no     |
| Intake.content, case notes, reasoning    | yes       | yes               | no    | no     |
| Decision.explanation_for_child           | yes       | yes               | yes¹  | no     |
| Meeting summary for the child            | yes       | yes               | yes¹  | no     |
| Meeting time, place, purpose             | yes       | yes               | yes   | yes    |
| Plan goals in the child's words          | yes       | yes               | yes   | no     |
| Letters                                  | yes       | yes               | own²  | own²   |
| Access log ("who has looked")            | yes       | yes               | yes³  | no     |

¹ after it was given in person. ² only letters addressed to the account holder. ³ day, purpose,
role and team — never names (``portal.selectors.looked``).

The right-of-access export (stemme/privacy) is made for the authority's review and holds
everything about the child *except* the reporter's identity, which it replaces with a placeholder
and flags for review (``REPORTER_IDENTITY_FIELDS``). The portal side of the table is enforced
by the portal's own selectors and tested in stemme/portal/tests; the reporter's identity by
``test_field_visibility.py`` and the access matrix (a reporter name that must never reach anyone
outside the case team).
"""

# (app label, model name) -> fields that identify the reporter of a concern (underretning).
# Only the case team sees them; everywhere else they are withheld or replaced.
REPORTER_IDENTITY_FIELDS: dict[tuple[str, str], frozenset[str]] = {
    ("cases", "Intake"): frozenset({"reporter_name"}),
}


def reporter_identity_fields(model) -> frozenset[str]:
    """The reporter-identity fields of ``model`` (empty for most models)."""
    return REPORTER_IDENTITY_FIELDS.get((model._meta.app_label, model.__name__), frozenset())
