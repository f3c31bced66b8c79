"""The Danish texts of the case file: journal notes, documents, hearings and their answers.

Placeholders as in ``texts``: {navn}, {navns}, {skole}, {institution}, {kommune}, and for the
case file also {forælder} (a parent's first name), {forælder2} (the other's, or the same) and
{rådgiver} (the caseworker's full name). All people and places are fictional.
"""

from __future__ import annotations

# A journal note: (kind, title, text, present, the child took part, internal).
# "present" lists who was there; "{navn}" there means the child was.
NOTES_SCHOOL_AGE = [
    (
        "conversation",
        "Samtale med {navn} på skolen",
        "Talte med {navn} i et mødelokale på {skole}. {navn} havde selv valgt at sidde ved "
        "vinduet og tegnede lidt undervejs. Vi talte om, hvordan det går i klassen og derhjemme. "
        "{navn} fortalte, at det er blevet lidt bedre med at sove, men at morgenerne stadig er "
        "svære, fordi der tit er skænderier, før de skal af sted. {navn} var åben og svarede "
        "uddybende, men blev stille, da vi kom ind på weekenderne. Jeg sagde, at vi kan tale om "
        "det en anden gang, hvis {navn} har lyst. Aftalt at vi ses igen om tre uger.",
        "{navn}, {rådgiver}",
        True,
        False,
    ),
    (
        "conversation",
        "Samtale med {navn} om hverdagen",
        "Samtale med {navn} hjemme på værelset, uden forældrene til stede. {navn} viste sine "
        "ting frem og fortalte om fodbold og om en ny ven i klassen. Om hjemmet sagde {navn}, "
        "at det er bedst, når {forælder} ikke er træt. {navn} ved, at jeg taler med forældrene "
        "bagefter, og vi aftalte, hvad jeg må fortælle dem. {navn} virkede mere afslappet end "
        "sidst.",
        "{navn}, {rådgiver}",
        True,
        False,
    ),
    (
        "conversation",
        "Hjemmebesøg hos familien",
        "Anmeldt hjemmebesøg. Hjemmet fremstod ryddeligt, og der var mad i køleskabet. "
        "{forælder} fortalte, at familien har fået en fast aftenrutine, og at {navn} nu er i seng "
        "senest kl. 21. {forælder2} var mere forbeholden og gav udtryk for, at kommunen blander "
        "sig for meget. Vi drøftede, hvad der skal til, for at familien oplever støtten som en "
        "hjælp. {navn} var hjemme og deltog kort i starten af besøget.",
        "{forælder}, {forælder2}, {navn}, {rådgiver}",
        True,
        False,
    ),
    (
        "conversation",
        "Samtale med {forælder} om forløbet",
        "Samtale med {forælder} på rådhuset. {forælder} er glad for familiebehandlingen, men "
        "synes, det er svært at nå det hele med arbejde og to børn. Vi talte om, hvordan {navn} "
        "kan få mere ro om morgenen. {forælder} vil gerne have, at skolen inddrages mere, og giver "
        "samtykke til, at jeg kontakter klasselæreren.",
        "{forælder}, {rådgiver}",
        False,
        False,
    ),
    (
        "phone",
        "Telefonsamtale med {forælder}",
        "{forælder} ringede og fortalte, at {navn} har haft en god uge i skolen og har været med "
        "til fodbold to gange. Der har dog været en konflikt i weekenden, som {forælder} gerne "
        "vil tale om på næste møde. Aftalt at jeg ringer igen efter mødet.",
        "{forælder} (telefon)",
        False,
        False,
    ),
    (
        "phone",
        "Opringning fra klasselæreren på {skole}",
        "Klasselæreren ringede for at orientere om, at {navn} har haft flere dages fravær de "
        "sidste to uger og virker træt i timerne. Skolen har talt med forældrene om det. Jeg har "
        "bedt skolen sende en skriftlig udtalelse og fortalt, at forældrene er orienteret om, at "
        "vi samarbejder med skolen.",
        "Klasselærer (telefon)",
        False,
        False,
    ),
    (
        "phone",
        "Sparring med faglig leder",
        "Kort sparring med faglig leder om skolens bekymring for {navns} fravær, og om hvornår "
        "forældrene skal inddrages. Vi er enige om at tage det op på netværksmødet, så "
        "forældrene hører det samtidig med skolen.",
        "Faglig leder (telefon)",
        False,
        True,
    ),
    (
        "meeting",
        "Netværksmøde på {skole}",
        "Netværksmøde med forældre, klasselærer og skolens AKT-lærer. Skolen oplever, at {navn} "
        "er faldet mere til ro i klassen, men har svært ved frikvartererne. Forældrene fortalte "
        "om bedre morgener derhjemme. Aftaler: skolen laver en frikvartersordning med en fast "
        "voksen, forældrene skriver dagligt i kontaktbogen, og vi mødes igen om seks uger. "
        "{navn} deltog i den første halve time og fortalte selv, hvad der hjælper i skolen.",
        "{forælder}, {forælder2}, {navn}, klasselærer, AKT-lærer, {rådgiver}",
        True,
        False,
    ),
    (
        "meeting",
        "Opfølgningsmøde med familien",
        "Opfølgning på indsatsen med familien og familiebehandleren. Familiebehandleren vurderer, "
        "at forældrene er blevet bedre til at dele opgaverne og tale roligt med {navn}. Målene i "
        "handleplanen blev gennemgået; målet om skolefremmøde er næsten nået. {navn} ønskede "
        "ikke at deltage, men havde skrevet tre ting ned, som vi læste op.",
        "{forælder}, {forælder2}, familiebehandler, {rådgiver}",
        False,
        False,
    ),
    (
        "email",
        "Mail fra {skole} om fravær",
        "Modtaget mail fra skolens sekretær med {navns} fraværsoversigt for de sidste tre "
        "måneder: 11 dages fravær, heraf 6 uden forklaring. Oversigten er lagt i sagen. Jeg tager "
        "det op med forældrene på næste møde.",
        "",
        False,
        False,
    ),
    (
        "email",
        "Mail til forældrene med referat",
        "Sendt referat fra netværksmødet til begge forældre med de aftaler, vi lavede. Bedt dem "
        "give besked inden en uge, hvis noget er misforstået. {forælder} har svaret og bekræftet "
        "aftalerne.",
        "",
        False,
        False,
    ),
    (
        "observation",
        "Observation af samvær",
        "Overværede samvær mellem {navn} og {forælder2} i kommunens samværslokale i en time. "
        "{navn} var i starten tilbageholdende, men spillede kort med {forælder2} efter et "
        "kvarter. {forælder2} var tålmodig og fulgte {navns} tempo. Afslutningen var rolig, og "
        "{navn} spurgte, hvornår de ses igen.",
        "{navn}, {forælder2}, {rådgiver}",
        True,
        False,
    ),
    (
        "internal_assessment",
        "Faglig vurdering efter netværksmødet",
        "Min vurdering er, at der er sket en positiv udvikling i hjemmet, men at {navn} fortsat "
        "har brug for en fast voksen i skolen. Bekymringen for fraværet er ikke væk. Jeg "
        "anbefaler, at indsatsen fortsætter uændret i tre måneder og tages op igen ved næste "
        "opfølgning. Drøftes på teammødet.",
        "",
        False,
        True,
    ),
    (
        "internal_assessment",
        "Drøftelse på teammøde",
        "Sagen drøftet på teammødet med faglig leder og to kolleger. Vi er enige om, at der skal "
        "laves en børnefaglig undersøgelse, hvis fraværet ikke falder inden næste opfølgning. "
        "Kolleger pegede på, at {navns} egne ønsker om fritidsaktiviteter kan bruges mere.",
        "",
        False,
        True,
    ),
]

NOTES_YOUNG = [
    (
        "observation",
        "Observation i {institution}",
        "Observerede {navn} i to timer i {institution} sammen med den pædagog, {navn} er mest "
        "tryg ved. {navn} legede mest alene ved sandkassen og søgte voksenkontakt, når de andre "
        "børn kom for tæt på. Ved frokost spiste {navn} godt. Pædagogen oplever, at {navn} er "
        "mere urolig mandag morgen end resten af ugen.",
        "{navn}, pædagog, {rådgiver}",
        True,
        False,
    ),
    (
        "conversation",
        "Hjemmebesøg hos familien",
        "Anmeldt hjemmebesøg. {navn} sov til middag det meste af besøget. {forælder} fortalte "
        "om nætterne, der stadig er urolige, og om at det hjælper at have sundhedsplejersken at "
        "ringe til. Vi talte om en fast aftenrutine. Hjemmet fremstod rent og ryddeligt.",
        "{forælder}, {forælder2}, {rådgiver}",
        False,
        False,
    ),
    (
        "phone",
        "Opringning fra {institution}",
        "Lederen af {institution} ringede, fordi {navn} er blevet hentet sent flere gange, og "
        "fordi {navn} har været ked af det ved afleveringen. Institutionen har talt med "
        "{forælder}. Vi aftalte, at institutionen skriver en kort udtalelse til sagen.",
        "Leder af {institution} (telefon)",
        False,
        False,
    ),
    (
        "phone",
        "Telefonsamtale med {forælder}",
        "{forælder} ringede for at høre, hvornår familiebehandlingen starter. Jeg fortalte, at "
        "den første samtale er planlagt i næste uge. {forælder} var lettet og fortalte, at "
        "{navn} er begyndt at sove bedre.",
        "{forælder} (telefon)",
        False,
        False,
    ),
    (
        "meeting",
        "Møde med sundhedsplejersken",
        "Møde med sundhedsplejersken om {navns} trivsel og udvikling. Vægt og længde følger "
        "kurven. Sundhedsplejersken har ikke længere den samme bekymring for samspillet mellem "
        "{forælder} og {navn}, men anbefaler, at forældrene fortsat får vejledning.",
        "Sundhedsplejerske, {rådgiver}",
        False,
        False,
    ),
    (
        "email",
        "Mail fra {institution}",
        "Modtaget mail fra {institution} om, at {navn} har været syg en uge og nu er tilbage. "
        "Personalet oplever {navn} som gladere efter ferien. Mailen er lagt i sagen.",
        "",
        False,
        False,
    ),
    (
        "internal_assessment",
        "Faglig vurdering",
        "Min vurdering er, at forældrene tager imod vejledningen og er blevet bedre til at læse "
        "{navns} signaler. Der er ikke grundlag for at ændre indsatsen nu. Jeg følger op med "
        "institutionen om to måneder.",
        "",
        False,
        True,
    ),
]

# The child's own words in a note, filed as a statement: by age group.
NOTE_WORDS = {
    "child": [
        "Jeg kan bedst lide, når vi spiser aftensmad sammen alle sammen.",
        "Jeg vil gerne have, at der ikke bliver råbt om morgenen.",
        "Det er rart at snakke med dig, men ikke for længe.",
        "Jeg vil gerne blive ved med at gå til fodbold.",
    ],
    "youth": [
        "Jeg vil gerne have, at der er en voksen på skolen, jeg kan gå til, når det er svært.",
        "Jeg vil selv være med til at bestemme, hvornår vi holder møder.",
        "Det hjælper at komme væk hjemmefra i weekenden, men jeg vil ikke flytte.",
        "Jeg har det bedre nu, men jeg vil gerne have, at I stadig holder øje.",
    ],
}

# A correction of a note: (what it changes, the reason). "present" adds someone who was there,
# "text" adds a missing agreement, "day" moves the note to the working day before.
CORRECTIONS = [
    ("present", "Tilføjet, at familiebehandleren også deltog."),
    ("text", "Tilføjet aftalen fra slutningen af samtalen, som manglede i første udgave."),
    ("day", "Datoen var forkert: det skete dagen før."),
]
CORRECTION_ADDED_PRESENT = "familiebehandler"
CORRECTION_ADDED_TEXT = " Vi aftalte til sidst, at jeg ringer igen i næste uge."

# A document on the case: (title, sender, description, visibility, ages (from, to)).
DOCUMENTS = [
    (
        "Skoleudtalelse",
        "{skole}",
        "Udtalelse fra klasselæreren om {navns} trivsel, fravær og faglige niveau.",
        "case_team",
        (6, 17),
    ),
    (
        "Udtalelse fra daginstitution",
        "{institution}",
        "Pædagogisk udtalelse om {navns} trivsel og udvikling.",
        "case_team",
        (1, 5),
    ),
    (
        "Lægeerklæring",
        "Lægehuset ved Torvet",
        "Erklæring fra egen læge om {navns} helbred.",
        "case_team",
        (0, 17),
    ),
    (
        "Referat fra netværksmøde",
        "Stemmeby Kommune, Børn og Familie",
        "Referat med aftaler fra netværksmødet, sendt til forældrene.",
        "parents",
        (0, 17),
    ),
    (
        "Udtalelse fra sundhedsplejen",
        "Sundhedsplejen, Stemmeby Kommune",
        "Sundhedsplejerskens udtalelse om trivsel, vægt og samspil.",
        "case_team",
        (0, 2),
    ),
    (
        "Brev fra {navn} til rådgiveren",
        "{navn}",
        "Brev, som {navn} selv har skrevet og afleveret ved samtalen (scannet).",
        "child",
        (9, 17),
    ),
    (
        "Til {navn}: sådan hjælper vi",
        "Stemmeby Kommune, Børn og Familie",
        "En kort forklaring til {navn} med tegninger af, hvem der hjælper, og hvad vi har aftalt.",
        "child",
        (6, 17),
    ),
    (
        "Samtykkeerklæring",
        "{forælder}",
        "Forældrenes samtykke til, at kommunen indhenter oplysninger fra skole og læge.",
        "parents",
        (0, 17),
    ),
]
PLACED_DOCUMENT = (
    "Statusrapport fra plejefamilien",
    "Plejefamilien",
    "Halvårlig statusrapport om {navns} trivsel i plejefamilien.",
    "case_team",
    (0, 17),
)
# The lines of a document's (generated) PDF after its title, by title's first word.
DOCUMENT_LINES = [
    "Vedrørende: {fulde_navn}",
    "Dato: {dato}",
    "",
    "{beskrivelse}",
    "",
    "Dokumentet er demodata fra Stemmeby Kommune.",
]

# What we attach weight to, before the decision (the hearing's basis), by paragraph.
HEARING_BASIS = {
    "32": (
        "Vi overvejer at træffe afgørelse om en støttende indsats efter barnets lov § 32 for "
        "{navn}. Vi lægger vægt på den børnefaglige undersøgelse, som viser, at {navn} har brug "
        "for mere ro og faste rammer i hverdagen, og på det, {navn} selv har fortalt. Vi ved, at "
        "I ikke er enige i alle dele af vurderingen, og I er velkomne til at komme med "
        "bemærkninger, før vi træffer afgørelsen."
    ),
    "47": (
        "Vi overvejer at indstille til børne- og ungeudvalget, at {navn} anbringes uden for "
        "hjemmet uden samtykke efter barnets lov § 47. Vi lægger vægt på, at støtten i hjemmet "
        "ikke har ført til den nødvendige forandring, og på {navns} behov for stabilitet. I har "
        "ret til at se sagens oplysninger og til at komme med bemærkninger, før vi indstiller."
    ),
}
HEARING_ANSWERS_PARENT = [
    "Vi er ikke enige i, at der er brug for en indsats, men vi vil gerne samarbejde, hvis "
    "det foregår hjemme hos os.",
    "Jeg er enig i, at {navn} har brug for hjælp, men ikke i beskrivelsen af hjemmet. Det er "
    "blevet meget bedre det sidste halve år.",
    "Vi har ingen bemærkninger til den planlagte afgørelse.",
    "Jeg ønsker, at skolen bliver hørt igen, før der træffes afgørelse.",
]
HEARING_ANSWERS_CHILD = [
    "Jeg vil helst blive boende hjemme, men jeg vil gerne have hjælp til skolen.",
    "Jeg synes, det er okay, hvis jeg stadig kan gå på min skole.",
    "Jeg vil gerne have, at der bliver lyttet til mig, før I beslutter noget.",
]
WAIVED_URGENCY = (
    "Afgørelsen blev truffet foreløbigt af formanden, fordi {navns} sikkerhed ikke kunne vente "
    "på forældrenes bemærkninger. Forældrene er hørt mundtligt ved mødet samme dag."
)
# The parties' roles as the hearing service writes them (in Danish).
PARTY_ROLES = {
    "mother": "Mor (forældremyndighed)",
    "father": "Far (forældremyndighed)",
    "parent": "Forælder (forældremyndighed)",
    "guardian": "Beskikket forældremyndighedsindehaver (forældremyndighed)",
}
CHILD_PARTY_ROLE = "Barnet (part fra 10 år, barnets lov § 3)"
