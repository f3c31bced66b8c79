"""What each rule is called in the UI (the engine's own titles are plain English)."""

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
    "partsstatus-10": _("Tell the child they are a party in the case (from age 10)"),
    "samtale-underretning": _("Talk with the child about the report"),
    "samtale-undersoegelse": _("Talk with the child during the investigation"),
    "samtale-indsats": _("Talk with the child when the measure starts"),
    "samtale-foer-opfoelgning": _("Talk with the child alone before the follow-up"),
    "forklaring-afgoerelse": _("Explain the decision to the child (it goes against their wish)"),
    "moede-dagsorden": _("Send the child the agenda before the meeting"),
    "moede-opsummering": _("Give the child a summary of the meeting"),
    "rettigheder": _("Tell the child about their rights"),
    "overdragelse-brev": _("Introduce the new caseworker to the child"),
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
