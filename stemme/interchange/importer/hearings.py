"""A case's hearings of the parties (format version 3, forvaltningsloven § 19) with the parties
heard: the decision a hearing led to is a decision of the same case, a party's person is a
relation key of the child, an answer is not given before the hearing was sent, and a decision
made without a hearing (``exception_reason``) has no parties."""

from django.utils.translation import gettext as _

from stemme.cases.models import Decision
from stemme.interchange.fields import HEARING_PARTIES, HEARINGS
from stemme.interchange.importer.state import ChildScope, ImportState, date_text, not_in_records


def hearings_validate(
    state: ImportState, data: dict, path: str, scope: ChildScope, case_id, refs, record_ids
) -> None:
    for index, item in enumerate(data.get("hearings", [])):
        where = f"{path}.hearings[{index}]"
        hearing = state.section_row(HEARINGS, item, where, scope, case_id=case_id)
        if hearing.pk is not None:
            refs["hearings"].add(hearing.pk)
        if item.get("decision") is not None and hearing.decision_id not in record_ids["decisions"]:
            state.error(
                f"{where}.decision",
                not_in_records(str(Decision._meta.verbose_name), item["decision"], "decisions"),
                "unknown_record",
            )
        parties = item.get("parties", [])
        if item.get("exception_reason") and parties:
            state.error(
                f"{where}.parties",
                _(
                    "a decision made without hearing the parties (exception_reason) has no "
                    "parties heard"
                ),
                "waived_with_parties",
            )
        for number, party in enumerate(parties):
            at = f"{where}.parties[{number}]"
            row = state.section_row(HEARING_PARTIES, party, at, scope, hearing=hearing)
            if row.pk is not None:
                refs["hearing_parties"].add(row.pk)
            answered, sent = row.answered_on, hearing.sent_on
            reported = f"{at}.answered_on" in state.error_paths
            if answered and sent and not reported and answered < sent:
                state.error(
                    f"{at}.answered_on",
                    _("a party cannot answer (%(answered)s) before the hearing was sent (%(sent)s)")
                    % {"answered": date_text(answered), "sent": date_text(sent)},
                    "answered_before_sent",
                )
