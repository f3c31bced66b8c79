"""Reads of leadership oversight, one module per topic (the catalogue's figures: ``deadlines``,
``caseload``, ``flow``, ``concern``, and the nightly figures' ``history``; the committee pack's
``committee``; the case reviews' ``reviews``). Every figure takes ``scope``: a queryset of cases
that came from the access module (``stemme.access.selectors``), so a figure never counts a case
its reader's scope does not hold; the history takes the scope's teams.
"""

from stemme.deadlines.rules import RULES_BY_ID
from stemme.oversight.catalogue import BY_KEY
from stemme.oversight.selectors.committee import TABLE_KEYS
from stemme.oversight.selectors.deadlines import CRITERIA

# The words a leader's URL may carry besides ids (a rule, a drill-down's criterion, a figure's
# key, a pack's table): fixed in the code, never a name or a number about a person.
URL_WORDS = {
    "rule": {*RULES_BY_ID, "alle"},
    "criterion": set(CRITERIA),
    "key": set(BY_KEY),
    "table": set(TABLE_KEYS),
    "tile": {"frister", "sagsstamme", "kontinuitet", "forloeb", "udvikling"},
}
