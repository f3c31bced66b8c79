"""The demo's Danish texts: children's names, places, reports, assessments, measures, plans,
follow-ups, the child's voice, meetings and handovers."""

from __future__ import annotations

from typing import NamedTuple

from stemme.demo.plan.constants import (
    ADJUST,
    ANONYMOUS,
    CITIZEN,
    CLOSE,
    CONTINUE,
    HENVENDELSE,
    NEW_MEASURE,
    OMIT_AGE,
    OMIT_DECLINED,
    OMIT_NATURE,
    OTHER_MUNICIPALITY,
    OUTCOME_AFDAEKNING,
    OUTCOME_BFU,
    OUTCOME_CLOSE,
    OUTCOME_EARLY,
    PROFESSIONAL,
    UNDERRETNING,
)

# Faker's da_DK first names are mostly adults' names; children get names popular in Denmark
# since 2008 (Danmarks Statistik's lists) most of the time.
GIRL_NAMES = (  # noqa: SIM905 - a word list reads better than 50 quoted names
    "Emma Ida Clara Freja Alma Sofia Ella Olivia Agnes Karla Nora Laura Josefine Anna Lærke "
    "Mathilde Isabella Maja Sofie Caroline Emily Alberte Esther Asta Luna Frida Liva Aya "
    "Vigga Sigrid Ellie Lea Victoria Cecilie Julie Mille Signe Ellen Filippa Hannah Marie "
    "Liv Silje Astrid Vilma Lily Saga Elisabeth Lucia Nanna"
).split()
BOY_NAMES = (  # noqa: SIM905 - a word list reads better than 50 quoted names
    "William Noah Oscar Lucas Carl Victor Malthe Alfred Oliver Emil Aksel Valdemar Frederik "
    "Magnus Elias August Arthur Anton Theo Felix Johan Mikkel Villads Liam Storm Alexander "
    "Christian Mads Rasmus Mathias Sebastian Jonas Marcus Benjamin Tobias Lukas Hugo Otto "
    "Aske Bertram Milas Konrad Walter Harald Adam Karl Louie Sander Sigurd Ahmad"
).split()

TOWNS = ["9999 Stemmeby", "9998 Stemmelund", "9997 Nørre Stemme", "9996 Stemmerup"]
SCHOOLS = ["Stemmeby Skole", "Nørre Stemme Skole", "Stemmelund Skole", "Vesterskolen"]
DAYCARES = ["Børnehuset Mælkebøtten", "Vuggestuen Solsikken", "Børnehaven Troldehøj"]
CLUBS = [
    "Stemmeby IF, fodbold",
    "Stemmeby Håndboldklub",
    "Stemmelund Svømmeklub",
    "Spejderne i Stemmeby",
    "Stemmerup Ridecenter",
]
OTHER_MUNICIPALITIES = ["Fjordby Kommune", "Østerå Kommune", "Bakkelund Kommune"]

# --- Texts -------------------------------------------------------------------------------------
# Placeholders: {navn} the child's first name, {navns} its genitive, {skole}, {institution},
# {kommune}, {voksen} (the adult the child confided in) and {pct}.


class _Report(NamedTuple):
    low: int  # youngest age it fits
    high: int  # oldest age it fits
    kind: str  # underretning or henvendelse
    reporter_type: str  # blank for a henvendelse
    source: str  # key of REPORTER_ROLES
    abuse: bool
    parent_suspected: bool
    honour_related: bool
    summary: str
    content: str


def _r(
    low, high, reporter_type, source, summary, content, *, abuse=False, parent=False, honour=False
):
    kind = HENVENDELSE if reporter_type == "" else UNDERRETNING
    return _Report(low, high, kind, reporter_type, source, abuse, parent, honour, summary, content)


REPORTS: list[_Report] = [
    _r(
        0,
        0,
        PROFESSIONAL,
        "hospital",
        "Underretning fra fødeafdelingen om bekymring for forældrenes overskud",
        "Mor har under indlæggelsen efter fødslen virket meget træt og indesluttet og har svært "
        "ved at læse {navns} signaler. Personalet har flere gange hjulpet med amning og pleje. "
        "Far har kun været på korte besøg. Vi er bekymrede for, om forældrene har overskud til "
        "at tage sig af {navn} derhjemme.",
    ),
    _r(
        0,
        1,
        PROFESSIONAL,
        "health_visitor",
        "Underretning fra sundhedsplejersken om manglende trivsel",
        "{navn} tager ikke på i vægt som forventet og virker passiv. Ved de to seneste "
        "hjemmebesøg har mor fortalt, at hun sover dårligt og har det svært. Der har været røg "
        "i stuen, og aftaler er flere gange blevet aflyst.",
    ),
    _r(
        1,
        5,
        PROFESSIONAL,
        "daycare",
        "Underretning fra daginstitutionen om sen afhentning og hygiejne",
        "{navn} bliver ofte hentet efter lukketid og kommer flere dage i træk i det samme, "
        "beskidte tøj. {navn} er tit sulten om morgenen. Vi har talt med forældrene tre gange, "
        "uden at det har ændret sig.",
    ),
    _r(
        1,
        5,
        PROFESSIONAL,
        "daycare",
        "Underretning fra vuggestuen om et barn, der virker utrygt og trist",
        "{navn} græder meget ved aflevering, er svær at trøste og trækker sig fra de andre "
        "børn. Mor virker fraværende ved afhentning og har sagt til personalet, at hun ikke kan "
        "overskue hverdagen.",
    ),
    _r(
        3,
        6,
        PROFESSIONAL,
        "daycare",
        "Underretning fra børnehaven om forsinket sprog og mange konflikter",
        "{navn} har et sprog, der ligger langt under alderen, og bliver hurtigt frustreret og "
        "slår de andre børn. Forældrene er ikke mødt op til de to seneste forældresamtaler.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om højt fravær og bekymring for trivsel",
        "{navn} har haft {pct} % fravær de seneste tre måneder. Når {navn} er i skole, virker "
        "{navn} træt og trist og har sjældent madpakke med. Skolen har holdt møde med "
        "forældrene, men fraværet er steget.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om konflikter og udadreagerende adfærd",
        "{navn} er flere gange kommet op at slås i frikvartererne og har væltet borde i "
        "klassen. Det sker især efter weekender. Lærerne oplever, at {navn} har svært ved at "
        "falde til ro, og at der er uro derhjemme.",
    ),
    _r(
        6,
        14,
        PROFESSIONAL,
        "ppr",
        "Underretning fra PPR om mistrivsel og behov for støtte",
        "PPR har observeret {navn} i undervisningen efter henvendelse fra skolen. {navn} "
        "isolerer sig, har ondt i maven mange morgener og siger, at det er svært at sove. PPR "
        "vurderer, at familien har brug for mere støtte, end skolen kan give.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "police",
        "Underretning fra politiet om den unges deltagelse i uro i bymidten",
        "{navn} blev fredag aften standset sammen med en gruppe ældre unge efter hærværk ved "
        "busterminalen. {navn} var påvirket af alkohol. Forældrene blev kontaktet og hentede "
        "{navn} på stationen.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "ssp",
        "Underretning fra SSP om bekymrende adfærd og rusmidler",
        "SSP har flere gange mødt {navn} sent om aftenen i bymidten sammen med unge, der er "
        "kendt for hash og småkriminalitet. {navn} har sagt, at {navn} ikke har lyst til at "
        "være hjemme.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "police",
        "Underretning fra politiet efter uro og skænderier i hjemmet",
        "Politiet blev tilkaldt til adressen om natten efter et voldsomt skænderi mellem de "
        "voksne. {navn} var hjemme og vågen. Der blev ikke rejst sigtelse, men betjentene var "
        "bekymrede for stemningen i hjemmet.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "doctor",
        "Underretning fra egen læge om bekymring for barnets trivsel",
        "{navn} har været hos lægen fire gange på et halvt år med ondt i maven og hovedpine "
        "uden fysisk forklaring. Forælderen har fortalt om store økonomiske problemer og "
        "sygdom i familien.",
    ),
    _r(
        12,
        17,
        PROFESSIONAL,
        "psychiatry",
        "Underretning fra børne- og ungdomspsykiatrien om selvskade",
        "{navn} har været kortvarigt indlagt efter selvskade og er udskrevet til hjemmet. "
        "Forældrene har svært ved at støtte {navn}, og der er brug for en plan for hjælp i "
        "hverdagen.",
    ),
    _r(
        6,
        17,
        PROFESSIONAL,
        "school",
        "Underretning fra skolen om et barn, der ofte er alene hjemme",
        "{navn} fortæller, at {navn} ofte er alene hjemme om aftenen og selv laver mad til sine "
        "mindre søskende. {navn} falder i søvn i timerne.",
    ),
    _r(
        0,
        17,
        PROFESSIONAL,
        "adult_psychiatry",
        "Underretning fra voksenpsykiatrien om en forælders sygdom",
        "En af {navns} forældre er indlagt i voksenpsykiatrien. Den anden forælder står alene "
        "med børnene og har svært ved at få hverdagen til at hænge sammen.",
    ),
    _r(
        0,
        17,
        CITIZEN,
        "neighbour",
        "Underretning fra en nabo om råb og skrig fra lejligheden",
        "Naboen hører ofte voksne råbe højt om aftenen og et barn, der græder. Naboen har set "
        "{navn} sidde alene på trappen sent om aftenen.",
    ),
    _r(
        0,
        17,
        CITIZEN,
        "family",
        "Underretning fra et familiemedlem, der er bekymret for forældrenes misbrug",
        "Anmelderen fortæller, at forældrene drikker meget, og at hun flere gange har hentet "
        "{navn}, fordi forældrene ikke var i stand til at passe på {navn}.",
    ),
    _r(
        6,
        17,
        CITIZEN,
        "parent_in_class",
        "Underretning fra en forælder i klassen om et barn, der ofte er alene",
        "En forælder fra klassen fortæller, at {navn} ofte går hjem med deres barn efter skole "
        "og spiser aftensmad der, fordi der ikke er nogen hjemme.",
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om et barn, der ofte er alene hjemme",
        "Anmelderen oplyser, at {navn} ofte er alene hjemme til sent om aftenen, og at der er "
        "mange voksne på besøg i lejligheden i weekenderne.",
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om råb og skrig fra lejligheden",
        "Anmelderen har flere gange hørt høje råb og ting, der bliver smidt, fra familiens "
        "lejlighed, og et barn, der græder.",
    ),
    _r(
        0,
        17,
        OTHER_MUNICIPALITY,
        "other_municipality",
        "Underretning fra {kommune} i forbindelse med familiens flytning",
        "Familien er flyttet til Stemmeby Kommune. {kommune} har haft en åben sag om {navn} "
        "med familiebehandling og sender oplysningerne videre, så hjælpen kan fortsætte.",
    ),
    _r(
        0,
        17,
        OTHER_MUNICIPALITY,
        "other_municipality",
        "Underretning fra {kommune} om bekymring under samvær",
        "{navn} har været på samvær hos en forælder, der bor i {kommune}. Kommunen har fået en "
        "underretning om bekymrende forhold under samværet og sender den videre til Stemmeby "
        "Kommune, hvor {navn} bor.",
    ),
    # Abuse (overgreb): the child must be talked with, alone when a parent is suspected.
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om, at barnet har fortalt om vold i hjemmet",
        "{navn} har i dag fortalt {voksen}, at far slår, når han bliver vred, og at det sidst "
        "skete i går aftes. {navn} havde et blåt mærke på overarmen og er bange for at komme "
        "hjem.",
        abuse=True,
        parent=True,
    ),
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om, at barnet har fortalt, at mor slår",
        "{navn} har fortalt {voksen}, at mor slår og skubber, når hun er stresset, og at "
        "{navn} ikke må sige det til nogen.",
        abuse=True,
        parent=True,
    ),
    _r(
        3,
        17,
        PROFESSIONAL,
        "school_or_daycare",
        "Underretning om mistanke om seksuelle overgreb",
        "{navn} har fortalt {voksen} om en voksen i familiens omgangskreds, som har rørt ved "
        "{navn} på en måde, {navn} ikke brød sig om. {navn} virkede bange og bad om, at det "
        "ikke blev fortalt videre.",
        abuse=True,
    ),
    _r(
        0,
        6,
        PROFESSIONAL,
        "hospital",
        "Underretning fra skadestuen om skader, der ikke passer med forklaringen",
        "{navn} er undersøgt på skadestuen for et brud på underarmen. Forældrenes forklaring "
        "passer ikke med skaden, og der er fundet ældre blå mærker. Sygehuset har også "
        "kontaktet politiet.",
        abuse=True,
        parent=True,
    ),
    _r(
        13,
        17,
        PROFESSIONAL,
        "school_nurse",
        "Underretning om, at den unge er blevet truet og slået af en kæreste",
        "{navn} har fortalt skolesundhedsplejersken, at {navns} kæreste på 19 år har slået og "
        "truet {navn} og kontrollerer {navns} telefon.",
        abuse=True,
    ),
    _r(
        0,
        17,
        CITIZEN,
        "family",
        "Underretning om, at et barn bliver slået derhjemme",
        "En voksen i familiens netværk har set {navn} blive slået af en forælder og fortæller, "
        "at {navn} ofte har mærker, som bliver forklaret med uheld.",
        abuse=True,
        parent=True,
    ),
    _r(
        0,
        17,
        ANONYMOUS,
        "anonymous",
        "Anonym underretning om vold mod et barn",
        "Anmelderen har set en voksen i familien slå {navn} hårdt i nakken på vej hjem fra "
        "indkøb og har før hørt {navn} græde og råbe om hjælp.",
        abuse=True,
    ),
    # Honour-related conflict (negative social control).
    _r(
        13,
        17,
        PROFESSIONAL,
        "school",
        "Underretning om æresrelateret social kontrol",
        "{navn} har fortalt sin lærer, at familien bestemmer, hvem {navn} må være sammen med, "
        "og at {navn} er blevet truet med at blive sendt ud af landet, hvis {navn} har en "
        "kæreste.",
        parent=True,
        honour=True,
    ),
    # Henvendelser: the family or the young person asks for help.
    _r(
        0,
        17,
        "",
        "",
        "Henvendelse fra forældrene, der beder om hjælp",
        "Forældrene har selv kontaktet rådgivningen. De oplever mange konflikter med {navn} og "
        "kan ikke længere få hverdagen til at fungere. De ønsker råd og vejledning og måske "
        "familiebehandling.",
    ),
    _r(
        12,
        17,
        "",
        "",
        "Den unge har selv henvendt sig",
        "{navn} er selv mødt op i rådgivningen og fortæller, at der er mange skænderier "
        "derhjemme, og at {navn} har svært ved at koncentrere sig i skolen. {navn} vil gerne "
        "tale med en voksen.",
    ),
    _r(
        6,
        17,
        "",
        "",
        "Henvendelse fra forældrene om angst og skolevægring",
        "Forældrene fortæller, at {navn} ikke har været i skole i fire uger på grund af angst. "
        "De har prøvet alt, hvad de kan komme i tanke om, og beder om hjælp.",
    ),
    _r(
        0,
        5,
        "",
        "",
        "Henvendelse fra en mor, der beder om aflastning",
        "Mor er alene med {navn} og et mindre søskende og har ingen familie i nærheden. Hun er "
        "udmattet og beder om hjælp til at få nogle pauser.",
    ),
]

REPORTER_ROLES = {
    "hospital": ["jordemoder, Stemmeby Sygehus", "overlæge, Børneafdelingen, Stemmeby Sygehus"],
    "health_visitor": ["sundhedsplejerske, Sundhedsplejen i Stemmeby Kommune"],
    "daycare": ["pædagog, {institution}", "leder, {institution}"],
    "school": ["klasselærer, {skole}", "skoleleder, {skole}", "AKT-lærer, {skole}"],
    "school_or_daycare": ["pædagog, {institution}", "klasselærer, {skole}"],
    "ppr": ["psykolog, PPR Stemmeby"],
    "police": ["politiassistent, Stemmeby Lokalpoliti"],
    "ssp": ["SSP-konsulent, Stemmeby Kommune"],
    "doctor": [
        "praktiserende læge, Lægehuset ved Torvet",
        "praktiserende læge, Stemmelund Lægecenter",
    ],
    "psychiatry": [
        "overlæge, Børne- og ungdomspsykiatrien",
        "sygeplejerske, Børne- og ungdomspsykiatrien",
    ],
    "adult_psychiatry": ["socialrådgiver, Voksenpsykiatrien Stemmeby"],
    "school_nurse": ["skolesundhedsplejerske, {skole}"],
    "neighbour": ["nabo"],
    "family": ["mormor", "farmor", "moster", "faster"],
    "parent_in_class": ["forælder i klassen"],
    "other_municipality": ["rådgiver, Børn og Familie, {kommune}"],
}

URGENCY_CALM = [
    "Underretningen er læst og vurderet samme dag. {navn} er ikke i akut fare; sagen screenes "
    "i teamet.",
    "Ingen akut risiko. Der hentes flere oplysninger, og forældrene inviteres til samtale.",
    "Ingen tegn på, at {navn} er i umiddelbar fare. Sagen går videre i det almindelige "
    "screeningsforløb.",
    "Bekymringen er alvorlig, men ikke akut: {navn} er i trygge rammer i dag. Samtale med "
    "familien inden for en uge.",
]
URGENCY_ACUTE = [
    "Akut: {navn} kan være i fare. Der er taget kontakt til {institution_or_school}, og der "
    "tales med {navn} i dag.",
    "Akut vurdering: politiet er orienteret, og {navn} tales med alene hurtigst muligt. "
    "Lederen er inddraget.",
    "Akut: {navn} skal ikke hjem i aften, før vi har talt med {navn} og forældrene. Vagten er "
    "orienteret.",
]

SCREENING_WEIGHTED = [
    "Underretningen, tidligere henvendelser og samtalen med forældrene. Vi har lagt mest vægt "
    "på {navns} egne udsagn.",
    "Underretningen og samtalen med forældrene. Vi har lagt vægt på, at bekymringen er "
    "beskrevet konkret og over længere tid.",
    "Oplysninger fra den, der underrettede, samtale med {navn} og forældrene og kendskab fra en "
    "tidligere sag. Forældrenes egen beskrivelse er vægtet højt.",
    "Underretningen sammenholdt med sundhedsplejens og institutionens oplysninger. Vi har lagt "
    "vægt på, at flere fagpersoner deler bekymringen.",
    "Samtalen med {navn} alene og med forældrene. Vi har lagt vægt på, at {navn} selv beskriver, "
    "hvordan hverdagen er.",
]
SCREENING_ASSESSMENTS = {
    OUTCOME_BFU: [
        "Der er grund til at antage, at {navn} har behov for særlig støtte. Vi sætter en "
        "børnefaglig undersøgelse i gang.",
        "Bekymringen er alvorlig og har stået på længe. En børnefaglig undersøgelse er "
        "nødvendig for at finde den rette hjælp.",
    ],
    OUTCOME_AFDAEKNING: [
        "Bekymringen er ikke entydig. Vi afdækker {navns} og familiens behov nærmere, før vi "
        "beslutter, om der skal laves en børnefaglig undersøgelse.",
        "Der mangler oplysninger fra skolen og sundhedsplejen. En afdækning skal vise, om der "
        "er behov for mere end rådgivning.",
    ],
    OUTCOME_EARLY: [
        "Familien kan hjælpes med en tidlig forebyggende indsats; der er ikke behov for en "
        "børnefaglig undersøgelse nu.",
        "Forældrene er motiverede og har selv bedt om hjælp. Et kort forløb vurderes at være nok.",
    ],
    OUTCOME_CLOSE: [
        "Bekymringen er afklaret. Familien er vejledt og ved, hvor de kan henvende sig.",
        "Screeningen viser ikke behov for særlig støtte. Skolen og forældrene følger selv op.",
    ],
}

CHILD_DEVELOPMENT = {
    "young": [
        "{navn} er motorisk alderssvarende, men sproget er forsinket. {navn} søger voksne, men "
        "har svært ved at falde til ro og lade sig trøste.",
        "{navn} er nysgerrig og legende, men bliver hurtigt utryg ved skift og nye voksne.",
        "{navn} sover uroligt og har mange vredesudbrud. I institutionen trives {navn} bedst "
        "med faste rutiner.",
    ],
    "school": [
        "{navn} er fagligt bagud, især i dansk, og har et stort fravær. {navn} har få venner "
        "og trækker sig, når der er konflikter.",
        "{navn} klarer sig fagligt godt, men har ondt i maven mange morgener og sover dårligt. "
        "{navn} bekymrer sig meget om sine forældre.",
        "{navn} har svært ved at koncentrere sig og kommer ofte i konflikt med andre børn. "
        "{navn} har en god relation til sin klasselærer.",
    ],
    "teen": [
        "{navn} har et højt fravær og er begyndt at ryge hash. {navn} har venner, men mange af "
        "dem er ældre, og {navn} er ofte ude sent.",
        "{navn} er reflekteret og ved godt, hvad der skal til, men mangler energi og har "
        "trukket sig fra fritidsaktiviteter.",
        "{navn} har perioder med selvskade og trækker sig fra familien. {navn} går stadig i "
        "skole og har en fortrolig veninde eller ven.",
    ],
}
PARENTS_CAPACITY = [
    "Forældrene er kærlige og engagerede, men har svært ved at skabe struktur og sætte grænser. "
    "Mor har en depression, som hun er i behandling for.",
    "Far er alene med {navn} og arbejder på skiftende tider. Han vil gerne gøre det godt, men "
    "har ikke overskud til at følge op på skole og lektier.",
    "Forældrenes samarbejde efter skilsmissen er fyldt med konflikter, og {navn} står ofte i "
    "midten. Begge forældre kan se, at det påvirker {navn}.",
    "Mor har et alkoholforbrug, der i perioder gør hende ude af stand til at tage vare på "
    "{navn}. Hun erkender problemet og er motiveret for behandling.",
    "Forældrene har begrænsede ressourcer og har svært ved at aflæse {navns} behov. De tager "
    "imod vejledning, men har svært ved at bruge den i hverdagen.",
]
FAMILY_AND_NETWORK = [
    "Mormor bor i nærheden og er en vigtig voksen for {navn}. Familien har ellers et lille "
    "netværk.",
    "Familien har et stort netværk, men har trukket sig fra en del af det efter konflikter. "
    "Farmor henter {navn} to gange om ugen.",
    "Familien flyttede til kommunen for et år siden og har næsten intet netværk. {navns} "
    "træner er en voksen, {navn} stoler på.",
    "{navn} har to ældre søskende, der er flyttet hjemmefra, og som {navn} ser jævnligt. "
    "Naboerne hjælper med at hente og bringe.",
]
RESOURCES_AND_CHALLENGES = [
    "Ressourcer: forældrenes vilje til at samarbejde og {navns} gode relation til skolen. "
    "Udfordringer: manglende struktur, økonomi og forældrenes egne problemer.",
    "{navn} er vellidt og har god kontakt til sin lærer. Udfordringen er den ustabile "
    "hverdag og konflikterne mellem de voksne.",
    "Familien tager imod hjælp. Udfordringen er, at mors sygdom svinger, og at {navn} tager "
    "for meget ansvar derhjemme.",
]
PARENTS_VIEW = [
    "Forældrene er enige i, at der er brug for hjælp, og ønsker især støtte til at få "
    "morgenerne til at fungere.",
    "Mor er bekymret for, at {navn} skal anbringes, men vil gerne samarbejde om hjælp i hjemmet.",
    "Far mener, at problemerne mest ligger i skolen, men er åben for familiebehandling.",
    "Forældrene er ikke enige i bekymringen, men har deltaget i alle møder.",
]
INVESTIGATION_CONCLUSION = {
    "support": [
        "{navn} har behov for særlig støtte. Vi anbefaler {tiltag} med fokus på struktur i "
        "hverdagen og forældrenes samspil med {navn}.",
        "Undersøgelsen viser, at {navn} og familien har brug for støtte i hjemmet. Vi anbefaler "
        "{tiltag}.",
    ],
    "placement": [
        "{navns} udvikling er alvorligt truet, og støtten i hjemmet har ikke været nok. Vi "
        "anbefaler, at {navn} bor uden for hjemmet i en periode.",
        "Forældrene kan ikke i dag give {navn} den omsorg, {navn} har brug for. Vi anbefaler en "
        "anbringelse med tæt samvær med forældrene.",
    ],
    "early": [
        "Der er ikke behov for en børnefaglig undersøgelse. Familien tilbydes et tidligt "
        "forebyggende forløb.",
    ],
    "close": [
        "Afdækningen viser, at {navn} trives, og at familien selv har fundet en løsning.",
        "Afdækningen viser, at familien klarer sig med råd og vejledning.",
    ],
    "bfu": [
        "Afdækningen viser, at bekymringen er større end først antaget. Der sættes en "
        "børnefaglig undersøgelse i gang.",
    ],
}
PRELIMINARY_ASSESSMENTS = [
    "Undersøgelsen kan ikke afsluttes inden for fire måneder, fordi vi venter på en "
    "psykologisk udredning af {navn}. Foreløbig vurdering: {navn} har behov for støtte, og "
    "samtalerne med familien fortsætter.",
    "Vi mangler oplysninger fra børne- og ungdomspsykiatrien. Foreløbig vurdering: {navn} er i "
    "trygge rammer, og undersøgelsen forventes afsluttet inden for to måneder.",
    "Familien har været syg i en længere periode, så samtalerne er blevet udskudt. Foreløbig "
    "vurdering: der er fortsat behov for støtte til {navn}.",
]
PARALLEL_SUPPORT = [
    "{navn} blev anbragt akut under undersøgelsen. Anbringelsen bør fortsætte, da forholdene i "
    "hjemmet ikke har ændret sig.",
]

# Child's view, in the child's own words, by age group.
CHILD_VIEWS = {
    "young": [
        "Jeg kan godt lide at være hjemme, men ikke når mor og far råber.",
        "Jeg vil gerne have, at mor er glad igen.",
        "Det er sjovt i børnehaven. Jeg vil gerne lege mere med de andre børn.",
        "Jeg vil ikke sove hos far, når han er sur.",
        "Jeg er bange om natten. Jeg vil gerne have lys på.",
    ],
    "school": [
        "Jeg vil gerne blive boende hos mor, men jeg vil have hjælp til lektierne.",
        "Jeg vil gerne have en voksen, jeg kan snakke med, som ikke er fra skolen.",
        "Det er okay at få hjælp, men jeg vil ikke skifte skole.",
        "Jeg vil bare have, at der er ro derhjemme om aftenen.",
        "Jeg savner far, når jeg ikke ser ham. Jeg vil gerne se ham mere.",
        "Jeg gider ikke, at der kommer nogen hjem til os hver dag, men én gang om ugen er fint.",
    ],
    "teen": [
        "Jeg gider ikke flere møder, men jeg vil gerne have en kontaktperson, hvis det er én, "
        "jeg selv kan vælge.",
        "Jeg ved godt, at det ikke går så godt i skolen. Jeg vil gerne have hjælp, men mine "
        "forældre skal ikke vide alt.",
        "Jeg vil gerne gå til fodbold igen og have styr på søvnen.",
        "Det er mine forældre, der skal have hjælp, ikke mig. Men okay, jeg vil gerne prøve.",
        "Jeg vil gerne have, at nogen hjælper mig med at komme op om morgenen.",
    ],
}
CHILD_VIEWS_PLACEMENT = {
    "young": [
        "Jeg vil gerne bo hos mormor.",
        "Jeg vil have min bamse med, og jeg vil se mor.",
    ],
    "school": [
        "Jeg vil gerne bo hos en familie, hvor der er ro, men jeg vil stadig se mor.",
        "Jeg er ked af at flytte, men jeg er også lidt lettet.",
        "Jeg vil gerne blive på min skole, selvom jeg flytter.",
    ],
    "teen": [
        "Jeg vil hellere bo et sted med andre unge end i en plejefamilie.",
        "Det er bedst for mig at bo et andet sted et stykke tid, men jeg vil selv bestemme, "
        "hvornår jeg ser min far.",
        "Det har været for meget derhjemme længe. Jeg vil gerne væk, men ikke langt fra mine "
        "venner.",
    ],
}
CHILD_VIEW_EXCEPTIONS = [
    "{navn} er {alder}; observeret i hjemmet og i {institution}.",
    "{navn} er {alder}; observeret sammen med forældrene under hjemmebesøg og i {institution}, "
    "hvor {navn} søger trøst hos de kendte voksne.",
    "{navn} er {alder} og kan ikke udtrykke sin mening i ord. Observeret i hjemmet og ved "
    "sundhedsplejerskens besøg.",
]

# Measures: (description, provider).
SUPPORT_MEASURES = [
    ("Familiebehandling", "Familiehuset Stemmeby"),
    ("Fast kontaktperson", "Stemmeby Kommunes kontaktpersonkorps"),
    ("Praktisk pædagogisk støtte i hjemmet", "Familieteamet, Stemmeby Kommune"),
    ("Aflastning i aflastningsfamilie hver anden weekend", "Kommunal familiepleje"),
    ("Fast kontaktperson for hele familien", "Familieteamet, Stemmeby Kommune"),
]
PLACEMENT_MEASURES = {
    "young": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse i netværksplejefamilie hos mormor", "Netværksplejefamilie"),
    ],
    "school": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse i netværksplejefamilie", "Netværksplejefamilie"),
        ("Anbringelse på opholdssted", "Opholdsstedet Lindegården"),
    ],
    "teen": [
        ("Anbringelse i plejefamilie", "Kommunal familiepleje"),
        ("Anbringelse på opholdssted", "Opholdsstedet Lindegården"),
        ("Anbringelse på døgninstitution for unge", "Ungehuset Stemmely"),
    ],
}
EARLY_MEASURES = {
    "30": [
        ("Forældrekursus i små grupper", "Familiehuset Stemmeby"),
        ("Åben rådgivning, fem samtaler", "Familiehuset Stemmeby"),
    ],
    "31": [
        ("Familierådgivning, kort forløb", "Familiehuset Stemmeby"),
        ("Gruppeforløb for børn i skilsmissefamilier", "Familiehuset Stemmeby"),
        ("Netværksgruppe for børn af forældre med misbrug", "Familiehuset Stemmeby"),
    ],
}
LEGAL_BASIS = {
    "30": "barnets lov § 30",
    "31": "barnets lov § 31",
    "32": "barnets lov § 32, stk. 1",
    "46": "barnets lov § 46",
    "47": "barnets lov § 47",
    "114": "barnets lov § 114",
}
PURPOSES = {
    "Familiebehandling": "At forældrene får redskaber til at skabe ro og faste rammer, så {navn} "
    "får en mere forudsigelig hverdag.",
    "Fast kontaktperson": "At {navn} har en fast voksen at tale med, kommer i skole hver dag og "
    "får en fritidsaktivitet.",
    "Praktisk pædagogisk støtte i hjemmet": "At familien får faste rutiner for morgen, måltider "
    "og sengetid, så {navn} er udhvilet.",
    "Aflastning i aflastningsfamilie hver anden weekend": "At {navn} får gode oplevelser med "
    "voksne, der har overskud, og at forældrene får pauser.",
    "Fast kontaktperson for hele familien": "At familien får én fast voksen, der hjælper med at "
    "samle trådene mellem skole, hjem og fritid.",
    "placement": "At {navn} får en stabil og tryg hverdag med voksne, der kan dække {navns} "
    "behov, og bevarer en god kontakt til sine forældre.",
    "early": "At forældrene får konkrete råd til at håndtere konflikterne, før de vokser sig "
    "store.",
    "114": "At {navn} får støtte i overgangen til voksenlivet og kan blive boende, hvor {navn} "
    "bor nu, efter 18 år.",
}
DURATIONS = {
    "32": ["6 måneder", "9 måneder", "12 måneder", "Et år med opfølgning efter tre måneder"],
    "46": [
        "Forventet 2 år; hjemgivelse vurderes ved hver opfølgning",
        "1-2 år",
        "Forventet indtil {navn} fylder 18 år",
    ],
    "47": ["Forventet mindst 2 år", "Indtil forholdene i hjemmet er ændret, forventet 2 år"],
    "30": ["3 måneder", "Et forløb på 10 gange"],
    "31": ["3 måneder", "6 måneder"],
    "114": ["Fra 18 år til og med 22 år", "Fra 18 år, foreløbig i 2 år"],
}
REASONINGS = {
    "32": [
        "Den børnefaglige undersøgelse viser, at {navn} har behov for særlig støtte. Vi har lagt "
        "vægt på {navns} ønske om at bo hjemme og forældrenes motivation. {tiltag} er den mindst "
        "indgribende indsats, der kan hjælpe.",
        "Vi har lagt vægt på undersøgelsens konklusion og på, at forældrene selv ønsker hjælp. "
        "{tiltag} vurderes at kunne ændre hverdagen for {navn} inden for et år.",
    ],
    "46": [
        "Støtten i hjemmet har ikke været nok. Forældrene har givet samtykke til anbringelsen. Vi "
        "har lagt vægt på {navns} behov for ro og stabile voksne, og på at plejefamilien kan "
        "støtte samværet med forældrene.",
        "Undersøgelsen viser, at {navn} ikke kan få den nødvendige omsorg derhjemme. Forældrene "
        "er enige i, at {navn} skal bo et andet sted i en periode.",
    ],
    "47": [
        "Børne- og ungeudvalget har besluttet anbringelse uden samtykke, fordi der er åbenbar "
        "risiko for, at {navns} sundhed og udvikling lider alvorlig skade, og forældrene ikke vil "
        "medvirke til en frivillig løsning.",
    ],
    "early": [
        "Screeningen viser, at familien har brug for hjælp, men ikke for en børnefaglig "
        "undersøgelse. Et tidligt forebyggende forløb vurderes at være nok.",
        "Forældrene har selv bedt om hjælp, og bekymringen er afgrænset. Et kort forløb er den "
        "rette hjælp nu.",
    ],
    "114": [
        "{navn} ønsker at blive boende, hvor {navn} bor nu, og har brug for støtte til "
        "uddannelse og økonomi efter 18 år. Vi har lagt vægt på {navns} eget ønske.",
    ],
}
PROVISIONAL_REASONS = [
    "Akut anbringelse, fordi {navn} ikke kunne blive i hjemmet efter episoden, der blev "
    "underrettet om. Forældrene har givet samtykke; undersøgelsen gøres færdig sideløbende.",
    "Mor er indlagt, og der er ingen andre voksne, der kan passe {navn}. Anbringelsen sker, "
    "før undersøgelsen er færdig, for at sikre {navn} her og nu.",
]

PLAN_GOALS = [
    "Komme i skole hver dag",
    "Have en voksen at tale med",
    "Mere ro og faste rammer derhjemme",
    "Have en fritidsaktivitet og venner",
    "Sove bedre og have energi om morgenen",
    "Færre konflikter mellem {navn} og forældrene",
]
PLACEMENT_GOALS = [
    "Trives i plejefamilien og se mor og far hver anden weekend",
    "Falde til på den nye skole",
    "Have god kontakt til sine søskende",
]
UNGEPLAN_GOALS = [
    "Gøre 9. klasse færdig og komme i gang med en uddannelse",
    "Lære at klare sin egen økonomi",
    "Finde en bolig efter 18 år",
    "Have et netværk af voksne ud over familien",
]
STARTUP_TEXTS = [
    "Vi er bekymrede for {navns} fravær og de mange konflikter derhjemme. Forandringen, vi vil "
    "se: {navn} kommer i skole hver dag, og morgenerne er roligere.",
    "Bekymringen er, at forældrene ikke har overskud til {navn}. Vi vil se faste rutiner, og at "
    "{navn} siger, at det er rart at være hjemme.",
    "{navn}, forældrene og udføreren er enige om målet: færre konflikter og en voksen, {navn} kan "
    "gå til. Første opfølgning er aftalt.",
    "Opstartsmøde med {navn}, forældrene og plejefamilien om samvær, skole og hvordan {navn} "
    "bedst falder til.",
]
FOLLOW_UP_TEXTS = {
    CONTINUE: [
        "Indsatsen virker efter hensigten. {navn} fortæller, at det går bedre derhjemme, og "
        "skolen melder om mindre fravær. Indsatsen fortsætter uændret.",
        "Der er god fremgang. Forældrene bruger de nye rutiner, og {navn} er gladere. Vi "
        "fortsætter som planlagt.",
        "{navn} trives og fortæller selv, at det er blevet bedre. Målene er delvist nået; "
        "indsatsen fortsætter.",
    ],
    ADJUST: [
        "Der er fremgang, men morgenerne er stadig svære. Indsatsen justeres med flere timer i "
        "hjemmet de næste tre måneder.",
        "Fraværet er faldet, men {navn} har stadig få venner. Kontaktpersonen skal nu også "
        "hjælpe med en fritidsaktivitet.",
    ],
    NEW_MEASURE: [
        "Indsatsen har ikke givet den ønskede forandring. Der er brug for en anden indsats, og "
        "der træffes ny afgørelse.",
    ],
    CLOSE: [
        "Målene i barnets plan er nået. {navn} og forældrene er enige i, at indsatsen kan stoppe.",
        "Familien klarer sig nu selv. {navn} fortæller, at hverdagen fungerer, og sagen "
        "forberedes til afslutning.",
    ],
}
FREQUENCY_WISHES = [
    "{navn} vil gerne have, at vi mødes hver tredje måned, gerne på skolen.",
    "Ikke for tit; det er nok at ses inden opfølgningen.",
    "{navn} vil gerne tale med rådgiveren alene uden forældrene.",
    "{navn} vil gerne have en sms, før vi kommer.",
]
SUPERVISION_NOTES = {
    "young": [
        "Observation af {navn} i plejefamilien. {navn} er tryg ved plejeforældrene og udvikler "
        "sig alderssvarende.",
        "{navn} leger roligt og søger trøst hos plejemor. Samværet med mor fungerer.",
    ],
    "older": [
        "Tilsynsbesøg. {navn} viste sit værelse og fortalte om skolen. {navn} trives og har fået "
        "en ny ven i klassen.",
        "Samtale med {navn} alene. {navn} savner mor, men er glad for at bo, hvor {navn} bor. "
        "Samværet fungerer.",
        "{navn} er mere urolig efter samvær. Vi følger op med plejeforældrene og forældrene.",
        "{navn} fortæller, at det går godt i skolen, men at det er svært at falde i søvn. "
        "Plejefamilien har fået råd om aftenrutiner.",
    ],
}
# Why the case can be closed, and what the family does if the worry returns, by how it closed.
CLOSURE_TEXTS = {
    "screening": [
        (
            "Screeningen viste ikke behov for særlig støtte.",
            "Familien ved, at de kan kontakte rådgivningen igen. Skolen underretter, hvis "
            "bekymringen kommer igen.",
        ),
    ],
    "afdaekning": [
        (
            "Afdækningen viste, at familien klarer sig med råd og vejledning.",
            "Forældrene kontakter sundhedsplejen eller rådgivningen, hvis hverdagen igen bliver "
            "svær.",
        ),
    ],
    "measure": [
        (
            "Indsatsen har virket; familien klarer sig nu uden støtte.",
            "Familien kan kontakte Familiehuset direkte. {navn} har fået rådgivningens "
            "telefonnummer og ved, at {navn} altid kan ringe.",
        ),
    ],
    "plan": [
        (
            "Målene i barnets plan er nået.",
            "Skolen holder øje og underretter igen ved ny bekymring. Forældrene ved, hvor de kan "
            "få hjælp.",
        ),
        (
            "Indsatsen har virket, og målene i planen er nået; familien klarer sig nu uden støtte.",
            "Familien kan kontakte Familiehuset direkte. {navn} har fået rådgivningens "
            "telefonnummer og ved, at {navn} altid kan ringe.",
        ),
    ],
}
TALKS_YOUNG = [
    "Observation af {navn} i hjemmet sammen med forældrene",
    "Observation af {navn} i {institution}",
]
TALKS_TOGETHER = [
    "Første samtale med {navn} og forældrene",
    "Hjemmebesøg og samtale med {navn} og forældrene",
    "Samtale med {navn} gennem tegninger og leg, med mor til stede",
]
TALKS_TOGETHER_OLDER = [
    "Første samtale med {navn} og forældrene",
    "Samtale med {navn} med en bisidder til stede",
    "Hjemmebesøg og samtale med {navn} og forældrene",
]
TALKS_ALONE = [
    "Børnesamtale med {navn} alene på {skole}",
    "Samtale med {navn} alene i hjemmet, mens forældrene var ude",
]
TALKS_ALONE_TEEN = ["Samtale med {navn} alene på rådhuset", "Walk-and-talk med {navn}"]
ABUSE_TALKS = {
    True: "Samtale med {navn} alene uden forældrenes viden, fordi en forælder er mistænkt. "
    "{navn} fortalte det samme som til {voksen}.",
    False: "Samtale med {navn} alene om det, {navn} har fortalt. Forældrene er orienteret "
    "bagefter.",
}
BFU_TALKS = {
    "young": "Observation af {navn} i {institution} som led i undersøgelsen",
    "alone": "Børnesamtale med {navn} alene som led i den børnefaglige undersøgelse",
    "together": "Samtale med {navn} og en forælder som led i den børnefaglige undersøgelse",
}
PARTY_STATUS_NOTES = [
    "{navn} er informeret om at være part i sin sag og om retten til at se sine papirer og have "
    "en bisidder.",
    "Talt med {navn} om, hvad det betyder at være part i sagen. {navn} fik en pjece.",
]
UNGEPLAN_NOTES = {
    True: "Besluttet at lave en ungeplan med fokus på uddannelse, bolig og økonomi.",
    False: "Besluttet ikke at lave en ungeplan nu; spørgsmålet tages op ved næste opfølgning.",
}

VOICE_TALKS = {
    "samtale-underretning": [
        "Talt med {navn} om underretningen, og hvad {navn} selv tænker om det, der står i den.",
        "Samtale med {navn} om hverdagen derhjemme og i {skole}. {navn} fortalte, hvad der er "
        "svært lige nu.",
    ],
    "samtale-undersoegelse": [
        "Samtale med {navn} som led i undersøgelsen: hvad går godt, og hvad skal være anderledes.",
        "Brugt en skala fra 1 til 10 med {navn}: skolen 6, hjemme 4, venner 8.",
    ],
    "samtale-indsats": [
        "Talt med {navn} om, hvad der skal ske nu, og hvem {navn} kan ringe til.",
        "Samtale med {navn} om indsatsen: {navn} ved, hvorfor den er sat i gang, og hvad målet er.",
    ],
    "samtale-foer-opfoelgning": [
        "Samtale med {navn} alene før opfølgningen: hvordan går det med målene, set fra {navn}.",
        "Walk-and-talk med {navn} alene. {navn} fortalte, hvad der er blevet bedre, og hvad ikke.",
        "Samtale med {navn} alene på {skole} før opfølgningsmødet.",
    ],
}
VOICE_SETTINGS = ["På rådhuset", "Hjemme hos {navn}", "På {skole}", "Walk-and-talk i byen"]
VOICE_METHODS = [["talk"], ["talk"], ["talk", "scale"], ["talk", "drawing"], ["walk"], ["cards"]]
YOUNG_METHODS = [["observation"], ["play", "observation"], ["drawing", "talk"]]
OMISSION_TEXTS = {
    OMIT_AGE: "{navn} er for lille til en samtale; i stedet observeret i hjemmet og i "
    "{institution}.",
    OMIT_DECLINED: "{navn} ønskede ikke at tale med rådgiveren denne gang. Tilbuddet står ved "
    "magt, og {navn} ved, hvordan rådgiveren kan kontaktes.",
    OMIT_NATURE: "Sagens karakter: en samtale nu ville belaste {navn} unødigt. Vurderingen "
    "bygger på oplysninger fra {skole}.",
}
WISH_WEIGHTS = {  # (followed, partly, against, no_wish)
    "placement": (35, 25, 30, 10),
    "114": (80, 15, 5, 0),
    "other": (58, 22, 10, 10),
}
WEIGHINGS = [
    "{navns} ønske om at blive på sin skole har vejet tungt i valget af indsats.",
    "{navn} ønsker ro derhjemme; det er indsatsens første mål.",
    "{navns} mening er tillagt vægt, men hensynet til {navns} sikkerhed går forud.",
    "{navn} har selv foreslået, hvem der skal være kontaktperson, og det er fulgt.",
]
YOUNG_WEIGHING = (
    "{navn} er for lille til at sige sin mening; det, vi har set af {navns} trivsel, har vejet "
    "tungt."
)
OBTAINED_OTHERWISE = [
    "Observation af {navn} i {institution} og samtale med de voksne, der kender {navn} bedst.",
    "Observation i hjemmet og oplysninger fra sundhedsplejersken.",
]
EXPLANATIONS = [
    "Vi har besluttet noget andet, end du ønskede. Det er fordi, vi skal være sikre på, at du "
    "har det godt hver dag. Du kan altid ringe til mig og spørge.",
    "Du ville gerne blive boende derhjemme. Lige nu er det ikke trygt nok, og derfor skal du bo "
    "et andet sted et stykke tid. Du skal stadig se din mor og far.",
    "Du sagde, at du ikke ville have en kontaktperson. Vi synes, du skal prøve i tre måneder, "
    "og så taler vi om det igen. Du må gerne være med til at vælge.",
]
EXPLANATION_HOW = [
    "Samtale med {navn} alene",
    "Hjemmebesøg, hvor rådgiveren forklarer det med tegninger",
    "Samtale på {skole} og et brev bagefter",
    "Telefonsamtale og et brev skrevet til {navn}",
]
STATEMENT_TRUSTED_ADULTS = ["Klasselærer på {skole}", "Pædagog i {institution}", "Mormor"]

# Meetings with the child (M5), in words for the child.
MEETING_PURPOSES = {
    "start_up": [
        "Vi starter din hjælp op og aftaler, hvem der gør hvad.",
        "Vi mødes, så alle ved, hvad din hjælp skal gøre godt for.",
    ],
    "follow_up": [
        "Vi taler om, hvordan det går med din hjælp, og om noget skal ændres.",
        "Vi ser på dine mål og hører, hvad du synes om din hjælp.",
        "Vi snakker om, hvordan det går i skolen og derhjemme.",
    ],
    "network": [
        "Vi taler om, hvem der kan hjælpe dig og din familie.",
        "De voksne omkring dig mødes for at finde ud af, hvordan de bedst kan hjælpe.",
    ],
    "plan": ["Vi laver din plan sammen og skriver dine mål ned med dine egne ord."],
    "handover": ["Du møder din nye rådgiver, {ny}, og I lærer hinanden at kende."],
}
MEETING_PLACES = [
    "Rådhuset, mødelokale 2",
    "Hjemme hos {navn}",
    "{skole}",
    "Familiehuset",
    "Ungdomsklubben",
    "Rådhuset, det lille mødelokale",
]
CASEWORKER_ITEMS = {
    "start_up": ["Hvad din hjælp skal gøre godt for", "Hvem gør hvad", "Hvornår vi ses igen"],
    "follow_up": ["Hvordan det går i skolen", "Hvordan det går derhjemme", "Dine mål"],
    "network": ["Hvem er der omkring dig", "Hvem kan hjælpe med hvad", "Aftaler"],
    "plan": ["Dine mål", "Hvem hjælper dig med hvad", "Hvornår vi ser på planen igen"],
    "handover": ["Hvem er din nye rådgiver", "Det, du gerne vil have, at hun eller han ved"],
}
CHILD_TOPICS = [
    "Hvornår jeg kan se min far",
    "At jeg gerne vil blive i min klasse",
    "Fodbold om tirsdagen",
    "At der er larm om aftenen",
    "Min kontaktperson",
    "Hvor tit vi skal holde møder",
    "Mine venner",
    "Lommepenge",
    "Hvad der skal ske i sommerferien",
    "At jeg gerne vil have min egen telefon",
    "Om jeg må sove hos min ven",
]
CHILD_WANTS = [
    "At det går bedre i skolen nu.",
    "At jeg gerne vil se min far noget mere.",
    "At jeg ikke vil skifte skole.",
    "At jeg godt kan lide min kontaktperson.",
]
MEETING_SUMMARIES = {
    "start_up": [
        "Vi aftalte, hvem der hjælper dig med hvad. Vi ses igen om tre måneder og ser på, "
        "hvordan det går.",
    ],
    "follow_up": [
        "Vi aftalte, at din hjælp fortsætter, fordi du fortalte, at det går bedre i skolen.",
        "Vi aftalte at ændre din hjælp lidt, fordi du sagde, at aftenerne stadig er svære.",
        "Vi aftalte, at du fortsat ser din kontaktperson hver uge, fordi det hjælper dig.",
    ],
    "network": [
        "Vi aftalte, at din lærer og din kontaktperson taler sammen hver måned, så de ved, "
        "hvordan du har det.",
        "Vi aftalte, at din mormor henter dig om onsdagen, fordi du gerne ville det.",
    ],
    "plan": ["Vi skrev dine mål ned med dine ord. Vi ser på dem igen om tre måneder."],
    "handover": ["Du mødte {ny}, som er din nye rådgiver. {ny} ringer til dig i næste uge."],
}
MEETING_PROFESSIONALS = [
    ("Klasselærer på {skole}", "Fortæller om, hvordan det går i skolen."),
    ("Pædagog i {institution}", "Fortæller om din hverdag."),
    ("Din kontaktperson", "Hjælper dig med at sige det, du gerne vil."),
    ("Sundhedsplejersken", "Fortæller om, hvordan du har det."),
]
CHILD_PARTICIPANT_ROLE = "Dig. Mødet handler om dig, og det, du siger, er vigtigt."
CASEWORKER_PARTICIPANT_ROLE = (
    "Din rådgiver. Leder mødet, sørger for, at du bliver hørt, og skriver ned, hvad vi aftaler."
)
DANISH_MONTHS = (  # noqa: SIM905 - a word list reads better than 12 quoted names
    "januar februar marts april maj juni juli august september oktober november december"
).split()
HANDOVER_NOT_TOLD = [
    "Skiftet kom med kort varsel, fordi rådgiveren blev syg.",
    "Barnet er for lille til at forstå det; forældrene fik det at vide.",
]
HANDOVER_NO_MEETING = [
    "Barnet ønskede ikke et møde; den nye rådgiver ringer i stedet.",
    "Barnet kender allerede den nye rådgiver fra sagen.",
]
