"""The default questionnaire: VIVE's 2020 survey of about 2,300 young people aged 12-17 in care
or with a preventive contact person ("Udsatte unges inddragelse i sagsbehandlingen",
Kloppenborg & Lausten 2020), as items for the young person in plain Danish.

VIVE published the results, not the questionnaire: the wordings below are rewritten from the
report's descriptions as first-person statements. Each keeps the national figure the report
gives (``national``: the share as a fraction, ``note``: the figure as VIVE states it). The
wordings for 12-13 and 14-17 share one meaning so the bands compare; the younger one uses
shorter words. In Min sag the caseworker is "rådgiver", as on every other page there.

Pure data: ``services.instrument_default_ensure`` writes it as a versioned ``Instrument``.
"""

from dataclasses import dataclass

KEY = "vive-2020"
VERSION = 2  # 2: the optional wellbeing core
TITLE = "Unges oplevelse af inddragelse (VIVE 2020)"

FITS = "1,2,3,4,5"
TOP_2 = "4,5"
YES = "1"
YES_NO = "1,2"


@dataclass(frozen=True)
class ItemSpec:
    code: str
    dimension: str
    scale: str
    younger: str
    older: str
    note: str
    national: float | None = None
    share_label: str = "passer godt eller meget godt"
    share_values: str = TOP_2
    base_values: str = FITS
    higher_is_better: bool | None = True
    shown_if: str = ""
    in_score: bool = False
    reversed: bool = False
    optional: bool = False


def _fits(code, dimension, younger, older, note, national=None, **extra) -> ItemSpec:
    extra.setdefault("in_score", True)
    return ItemSpec(code, dimension, "fits", younger, older, note, national, **extra)


def _yes_no(code, dimension, younger, older, note, national=None, **extra) -> ItemSpec:
    extra.setdefault("share_label", "ja, blandt dem der svarede ja eller nej")
    return ItemSpec(
        code, dimension, "yes_no", younger, older, note, national,
        share_values=YES, base_values=YES_NO, **extra,
    )  # fmt: skip


ITEMS: tuple[ItemSpec, ...] = (
    # D1 Relationen til sagsbehandleren
    _yes_no(
        "r0",
        "relation",
        "Ved du, hvem din rådgiver er?",
        "Ved du, hvem din rådgiver i kommunen er?",
        "96 % kender deres rådgiver eller har haft kontakt med en",
        0.96,
        in_score=False,
    ),
    _fits(
        "r1",
        "relation",
        "Jeg kan stole på min rådgiver.",
        "Jeg kan stole på min rådgiver.",
        "60-75 % (R1-R4 samlet)",
    ),
    _fits(
        "r2",
        "relation",
        "Min rådgiver lytter til det, jeg siger.",
        "Min rådgiver lytter til det, jeg siger.",
        "60-75 % (R1-R4 samlet)",
    ),
    _fits(
        "r3",
        "relation",
        "Min rådgiver forstår, hvad jeg mener.",
        "Min rådgiver forstår, hvad jeg mener.",
        "60-75 % (R1-R4 samlet)",
    ),
    _fits(
        "r4",
        "relation",
        "Min rådgiver vil gerne vide, hvordan jeg har det.",
        "Min rådgiver interesserer sig for, hvordan jeg har det.",
        "60-75 % (R1-R4 samlet)",
    ),
    _fits(
        "r5",
        "relation",
        "Det er svært at få fat i min rådgiver, når jeg har brug for det.",
        "Det er svært at få fat i min rådgiver, når jeg har brug for det.",
        "30 % siger, det er svært",
        0.30,
        higher_is_better=False,
        reversed=True,
    ),
    _fits(
        "r6",
        "relation",
        "Min rådgiver tager det, jeg mener, alvorligt.",
        "Min rådgiver tager mine meninger alvorligt.",
        "72 %",
        0.72,
    ),
    # Kontakt og skift
    ItemSpec(
        "c1",
        "contact",
        "contacts",
        "Hvor tit har du talt eller skrevet med din rådgiver det sidste halve år?",
        "Hvor mange gange har du haft kontakt med din rådgiver det sidste halve år "
        "(møde, telefon, sms eller mail)?",
        "Cirka hver tiende har ingen kontakt haft",
        0.10,
        share_label="ingen kontakt",
        share_values="1",
        base_values="1,2,3",
        higher_is_better=False,
    ),
    ItemSpec(
        "c2",
        "contact",
        "changes",
        "Hvor mange gange har du fået en ny rådgiver de sidste to år?",
        "Hvor mange gange har du skiftet rådgiver de sidste to år?",
        "Cirka en tredjedel har haft den samme rådgiver i to år",
        0.33,
        share_label="den samme rådgiver hele tiden",
        share_values="1",
        base_values="1,2,3,4",
    ),
    # D2 Information om sagsbehandlingen
    _fits(
        "i1",
        "information",
        "Før et møde ved jeg, hvem der kommer, og hvorfor.",
        "Før et møde ved jeg, hvem der kommer med, og hvorfor de er der.",
        "69 %",
        0.69,
    ),
    _fits(
        "i2",
        "information",
        "Før et møde ved jeg, hvad vi skal tale om.",
        "Før et møde ved jeg, hvad vi skal tale om.",
        "53 % (30 % delvist, 17 % dårligt)",
        0.53,
    ),
    _fits(
        "i3",
        "information",
        "Efter et møde taler jeg med min rådgiver om, hvordan det gik, og hvad vi blev enige om.",
        "Efter et møde taler jeg med min rådgiver om, hvordan det gik, og hvad der blev besluttet.",
        "42 %",
        0.42,
    ),
    _fits(
        "i4",
        "information",
        "Min rådgiver siger, hvorfor de voksne har besluttet det, de har.",
        "Min rådgiver forklarer mig, hvorfor beslutningerne i min sag er, som de er.",
        "55 %",
        0.55,
    ),
    # D3 Muligheder for indflydelse
    _fits(
        "f1",
        "influence",
        "Jeg er med til at bestemme, hvor vi mødes.",
        "Jeg er med til at bestemme, hvor jeg mødes med min rådgiver.",
        "Cirka en tredjedel",
        0.33,
    ),
    _fits(
        "f2",
        "influence",
        "Jeg er med til at bestemme, hvornår vi mødes.",
        "Jeg er med til at bestemme, hvornår jeg mødes med min rådgiver.",
        "Cirka en tredjedel",
        0.33,
    ),
    _fits(
        "f3",
        "influence",
        "Jeg er med til at bestemme, hvad vi taler om.",
        "Jeg har indflydelse på, hvad vi taler om på møderne.",
        "Cirka 45 %",
        0.45,
    ),
    _fits(
        "f4",
        "influence",
        "Jeg er med til at bestemme, hvad der sker i min sag.",
        "Jeg har indflydelse på, hvad der bliver besluttet i min sag.",
        "Cirka 45 %",
        0.45,
    ),
    _yes_no(
        "f5",
        "influence",
        "Vil du gerne være mere med til at bestemme?",
        "Vil du gerne have mere indflydelse på din sag?",
        "4 ud af 5 af dem uden indflydelse vil gerne have mere",
        0.80,
        share_label="ja, blandt dem uden indflydelse",
        higher_is_better=None,
        shown_if="f4:1,2",
    ),
    _fits(
        "f6",
        "influence",
        "Min rådgiver spørger, hvad jeg mener, før de voksne bestemmer noget.",
        "Min rådgiver spørger om min holdning, før der bliver besluttet noget.",
        "Cirka to tredjedele",
        0.67,
    ),
    _fits(
        "f7",
        "influence",
        "Min rådgiver synes, det er vigtigt, hvad jeg mener.",
        "Min rådgiver synes, at min holdning er vigtig.",
        "72 %",
        0.72,
    ),
    # A1 Oplysning om rettigheder
    _yes_no(
        "p1",
        "rights",
        "Har din rådgiver sagt, at du har ret til at være med, når kommunen bestemmer noget "
        "om dig?",
        "Har din rådgiver fortalt dig, at du har ret til at blive inddraget, når kommunen "
        "træffer beslutninger i din sag?",
        "59 % ja, 41 % nej",
        0.59,
    ),
    _yes_no(
        "p2",
        "rights",
        "Har din rådgiver sagt, at du må have en voksen med til møder (en bisidder)?",
        "Har din rådgiver fortalt dig om din ret til en bisidder?",
        "72 % ja, 28 % nej",
        0.72,
    ),
    _yes_no(
        "p3",
        "rights",
        "Har din rådgiver sagt, hvordan du kan klage over det, kommunen bestemmer?",
        "Har din rådgiver fortalt dig, hvordan du kan klage over kommunens beslutninger?",
        "Cirka 50 % ja",
        0.50,
    ),
    # A2 Inddragelse i handleplanen
    _yes_no(
        "h0",
        "plan",
        "Ved du, hvad en plan (handleplan) er?",
        "Ved du, hvad en handleplan er?",
        "56 % ja, 44 % nej",
        0.56,
        share_label="ja, blandt dem der svarede ja eller nej",
    ),
    _fits(
        "h1",
        "plan",
        "Jeg ved, hvad der står i min plan.",
        "Jeg ved, hvad der står i min handleplan.",
        "Cirka 50-55 % af dem, der ved, hvad en handleplan er",
        0.52,
        shown_if="h0:1",
    ),
    _fits(
        "h2",
        "plan",
        "Jeg er med til at bestemme, hvad der skal stå i min plan.",
        "Jeg er med til at bestemme, hvad der skal stå i min handleplan.",
        "Cirka 50-55 % af dem, der ved, hvad en handleplan er",
        0.52,
        shown_if="h0:1",
    ),
    _fits(
        "h3",
        "plan",
        "Jeg taler med min rådgiver om min plan.",
        "Jeg taler med min rådgiver om min handleplan.",
        "Cirka 50-55 % af dem, der ved, hvad en handleplan er",
        0.52,
        shown_if="h0:1",
    ),
    # Trivsel: a short core a round may include (not VIVE's: VIVE measured wellbeing with the
    # SDQ, which needs a licence). No national figure; compared across the municipality's rounds.
    _fits(
        "w1",
        "wellbeing",
        "Jeg har det godt det meste af tiden.",
        "Jeg har det for det meste godt.",
        "Intet landstal: kommunens egen måling",
        in_score=False,
        optional=True,
    ),
    _fits(
        "w2",
        "wellbeing",
        "Jeg føler mig tryg der, hvor jeg bor.",
        "Jeg føler mig tryg der, hvor jeg bor.",
        "Intet landstal: kommunens egen måling",
        in_score=False,
        optional=True,
    ),
    _yes_no(
        "w3",
        "wellbeing",
        "Har du en voksen, du kan tale med, når du er ked af det?",
        "Har du en voksen, du stoler på og kan tale med, når noget er svært?",
        "Intet landstal: kommunens egen måling",
        optional=True,
    ),
    _fits(
        "w4",
        "wellbeing",
        "Jeg glæder mig til det, der skal ske.",
        "Jeg ser lyst på min fremtid.",
        "Intet landstal: kommunens egen måling",
        in_score=False,
        optional=True,
    ),
    # Det åbne spørgsmål
    ItemSpec(
        "o1",
        "open",
        "open",
        "Hvad kan kommunen gøre, så børn og unge bliver hørt mere?",
        "Hvad kan kommunen gøre bedre, så børn og unge bliver mere inddraget i deres sag?",
        "VIVE samlede de unges egne forslag",
        share_label="",
        share_values="",
        base_values="",
        higher_is_better=None,
    ),
)
