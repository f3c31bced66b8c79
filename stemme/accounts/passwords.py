"""Password policy beyond Django's validators: guessable Danish passwords, checked offline.

Django's CommonPasswordValidator (settings.AUTH_PASSWORD_VALIDATORS) is the offline breached-
password check: 20,000 passwords that recur most often in published breach corpora, shipped with
Django (django/contrib/auth/common-passwords.txt.gz), compared after lower-casing. Stemme calls
no online service (a municipality's server may not reach one, and a password must not leave it).

That list is mostly English and matches whole passwords only, so "sommer2024!!" (twelve
characters, not on the list) would pass. This validator catches what attackers try first against
Danish staff: a common Danish (or English) word, a month or season, a name of the user, of the
municipality or of the system, with digits and signs around it, and simple letter-for-digit
swaps (s0mmer). Long passphrases of several words pass.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Words that passwords are most often built from in Danish: seasons, months, weekdays, places,
# football clubs, pets, family words, greetings, keyboard runs, and the English classics.
_WORDS = """
    adgang adgangskode kodeord kode password passw0rd passwort login logind velkommen welcome
    hemmelig hemmeligt secret letmein qwerty qwertyuiop asdf asdfgh asdfghjkl zxcvbnm
    qwertz azerty abc abcd abcdef abcdefg abcdefgh test testtest tester admin administrator
    bruger user root master superman batman dragon monkey football fodbold sommer vinter forår
    foraar efterår efteraar jul julen juleaften påske paaske januar februar marts april maj juni
    juli august september oktober november december mandag tirsdag onsdag torsdag fredag lørdag
    loerdag søndag soendag danmark denmark dansk københavn koebenhavn kobenhavn copenhagen aarhus
    århus odense aalborg ålborg esbjerg randers kolding horsens vejle roskilde herning silkeborg
    fck brøndby broendby brondby agf ob fcm fcn aab vff sønderjyske hygge hyggelig kærlighed
    kaerlighed elskerdig jegelskerdig hejmeddig hejsa hallo hej godmorgen skat skatter
    min mit mine familie familien mor far mormor morfar farmor farfar bedstemor bedstefar
    søster bror barn børn boern hund hunden kat katten mis misser hest hesten fisk bamse
    prinsesse prins kongen dronning solskin sol måne maane stjerne blomst rose lilje
    kommune kommunen forvaltning socialrådgiver socialraadgiver rådgiver raadgiver sagsbehandler
    stemme stemmeby arbejde kontor computer internet iloveyou sunshine princess shadow
    michael jesper lars hansen jensen nielsen pedersen andersen christensen larsen sørensen
    rasmussen jørgensen petersen madsen kristensen olsen thomsen poulsen johansen knudsen
"""
GUESSABLE_WORDS = frozenset(_WORDS.split())

_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a"})
_NOT_A_LETTER_AT_THE_ENDS = re.compile(r"^[^a-zæøå]+|[^a-zæøå]+$")
_NOT_A_LETTER = re.compile(r"[^a-zæøå]")


def _core(password: str) -> str:
    """The letters a password is built around: digits and signs at both ends cut off, letter-
    for-digit swaps undone and separators inside removed ("S0mmer-2024!" → "sommer")."""
    lowered = password.lower()
    stripped = _NOT_A_LETTER_AT_THE_ENDS.sub("", lowered)
    if not stripped:
        return ""
    return _NOT_A_LETTER.sub("", stripped.translate(_LEET))


def _personal_words(user) -> set[str]:
    if user is None:
        return set()
    words = {getattr(user, "username", ""), getattr(user, "first_name", "")}
    words.add(getattr(user, "last_name", ""))
    municipality = getattr(user, "municipality", None)
    if municipality is not None:
        words.update(municipality.name.split())
        words.add(municipality.name)
    cores = {_NOT_A_LETTER.sub("", word.lower()) for word in words if word}
    return {core for core in cores if len(core) >= 3}


class DanishPasswordValidator:
    """Refuses a password that is a guessable word or a name of the user or the municipality,
    with at most digits and signs added around it (or repeated, e.g. "sommersommer")."""

    def validate(self, password, user=None):
        core = _core(password)
        if not core:
            return  # digits and signs only: NumericPasswordValidator and the length rule decide
        guessable = GUESSABLE_WORDS | _personal_words(user)
        if core in guessable or _is_repeat_of(core, guessable):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is a common word or a name with "
                    "digits or signs added. Use a sentence of a few words that only you know."
                ),
                code="password_guessable",
            )

    def get_help_text(self):
        return _(
            "Your password can't be a common word, a month, a season or a name with digits added."
        )


def _is_repeat_of(core: str, words: frozenset | set) -> bool:
    """ "sommersommer" or "kodeordkodeord": one guessable word written two or more times."""
    for size in range(3, len(core) // 2 + 1):
        if len(core) % size == 0 and core[:size] * (len(core) // size) == core:
            return core[:size] in words
    return False


# --- Repeated and sequential characters ---------------------------------------------------------

_ALPHABET = "abcdefghijklmnopqrstuvwxyzæøå"
MIN_DISTINCT_CHARACTERS = 4
MIN_REPEATS_OF_A_UNIT = 3


def _following(character: str) -> str:
    """The character after this one in a run: digits wrap around (…8, 9, 0, 1…), letters
    follow the Danish alphabet, anything else the next code point."""
    if character.isdigit() and character.isascii():
        return str((int(character) + 1) % 10)
    position = _ALPHABET.find(character)
    if position >= 0:
        return _ALPHABET[position + 1] if position + 1 < len(_ALPHABET) else ""
    return chr(ord(character) + 1)


def _is_run(text: str) -> bool:
    """ "abcdefghijkl", "123456789012", "lkjihgfedcba": every character follows the one before
    it (or all precede it)."""
    pairs = list(zip(text, text[1:], strict=False))
    return all(b == _following(a) for a, b in pairs) or all(a == _following(b) for a, b in pairs)


def _is_repeated_unit(text: str) -> bool:
    """ "abcabcabcabc" or "121212121212": a short piece written three or more times."""
    for size in range(1, len(text) // MIN_REPEATS_OF_A_UNIT + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return False


class RepetitionPasswordValidator:
    """Refuses a password made of one character (or very few) repeated, a short piece repeated,
    or a run of characters in order ("aaaaaaaaaaaa", "abababababab", "abcdefghijkl",
    "123456789012"): the length rule is met, but such a password is guessed at once."""

    def validate(self, password, user=None):
        text = password.lower()
        if len(text) < 2:
            return  # the length rule decides
        if len(set(text)) < MIN_DISTINCT_CHARACTERS or _is_repeated_unit(text):
            raise ValidationError(
                _(
                    "This password is too easy to guess: it is the same character or a few "
                    "characters repeated. Use a sentence of a few words that only you know."
                ),
                code="password_repeated",
            )
        if _is_run(text):
            raise ValidationError(
                _(
                    "This password is too easy to guess: its characters follow each other in "
                    "order, like “abcdef” or “123456”. Use a sentence of a few words that only "
                    "you know."
                ),
                code="password_sequential",
            )

    def get_help_text(self):
        return _(
            "Your password can't be the same characters repeated or a run like “abcdef” or "
            "“123456”."
        )
