"""What each rule is called in the UI (the engine's own titles are plain English)."""

import re

from django.utils.translation import gettext_lazy as _

RULE_TITLES = {
    "underretning-24t": _("Assess the urgency of the report within 24 hours"),
    "kvittering-6-hverdage": _("Send a receipt to the professional reporter"),
    "genvurdering-137": _("Reassess with someone new to the case (the child has a measure)"),
    "samtale-overgreb-137": _("Talk with the child about the report of abuse"),
    "bfu-4-maaneder": _("Finish the child welfare investigation, or make a preliminary assessment"),
    "soeskende-bfu-21": _("Decide on investigating the sibling"),
    "plan-3-maaneder": _("Make the child's plan"),
    "plan-foer-47": _("The child's plan must exist before a § 47 placement"),
    "opfoelgning-foerste": _("Hold the first follow-up"),
    "tilsyn-2-aarligt": _("Two supervision visits with a conversation with the child this year"),
    "ungeplan-16": _("Decide on a youth plan (from age 16)"),
    "ungestoette-18": _("Decide on support after 18 (ungestøtte)"),
    "foreloebig-143-buu": _(
        "Put the provisional decision before the child and youth committee (§ 143)"
    ),
    "klagefrist-4-uger": _("The 4 weeks to complain about the decision"),
    "klage-genvurdering-4-uger": _("Reconsider the decision after the complaint"),
    "aktindsigt-7-hverdage": _("Answer the request for access to the file"),
    "partsstatus-10": _("Tell the child they are a party in the case (from age 10)"),
    "samtale-underretning": _("Talk with the child about the report"),
    "samtale-undersoegelse": _("Talk with the child during the investigation"),
    "samtale-indsats": _("Talk with the child when the measure starts"),
    "samtale-foer-opfoelgning": _("Talk with the child alone before the follow-up"),
    "forklaring-afgoerelse": _("Explain the decision to the child (it goes against their wish)"),
    "forklaring-afgoerelse-delvis": _(
        "Explain the decision to the child (it follows their wish only in part)"
    ),
    "moede-dagsorden": _("Send the child the agenda before the meeting"),
    "moede-opsummering": _("Give the child a summary of the meeting"),
    "rettigheder": _("Tell the child about their rights"),
    "overdragelse-brev": _("Introduce the new caseworker to the child"),
    "partshoering-svar": _("Follow up on the hearing of the parties (answer deadline)"),
}

VERIFICATION_LABELS = {
    "law": _("Law"),
    "guidance": _("Guidance"),
    "secondary": _("Secondary source"),
    "unverified": _("Unverified – the municipality's choice"),
}


def rule_title(rule_id: str) -> str:
    return str(RULE_TITLES.get(rule_id, rule_id))


UNIT_LABELS = {
    "hours": _("hours"),
    "calendar_days": _("calendar days"),
    "working_days": _("working days"),
    "calendar_months": _("months"),
}


# A rule's legal basis as the engine cites it may name the specification's sources: the
# national board's recommendations ("SBST: …"), the documents they come from ("(seed002 §1)")
# and the participation model behind a rule ("(Lundy: influence)"). Users see the legal basis
# or the recommendation in plain Danish, never those references.
_SOURCE_REFERENCE = re.compile(r"\s*\((?:seed\d+[^)]*|Lundy:[^)]*)\)")
_BOARD = "SBST:"
_BOARD_DISPLAY = "Social- og Boligstyrelsens anbefaling:"


def legal_basis_display(legal_basis: str) -> str:
    """``legal_basis`` as users read it. Bases stored before the rules named them in plain
    Danish may end in a parenthesised reference to a study or one of our research documents:
    that part is dropped ("barnets lov § 5, stk. 3 (…)" → "barnets lov § 5, stk. 3"), and the
    board's abbreviation is written out ("SBST: kontinuitet" → "Social- og Boligstyrelsens
    anbefaling: kontinuitet")."""
    shown = _SOURCE_REFERENCE.sub("", legal_basis or "").strip()
    if shown.startswith(_BOARD):
        shown = f"{_BOARD_DISPLAY}{shown[len(_BOARD) :]}"
    return shown
