"""The readability (LIX) of Min sag's fixed texts, per age band.

LIX = words per sentence + 100 × the share of long words (more than six letters). Danish
guidance: under 25 is very easy (children's books), 25-34 easy, 35-44 medium. Stemme's targets
(issue 5): under 25 for the youngest band, under 35 for the others.

The texts are gathered from the code, not typed in a second time: every ``{% translate %}`` /
``{% blocktranslate %}`` in the portal's child-facing templates (``portal/*.html`` except
``staff_*``), every marked string in the portal's child-facing Python modules, the answer
choices children tap, and the age-adapted rights texts. A text belongs to one band when it has
the translation context "under 10", "10 to 14" or "15 and over", and to every band otherwise.
Each text is measured in Danish, with placeholders filled by a short name.

Labels and buttons (under three words) say little about readability and would flatter the
figure, so ``band_report`` measures sentences of three words or more; it also gives the figure
for all texts.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation.template import templatize

from stemme.children.models import Smiley
from stemme.meetings.models import MeetingFeedback, MeetingWishKind
from stemme.participation.selectors.voice import RIGHTS_TEXTS

PORTAL = Path(__file__).resolve().parent
BANDS = {"under_10": "under 10", "10_14": "10 to 14", "15_plus": "15 and over"}
TARGETS = {"under_10": 25, "10_14": 35, "15_plus": 35}
MIN_WORDS = 3

_CALL = re.compile(r"\b(n?p?gettext)\(((?:\s*u?(?:'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s*,?)+)")
_LITERAL = re.compile(r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w+\}")
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n")
_GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy"}


@dataclass(frozen=True)
class Text:
    msgid: object  # a msgid, or a lazy translation (choices, rights texts)
    context: str = ""  # a band's translation context, or "" for every band
    origin: str = ""


def _template_texts(path: Path) -> list[Text]:
    texts = []
    for match in _CALL.finditer(templatize(path.read_text(), origin=str(path))):
        function, args = match.groups()
        literals = [ast.literal_eval(lit) for lit in _LITERAL.findall(args)]
        context = literals.pop(0) if "p" in function else ""
        for msgid in literals[:2] if function.startswith("n") else literals[:1]:
            texts.append(Text(msgid, context, path.name))
    return texts


def _python_texts(path: Path) -> list[Text]:
    texts = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in _GETTEXT_NAMES:
            continue
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if not args or not all(isinstance(a, str) for a in args):
            continue
        context = args[0] if node.func.id.startswith("pgettext") and len(args) > 1 else ""
        texts.append(Text(args[-1], context, path.name))
    return texts


def _child_facing(path: Path) -> bool:
    parts = set(path.relative_to(PORTAL).parts)
    return not (
        path.name.startswith("staff_")
        or path.name in {"models.py", "testing.py", "readability.py", "admin.py", "apps.py"}
        or parts & {"tests", "migrations", "templatetags"}
    )


def portal_texts() -> list[Text]:
    """Every fixed text a child or parent can meet in Min sag."""

    texts = []
    for path in sorted((PORTAL / "templates" / "portal").glob("*.html")):
        if _child_facing(path):
            texts += _template_texts(path)
    for path in sorted(PORTAL.rglob("*.py")):
        if _child_facing(path):
            texts += _python_texts(path)
    for choices in (Smiley, MeetingFeedback.Heard, MeetingWishKind):
        texts += [Text(label, "", choices.__name__) for label in choices.labels]
    for per_band in RIGHTS_TEXTS.values():
        for band, text in per_band.items():
            texts.append(Text(text, BANDS[band], "rights"))
    return texts


def danish(text: Text) -> str:
    with translation.override("da"):
        if not isinstance(text.msgid, str):
            translated = str(text.msgid)
        elif text.context:
            translated = translation.pgettext(text.context, text.msgid)
        else:
            translated = translation.gettext(text.msgid)
    return _PLACEHOLDER.sub("Ida", translated)


def counts(text: str) -> tuple[int, int, int]:
    """(words, sentences, long words) of one text; a text ends at least one sentence."""
    words = _WORD.findall(text)
    sentences = [s for s in _SENTENCE_END.split(text) if _WORD.search(s)]
    return len(words), max(1, len(sentences)), sum(1 for w in words if len(w) > 6)


def lix(texts: list[str]) -> float:
    words = sentences = long_words = 0
    for text in texts:
        w, s, long = counts(text)
        words, sentences, long_words = words + w, sentences + s, long_words + long
    if not words:
        return 0.0
    return words / sentences + 100 * long_words / words


@dataclass(frozen=True)
class BandFigures:
    band: str
    texts: int
    words: int
    lix: float  # sentences of MIN_WORDS words or more
    lix_all: float  # every text, labels and buttons included
    hardest: list[tuple[float, str]]  # the texts that pull the figure up most


def band_report() -> list[BandFigures]:
    texts = portal_texts()
    report = []
    for band, context in BANDS.items():
        mine = sorted({danish(t) for t in texts if t.context in ("", context)})
        sentences = [t for t in mine if counts(t)[0] >= MIN_WORDS]
        hardest = sorted(((lix([t]), t) for t in sentences), reverse=True)[:5]
        report.append(
            BandFigures(
                band=band,
                texts=len(mine),
                words=sum(counts(t)[0] for t in mine),
                lix=round(lix(sentences), 1),
                lix_all=round(lix(mine), 1),
                hardest=[(round(score, 1), text) for score, text in hardest],
            )
        )
    return report


def format_report(report: list[BandFigures]) -> str:
    lines = ["Min sag readability (LIX, Danish fixed texts)"]
    for figures in report:
        lines.append(
            f"  {figures.band:<9} LIX {figures.lix:5.1f} (target < {TARGETS[figures.band]}) "
            f"· all texts incl. labels {figures.lix_all:5.1f} · {figures.texts} texts, "
            f"{figures.words} words"
        )
        for score, text in figures.hardest[:3]:
            lines.append(f"      hardest {score:5.1f}: {text[:90]}")
    return "\n".join(lines)
