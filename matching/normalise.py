"""Normalisers that turn messy identifiers into comparable keys.

Every public function here is pure and total: it accepts any text (or ``None``) and returns a
normalised key, a small value object, or ``None`` when the input is unusable. None of them
raise on bad input, because records arrive from web forms, police exports and spreadsheets and
one unparsable cell must never stop a matching run.

Keys are idempotent where that makes sense: feeding a key back into its normaliser returns the
same key, so a stored key can be re-normalised safely after a library upgrade.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from stdnum.nl import bsn
from unidecode import unidecode

if TYPE_CHECKING:
    from functools import cached_property
else:

    class cached_property:  # a drop-in for functools.cached_property
        """``functools.cached_property`` without its lock.

        Python 3.11's version takes a lock on every first read, which costs more than computing
        the small values here (it showed up at 5 % of a dedupe; Python 3.12 dropped the lock).
        The values are pure functions of frozen fields, so two threads computing one at once
        store the same value.
        """

        def __init__(self, func: Any) -> None:
            self.func = func
            self.attrname = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner: type, name: str) -> None:
            self.attrname = name

        def __get__(self, instance: Any, owner: type | None = None) -> Any:
            if instance is None:
                return self
            value = instance.__dict__[self.attrname] = self.func(instance)
            return value


__all__ = [
    "PARTICLES",
    "AddressParts",
    "HouseNumber",
    "PartialDate",
    "PersonName",
    "address_key",
    "compare_dates",
    "dutch_plate_sidecode",
    "fold",
    "forget_seeded_name_keys",
    "full_name_parts",
    "name_key",
    "name_key_entries",
    "normalise_city",
    "normalise_date",
    "normalise_email",
    "normalise_house_number",
    "normalise_iban",
    "normalise_id_number",
    "normalise_kvk",
    "normalise_name",
    "normalise_organisation_name",
    "normalise_phone",
    "normalise_plate",
    "normalise_postcode",
    "normalise_street",
    "normalise_url",
    "parse_address",
    "parse_date",
    "parse_house_number",
    "parse_name",
    "phonetic_key",
    "plate_key",
    "seed_name_keys",
    "sorted_name_key",
    "spelling_key",
    "street_key",
    "transliteration_keys",
    "url_key",
]

# Inputs longer than this are not identifiers but pasted notes; cutting them keeps every
# normaliser linear and cheap on hostile input.
MAX_INPUT = 512


def _text(value: object) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value[:MAX_INPUT]
    return ""


def _nfkc(value: object) -> str:
    # NFKC turns full-width digits, ligatures and superscripts into their plain forms, so
    # "１２３４ＡＢ" is a postcode like any other.
    return unicodedata.normalize("NFKC", _text(value))


_APOSTROPHES = re.compile(r"['`´‘’ʼ′]")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# What registers write when a value is unknown; "NN" (nomen nescio) is the police's unknown name.
_PLACEHOLDERS: frozenset[str] = frozenset(
    {"onbekend", "unknown", "nn", "n n", "nvt", "n v t", "geen", "none", "null", "nil", "x", "xx", "xxx",
     "leeg", "anoniem", "anonymous", "niet bekend", "n b", "nb", "0", "na", "n a", "ntb", "n t b"}
)  # fmt: skip


def _is_placeholder(folded: str) -> bool:
    return folded in _PLACEHOLDERS


def fold(text: str | int | None) -> str:
    """Lowercase ASCII letters and digits separated by single spaces.

    Transliterates every script to Latin (Cyrillic, Greek, Arabic …), strips diacritics and
    drops apostrophes without a gap, so "O'Brien", "OBrien" and "o’brien" fold alike.
    """
    ascii_text = unidecode(_nfkc(text))
    ascii_text = _APOSTROPHES.sub("", ascii_text).casefold()
    return _NON_ALNUM.sub(" ", ascii_text).strip()


# ---------------------------------------------------------------------------------------------
# Personal names
# ---------------------------------------------------------------------------------------------

# Surname particles (tussenvoegsels) and their foreign cousins. Dutch registers sort and
# compare on the name without them, and data entry is inconsistent about them ("v.d. Berg",
# "Berg, van den", "Van Den Berg"), so they are kept apart instead of thrown away.
# Single letters are deliberately absent: "T. de Vries" starts with an initial, not with "'t".
# The contractions "'t" and "'s" are spelled out before folding, and "v.d." becomes "vd".
PARTICLES: frozenset[str] = frozenset(
    {
        "van", "von", "vom", "zu", "zum", "der", "den", "de", "del", "della", "dela", "des",
        "di", "da", "dos", "das", "du", "het", "ter", "ten", "te", "in", "op", "onder", "aan",
        "bij", "uit", "voor", "over", "la", "le", "el", "al", "vd", "ibn", "bin", "bint",
    }
)  # fmt: skip

_CONTRACTED_HET = re.compile(r"(?<![^\W_])['`´‘’ʼ]t(?![^\W_])", re.IGNORECASE)
_CONTRACTED_DES = re.compile(r"(?<![^\W_])['`´‘’ʼ]s(?![^\W_])", re.IGNORECASE)
_VAN_DER = re.compile(r"(?<![^\W\d_])v\s*[./]\s*d(?![^\W\d_])\.?|(?<![^\W\d_])vd(?![^\W\d_])\.?", re.IGNORECASE)


# A lone Cyrillic or Greek letter is an initial, and unidecode spells some of them with two
# Latin letters (Є -> "Ie", Ж -> "Zh"); an initial stays one letter.
_SCRIPT_INITIAL = re.compile(r"(?<![^\W\d_])([\u0370-\u03ff\u0400-\u04ff])(?![^\W\d_])")


def _latin_initial(match: re.Match[str]) -> str:
    return unidecode(match.group(1))[:1] or match.group(1)


@lru_cache(maxsize=1 << 17, typed=True)
def _fold_name(text: str | None) -> str:
    raw = _nfkc(text)
    raw = _SCRIPT_INITIAL.sub(_latin_initial, raw)
    raw = _CONTRACTED_HET.sub(" het ", raw)
    raw = _CONTRACTED_DES.sub(" des ", raw)
    raw = _VAN_DER.sub(" vd ", raw)
    return fold(raw)


@dataclass(frozen=True)
class PersonName:
    """A personal name split into given names, surname particles and the core surname.

    All parts are folded tokens. ``initials_only`` says that the given names are only
    initials ("J.P."), which can agree with, but never contradict, a written-out name.
    """

    given: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    surname: tuple[str, ...] = ()

    @cached_property
    def initials_only(self) -> bool:
        return bool(self.given) and all(len(token) == 1 for token in self.given)

    @cached_property
    def initials(self) -> str:
        return "".join(token[0] for token in self.given)

    @cached_property
    def given_key(self) -> str:
        return " ".join(self.given)

    @cached_property
    def first_given(self) -> str:
        return self.given[0] if self.given else ""

    @cached_property
    def core_key(self) -> str:
        """The surname without particles: what Dutch registers sort on."""
        return " ".join(self.surname)

    @cached_property
    def surname_key(self) -> str:
        """Particles plus core surname, e.g. ``"van der berg"``."""
        return " ".join(self.particles + self.surname)

    @cached_property
    def sorted_key(self) -> str:
        """Given names and core surname tokens, sorted; equal for swapped names."""
        return " ".join(sorted(self.given + self.surname))

    def key(self) -> str:
        return f"{self.core_key}|{' '.join(self.particles)}|{self.given_key}"


def _split_particles(tokens: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    particles = tuple(token for token in tokens if token in PARTICLES)
    core = tuple(token for token in tokens if token not in PARTICLES)
    if not core:
        # A surname made only of particle-like words ("De", "Al") is a surname, not nothing.
        return (), tuple(tokens)
    return particles, core


def _fold_tokens(text: str | None) -> list[str]:
    return _fold_name(text).split()


def parse_name(given: str | None, family: str | None) -> PersonName | None:
    """Split separately recorded given names and surname into a :class:`PersonName`.

    Particles written in the given-name field ("Jan van", a common form-filling habit) move to
    the surname. Returns ``None`` when neither part has any letters or digits.
    """
    given_tokens = [] if _is_placeholder(normalise_name(given)) else _fold_tokens(given)
    family_tokens = [] if _is_placeholder(normalise_name(family)) else _fold_tokens(family)
    moved: list[str] = []
    while len(given_tokens) > 1 and given_tokens[-1] in PARTICLES:
        moved.insert(0, given_tokens.pop())
    if family_tokens:
        # No given name starts with a particle: "de Boer" in the given-name field is a surname
        # typed in the wrong field (the names swapped). Its particles go with the surname, so
        # the rest can be recognised as a swap and "ter Horstenga" equals "Horstenga ter".
        leading: list[str] = []
        while len(given_tokens) > 1 and given_tokens[0] in PARTICLES:
            leading.append(given_tokens.pop(0))
        moved = leading + moved
        family_tokens = moved + family_tokens
    else:
        given_tokens += moved
    if not given_tokens and not family_tokens:
        return None
    particles, core = _split_particles(family_tokens)
    return PersonName(given=tuple(given_tokens), particles=particles, surname=core)


_UPPER_WORD = re.compile(r"^[^\W\d_]{2,}$")


def _is_capital_surname_word(word: str) -> bool:
    # Two capitals are more often initials without dots ("AB Jansen") than a surname, unless
    # they form a particle ("DE").
    if not (_UPPER_WORD.match(word) and word.isupper()):
        return False
    return len(word) >= 3 or fold(word) in PARTICLES


def full_name_parts(text: str | None) -> PersonName | None:
    """Split a full name written in one field into given names and surname.

    Understands "Jan de Vries", "de Vries, Jan", "Vries, Jan de", "J.P. Balkenende",
    "JANSEN Piet" (the upper-case surname convention of police and foreign documents) and
    "Jan v.d. Berg". Without a comma, particle or capitals the last word is taken as the
    surname, which is what most Dutch sources mean; swapped names are caught later by the
    swap-tolerant comparison and the sorted-token blocking key.
    """
    raw = _nfkc(text)
    if _is_placeholder(normalise_name(raw)):
        return None
    if "," in raw:
        family_raw, _, given_raw = raw.partition(",")
        given_tokens = _fold_tokens(given_raw)
        trailing: list[str] = []
        while given_tokens and given_tokens[-1] in PARTICLES:
            trailing.insert(0, given_tokens.pop())
        return parse_name(" ".join(given_tokens), " ".join([*trailing, *_fold_tokens(family_raw)]))

    words = raw.split()
    capitals = [_is_capital_surname_word(word) for word in words]
    if any(capitals) and not all(capitals):
        family_words = [word for word, cap in zip(words, capitals, strict=True) if cap]
        given_words = [word for word, cap in zip(words, capitals, strict=True) if not cap]
        # A particle written in lower case right before the capitals belongs to the surname.
        while len(given_words) > 1 and fold(given_words[-1]) in PARTICLES:
            family_words.insert(0, given_words.pop())
        return parse_name(" ".join(given_words), " ".join(family_words))

    tokens = _fold_tokens(raw)
    if not tokens:
        return None
    if len(tokens) == 1 or tokens[0] in PARTICLES:
        return parse_name("", " ".join(tokens))
    for position in range(1, len(tokens) - 1):
        if tokens[position] in PARTICLES:
            return parse_name(" ".join(tokens[:position]), " ".join(tokens[position:]))
    return parse_name(" ".join(tokens[:-1]), tokens[-1])


def normalise_name(text: str | None) -> str:
    """Folded name text with "'t", "'s" and "v.d." spelled out; the base of every name key."""
    return _fold_name(text)


def name_key(given: str | None, family: str | None) -> str | None:
    """A canonical key ``"core surname|particles|given names"``, e.g. ``"berg|van der|jan"``.

    Equal for "Van der Berg"/"Jan" and "van der berg"/"JAN"; differs when the particles differ,
    which the comparison treats as a near-miss rather than a disagreement.
    """
    parsed = parse_name(given, family)
    return parsed.key() if parsed else None


def sorted_name_key(text: str | None) -> str:
    """Tokens of a full name without particles, sorted; a blocking key robust to order swaps."""
    parsed = full_name_parts(text)
    return parsed.sorted_key if parsed else ""


# Order matters: "sch" before "ch", "ch" before the lone "c".
_SPELLING_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"eij|ey|ei|ij", "y"),
        (r"ph", "f"),
        (r"sch", "s"),
        (r"ch", "g"),
        (r"ck", "k"),
        (r"c(?=[eiy])", "s"),
        (r"c|q", "k"),
        (r"x", "ks"),
        (r"dt\b|d\b", "t"),
        (r"z", "s"),
        (r"w", "v"),
        (r"ae", "a"),
        (r"([a-z])\1+", r"\1"),
    )
)


# Keys of names worked out in another process, read before working them out here. A dedupe
# prepares its records in forked workers and scores them in workers forked later from the main
# process, which would otherwise work out the spelling and transliteration keys of every name
# a second time (see seed_name_keys).
_SPELLING_SEEDS: dict[str, str] = {}
_TRANSLITERATION_SEEDS: dict[str, tuple[str, ...]] = {}

# A name's spelling and transliteration keys, as name_key_entries gives them.
NameKeyEntry = tuple[str, str, tuple[str, ...]]


def name_key_entries(texts: Iterable[str]) -> list[NameKeyEntry]:
    """The spelling and transliteration keys of ``texts``, to hand to :func:`seed_name_keys` elsewhere.

    One entry per text as given: the caller leaves out texts it has handed over already.
    """
    return [(text, spelling_key(text), transliteration_keys(text)) for text in texts]


def seed_name_keys(entries: Iterable[NameKeyEntry]) -> None:
    """Take keys from :func:`name_key_entries` of another process; they are read before working keys out.

    The entries must come from this same code (a forked worker): they are trusted as they are.
    :func:`forget_seeded_name_keys` drops them again; until then they take memory like the
    caches, but unbounded.
    """
    for text, spelled, transliterated in entries:
        _SPELLING_SEEDS[text] = spelled
        _TRANSLITERATION_SEEDS[text] = transliterated


def forget_seeded_name_keys() -> None:
    """Drop the keys :func:`seed_name_keys` took (what was read of them stays in the caches)."""
    _SPELLING_SEEDS.clear()
    _TRANSLITERATION_SEEDS.clear()


# Pure and called for the same names over and over (block keys, comparisons, phonetic_key):
# cached here, once, bounded so a stream of unique names cannot grow it.
@lru_cache(maxsize=1 << 18)
def spelling_key(text: str | None) -> str:
    """Folded text with Dutch spelling variants merged (ij/ei/y, ph/f, ck/k, dt/d/t, double letters).

    "Meijer", "Meyer" and "Meier" give the same key, as do "Jansen" and "Janssen". Keeps the
    vowels, so it is safe for fuzzy comparison, not only for blocking.
    """
    if text in _SPELLING_SEEDS:
        return _SPELLING_SEEDS[text]
    key = _fold_name(text)
    # One pass can create a new match ("eei" -> "ey"), so repeat until nothing changes; every
    # rule removes a letter or a letter pair for good, so this ends after a few passes.
    previous = None
    while key != previous:
        previous = key
        for pattern, replacement in _SPELLING_RULES:
            key = pattern.sub(replacement, key)
    return key


# Latin spellings of one Cyrillic name merged: passport (Shevchenko, Yuliia, Zakharchenko),
# German (Schewtschenko, Julija, Sachartschenko), Dutch (Sjevtsjenko, Joelija, Zachartsjenko)
# and what unidecode makes of the Cyrillic itself (Ольга -> olga, Olha in a passport).
# "ch" is ч in a passport but х in German and Dutch; _TRANSLIT_CH gives both readings.
_TRANSLIT_BEFORE_CH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"tsch|tsj|cz", "c"),  # ч (and Polish cz)
        (r"sch|sj|sh|sz|zh|zj", "s"),  # ш, ж; щ becomes "sc"
        (r"kh", "h"),  # х
    )
)
_TRANSLIT_CH = ("c", "h")
_TRANSLIT_AFTER_CH: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ts|z", "s"),  # ц (German z), з (German s)
        (r"w", "v"),
        (r"oe", "u"),  # Dutch у
        (r"[jy]", "i"),  # й, и, and the first letter of є, ї, ю, я
        (r"g", "h"),  # Ukrainian г: h in Latin spellings, g from unidecode
        (r"([a-z])\1+", r"\1"),
    )
)


@lru_cache(maxsize=1 << 18)
def transliteration_keys(text: str | None) -> tuple[str, ...]:
    """Comparison keys that merge the Latin spellings of one Cyrillic name; one per reading of "ch".

    "Shevchenko", "Schewtschenko", "Sjevtsjenko" and "Шевченко" share a key, as do "Yuliia",
    "Julija", "Joelija" and "Юлія", and "Zakharchenko" and "Sachartschenko". Coarse (ш, ж and
    с merge), so meant for similarity and blocking, never as an exact match. Each key is a
    fixed point: the keys of a key are that key alone.
    """
    if text in _TRANSLITERATION_SEEDS:
        return _TRANSLITERATION_SEEDS[text]
    folded = _fold_name(text)
    keys: dict[str, None] = {}
    for ch in _TRANSLIT_CH:
        key, previous = folded, None
        while key != previous:
            previous = key
            for pattern, replacement in _TRANSLIT_BEFORE_CH:
                key = pattern.sub(replacement, key)
            key = key.replace("ch", ch)
            for pattern, replacement in _TRANSLIT_AFTER_CH:
                key = pattern.sub(replacement, key)
        keys[key] = None
    return tuple(keys)


_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=1 << 18)
def phonetic_key(text: str | None) -> str:
    """A coarse sound key: first letter plus the consonant skeleton of :func:`spelling_key`.

    Meant for blocking only (it puts "Jansen", "Janssen" and "Janszen" in one block); too
    coarse to count as agreement on its own.
    """
    words: list[str] = []
    for token in _fold_name(text).split():
        if token in PARTICLES:
            continue
        word = spelling_key(token)
        skeleton = word[0] + "".join(char for char in word[1:] if char not in _VOWELS)
        words.append(re.sub(r"(.)\1+", r"\1", skeleton.replace("v", "f")))
    return "".join(words)


_LEGAL_FORMS: frozenset[str] = frozenset(
    {"bv", "b v", "nv", "n v", "vof", "v o f", "cv", "c v", "eenmanszaak", "ltd", "limited", "gmbh",
     "sp z o o", "spzoo", "srl", "s r l", "sa", "inc", "llc", "ug", "kg", "ewiv", "cooperatie", "ua", "u a"}
)  # fmt: skip
_LEGAL_FORMS_LONGEST_FIRST = sorted(_LEGAL_FORMS, key=len, reverse=True)


def normalise_organisation_name(text: str | None) -> str | None:
    """Folded organisation name without legal-form words (B.V., V.O.F., Sp. z o.o. …).

    "Schoonmaak Service B.V." and "SCHOONMAAKSERVICE BV" differ only in the space, which the
    fuzzy token comparison absorbs; the legal form is dropped because the same owner often
    re-registers the business under another form. "Holding" stays: a holding and its operating
    company at one address are different legal persons.
    """
    words = " " + fold(text) + " "
    previous = None
    # Removing one form can bring the letters of another together ("b bv v"); repeat until stable.
    while words != previous:
        previous = words
        for form in _LEGAL_FORMS_LONGEST_FIRST:
            while f" {form} " in words:
                words = words.replace(f" {form} ", " ")
    result = " ".join(words.split())
    return None if not result or _is_placeholder(result) else result


# ---------------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date of birth of which only the year, or year and month, may be known.

    Dutch registers write an unknown day or month as ``00`` ("00-00-1990"); those become
    ``None`` here.
    """

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.month is not None and self.day is not None

    def key(self) -> str:
        return self._key

    @cached_property
    def _key(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return self.key()


_MONTHS = {
    "jan": 1, "januari": 1, "january": 1, "feb": 2, "febr": 2, "februari": 2, "february": 2,
    "mrt": 3, "maart": 3, "mar": 3, "march": 3, "apr": 4, "april": 4, "mei": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6, "jul": 7, "juli": 7, "july": 7, "aug": 8, "augustus": 8,
    "august": 8, "sep": 9, "sept": 9, "september": 9, "okt": 10, "oct": 10, "oktober": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip

MIN_BIRTH_YEAR = 1880


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _full_year(text: str, today: date) -> int | None:
    if len(text) == 4:
        return int(text)
    if len(text) == 2:
        # A two-digit year is a birth year, so it cannot lie in the future.
        short = int(text)
        return 2000 + short if 2000 + short <= today.year else 1900 + short
    return None


def _build_date(year: int | None, month: int | None, day: int | None, today: date) -> PartialDate | None:
    if year is None or not MIN_BIRTH_YEAR <= year <= today.year:
        return None
    if month is None or month == 0:
        return PartialDate(year)
    if not 1 <= month <= 12:
        return None
    if day is None or day == 0:
        return PartialDate(year, month)
    if not 1 <= day <= _days_in_month(year, month):
        return None
    return PartialDate(year, month, day)


_NUMERIC_DATE = re.compile(r"[0-9]+(?:[-/. ]+[0-9]+){0,2}")
_DIGIT_RUNS = re.compile(r"[0-9]+")
_ISO_TIMESTAMP = re.compile(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[T ][0-9]{1,2}:[0-9]{2}")


def parse_date(text: str | None, *, today: date | None = None) -> PartialDate | None:
    """Parse a (partial) date of birth in the forms Dutch sources use.

    Accepts "1990", "03-1990", "1990-03", "12-03-1990", "1990-03-12", "12/3/90", "12.03.1990",
    "19900312", "12 maart 1990", "00-00-1990" (BRP style unknown day and month) and an ISO
    timestamp. Day-first is assumed; when the second number is above 12 and the first is not,
    the source wrote month-first (US order) and the date is read that way. Returns ``None``
    for impossible dates and for years before 1880 or after ``today``.
    """
    today = today or date.today()
    if isinstance(text, str) and len(text) <= MAX_INPUT and _NUMERIC_DATE.fullmatch(text):
        # The common case, only ASCII digits and separators ("12-03-1990", "19900312"): what
        # the general path below would make of it, without normalising and folding.
        parts = _DIGIT_RUNS.findall(text)
    else:
        raw = _nfkc(text).strip()
        timestamp = _ISO_TIMESTAMP.match(raw)
        if timestamp:
            raw = timestamp.group(1)
        parts = fold(raw).split()
    if len(parts) == 1 and parts[0].isdigit() and len(parts[0]) == 8:
        digits = parts[0]
        # 19900312 (ISO basic, also the BRP format) versus 12031990.
        if int(digits[:4]) >= MIN_BIRTH_YEAR:
            parts = [digits[:4], digits[4:6], digits[6:]]
        else:
            parts = [digits[:2], digits[2:4], digits[4:]]
    if not 1 <= len(parts) <= 3:
        return None
    if not all((part.isdigit() and len(part) <= 4) or part in _MONTHS for part in parts):
        return None
    month_names = [_MONTHS[part] for part in parts if part in _MONTHS]
    numbers = [part for part in parts if part not in _MONTHS]

    if month_names:
        # "12 maart 1990", "maart 1990"
        if len(month_names) > 1 or not numbers or len(numbers) > 2:
            return None
        day = int(numbers[0]) if len(numbers) == 2 else None
        return _build_date(_full_year(numbers[-1], today), month_names[0], day, today)

    if len(parts) == 1:
        return _build_date(int(parts[0]) if len(parts[0]) == 4 else None, None, None, today)

    if len(parts) == 2:
        first, second = parts
        if len(first) == 4:  # 1990-03
            return _build_date(int(first), int(second), None, today)
        if len(second) == 4:  # 03-1990
            return _build_date(int(second), int(first), None, today)
        return None

    first, second, third = parts
    if len(first) == 4:  # 1990-03-12
        return _build_date(int(first), int(second), int(third), today)
    day_value, month_value = int(first), int(second)
    if month_value > 12 >= day_value:
        day_value, month_value = month_value, day_value
    return _build_date(_full_year(third, today), month_value, day_value, today)


def normalise_date(text: str | None, *, today: date | None = None) -> str | None:
    """The ISO-style key of a (partial) date of birth: ``"1990"``, ``"1990-03"`` or ``"1990-03-12"``."""
    parsed = parse_date(text, today=today)
    return parsed.key() if parsed else None


def one_digit_apart(a: int, b: int, width: int) -> bool:
    """One digit differs, or two digits swapped places (``width`` digits, zero-padded)."""
    left, right = f"{a:0{width}d}", f"{b:0{width}d}"
    differences = sum(1 for x, y in zip(left, right, strict=True) if x != y)
    transposed = sorted(left) == sorted(right) and differences == 2
    return differences == 1 or transposed


# Years apart from which two dates of birth belong to different generations, not to a typo.
GENERATION_YEARS = 12


def compare_dates(a: PartialDate, b: PartialDate) -> str:
    """How two dates of birth agree, as one of the level names used by the scorer.

    ``exact``: both full and equal. ``swapped``: day and month swapped (US versus European
    order). ``typo``: full dates that differ in one component by a single digit or a digit
    transposition (1990/1909, 12/21). ``partial_month`` / ``partial_year``: at least one side
    is partial and every known component agrees. ``generation``: the years are
    :data:`GENERATION_YEARS` or more apart (a parent and a child of the same name).
    ``disagree`` otherwise.
    """
    if a.is_full and b.is_full:
        if a == b:
            return "exact"
        if a.year == b.year and a.day == b.month and a.month == b.day:
            return "swapped"
        pairs = [(a.year, b.year, 4), (a.month or 0, b.month or 0, 2), (a.day or 0, b.day or 0, 2)]
        different = [(x, y, width) for x, y, width in pairs if x != y]
        if len(different) == 1 and one_digit_apart(*different[0]):
            return "typo"
        return "generation" if abs(a.year - b.year) >= GENERATION_YEARS else "disagree"
    if a.year != b.year:
        return "generation" if abs(a.year - b.year) >= GENERATION_YEARS else "disagree"
    if a.month is not None and b.month is not None:
        if a.month != b.month:
            return "disagree"
        return "partial_month"
    return "partial_year"


# ---------------------------------------------------------------------------------------------
# Dutch addresses
# ---------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^(?:NL)?([1-9][0-9]{3})([A-Z]{2})$")
_POSTCODE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{3})[ \t]?-?[ \t]?([A-Za-z]{2})(?![0-9A-Za-z])")
_BANNED_POSTCODE_LETTERS = frozenset({"SA", "SD", "SS"})


def normalise_postcode(text: str | None) -> str | None:
    """A Dutch postcode as ``"1234AB"``, or ``None`` if it is not one.

    Four digits not starting with 0, then two letters other than SA, SD and SS (which PostNL
    never issues). A leading "NL-" is accepted.
    """
    compact = re.sub(r"[\s\-]+", "", _nfkc(text)).upper()
    if not compact.isascii():
        return None
    match = _POSTCODE.match(compact)
    if not match or match.group(2) in _BANNED_POSTCODE_LETTERS:
        return None
    return match.group(1) + match.group(2)


@dataclass(frozen=True)
class HouseNumber:
    """A Dutch house number as the BAG stores it: number, optional letter, optional addition."""

    number: int
    letter: str = ""
    addition: str = ""

    def key(self) -> str:
        return self._key

    @cached_property
    def _key(self) -> str:
        suffix = f"-{self.addition}" if self.addition else ""
        return f"{self.number}{self.letter}{suffix}"

    def __str__(self) -> str:
        return self.key()


_ROMAN = {
    "I": "1",
    "II": "2",
    "III": "3",
    "IV": "4",
    "V": "5",
    "VI": "6",
    "VII": "7",
    "VIII": "8",
    "IX": "9",
    "X": "10",
}
_ADDITION_WORDS = {"HUIS": "HS", "BEG": "BG", "BGG": "BG"}
_HOUSE_NUMBER = re.compile(r"^\s*([1-9][0-9]{0,4})(?![0-9])(.*)$")
_ORDINAL_ADDITION = re.compile(r"^([0-9]{1,3})(?:E|STE|DE|HOOG|HG|ETG|ETAGE)$")


def _normalise_addition(token: str) -> str:
    if token in _ROMAN and len(token) > 1:
        return _ROMAN[token]
    ordinal = _ORDINAL_ADDITION.match(token)
    if ordinal:
        return str(int(ordinal.group(1)))
    if token.isdigit():
        return str(int(token))
    return _ADDITION_WORDS.get(token, token)


def parse_house_number(text: str | int | None) -> HouseNumber | None:
    """Parse "12", "12A", "12 a", "12-3", "12A-3", "12 hs", "12a bis", "12-II".

    A single letter right after the number is the house letter; anything else is the
    addition, with Roman floor numbers ("II") and ordinals ("1e") turned into digits and
    "huis" into "HS". Returns ``None`` when there is no
    number from 1 to 99999 or the rest is not a plausible addition.
    """
    raw = unidecode(_nfkc(text)).upper()
    match = _HOUSE_NUMBER.match(raw)
    if not match:
        return None
    number = int(match.group(1))
    rest = re.sub(r"[^A-Z0-9]+", " ", match.group(2)).split()
    # "12A" and "12a3" glue letter and addition to the number; split them apart.
    tokens: list[str] = []
    for token in rest:
        tokens.extend(part for part in re.split(r"(?<=[A-Z])(?=[0-9])|(?<=[0-9])(?=[A-Z]{2,})", token) if part)
    if len(tokens) > 3:
        return None
    letter = ""
    if tokens and len(tokens[0]) == 1 and tokens[0].isalpha():
        letter = tokens.pop(0)
    # Normalise the tokens, then the joined result: "0 0" and "1 e" must settle on the same
    # key as their re-parsed forms "00" and "1E".
    addition = "".join(_normalise_addition(token) for token in tokens)
    addition = _normalise_addition(addition) if addition else ""
    if len(addition) > 6:
        return None
    return HouseNumber(number, letter, addition)


def normalise_house_number(text: str | int | None) -> str | None:
    """House number key such as ``"12"``, ``"12A"``, ``"12-3"``, ``"12A-BIS"``."""
    parsed = parse_house_number(text)
    return parsed.key() if parsed else None


# Abbreviations seen in Dutch street names. Whole-token expansions only, except "str" and "ln"
# which are also glued on ("Kerkstr.", "Merelln.") so often that a suffix rule is worth it.
_STREET_WORDS = {
    "str": "straat", "ln": "laan", "wg": "weg", "pln": "plein", "pl": "plein", "gr": "gracht",
    "grt": "gracht", "kd": "kade", "sngl": "singel", "dk": "dijk", "bd": "boulevard",
    "blvd": "boulevard", "burg": "burgemeester", "burgem": "burgemeester", "st": "sint",
    "pr": "prins", "pres": "president", "kon": "koning", "kon.": "koning", "mr": "meester",
    "dr": "dokter", "prof": "professor", "gen": "generaal", "ir": "ingenieur", "jhr": "jonkheer",
    "ds": "dominee", "eerste": "1e", "tweede": "2e", "derde": "3e", "vierde": "4e", "vijfde": "5e",
}  # fmt: skip
_ORDINAL = re.compile(r"^([0-9]+)(?:ste|de|e)$")


def normalise_street(text: str | None) -> str | None:
    """Folded street name with common abbreviations expanded.

    "Burg. Weertsstr." and "Burgemeester Weertsstraat" both become
    ``"burgemeester weertsstraat"``. Use :func:`street_key` to compare, which also ignores
    spacing ("Van Eeghenstraat" / "Vaneeghen straat").
    """
    folded = fold(text)
    if _is_placeholder(folded):
        return None
    words: list[str] = []
    for token in folded.split():
        ordinal = _ORDINAL.match(token)
        if ordinal:
            token = f"{int(ordinal.group(1))}e"
        elif token in _STREET_WORDS:
            token = _STREET_WORDS[token]
        elif len(token) > 3 and token.endswith("str"):
            token += "aat"
        elif len(token) > 4 and token.endswith("ln"):
            token = token[:-2] + "laan"
        words.append(token)
    return " ".join(words) or None


def street_key(text: str | None) -> str | None:
    """:func:`normalise_street` without spaces, for exact comparison and blocking."""
    street = normalise_street(text)
    key = street.replace(" ", "") if street else None
    # Joining words can form a new abbreviation ("abs tr" -> "abstr"); settle it once more.
    again = normalise_street(key)
    return again.replace(" ", "") if again else None


# Common alternative names and abbreviations; the formal name is canonical because the BAG uses it.
_CITY_ALIASES = {
    "denbosch": "shertogenbosch",
    "hertogenbosch": "shertogenbosch",
    "denhaag": "sgravenhage",
    "thehague": "sgravenhage",
    "lahaye": "sgravenhage",
    "adam": "amsterdam",  # A'dam
    "rdam": "rotterdam",  # R'dam
}
_CITY_NOISE_PREFIX = ("gemeente", "gem")
_CITY_NOISE_SUFFIX = frozenset(
    {"gld", "gelderland", "nb", "nh", "zh", "ut", "utr", "ov", "fr", "gr", "dr", "fl", "lb", "lim", "zl",
     "nl", "nederland", "netherlands", "the"}
)  # fmt: skip


def normalise_city(text: str | None) -> str | None:
    """City key: folded, spaces removed, province tags and "gemeente" dropped, aliases merged.

    "'s-Hertogenbosch", "Den Bosch" and "S HERTOGENBOSCH" all give ``"shertogenbosch"``;
    "Ede (Gld)" gives ``"ede"``.
    """
    folded = fold(text)
    if _is_placeholder(folded):
        return None
    tokens = folded.split()
    while len(tokens) > 1 and tokens[0] in _CITY_NOISE_PREFIX:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _CITY_NOISE_SUFFIX:
        tokens.pop()
    key = "".join(tokens)
    return _CITY_ALIASES.get(key, key) or None


def address_key(
    postcode: str | None,
    house_number: str | int | None,
    house_letter: str | None = None,
    addition: str | None = None,
) -> str | None:
    """The exact key of a Dutch address: ``"6811AB:12A-3"``.

    ``house_number`` may carry the letter and addition itself ("12a-3"); separately given
    ones are appended. Returns ``None`` without a valid postcode and house number.
    """
    code = normalise_postcode(postcode)
    number = _text(house_number)
    extra = " ".join(part for part in (_text(house_letter), _text(addition)) if part)
    parsed = parse_house_number(f"{number} {extra}" if extra else number)
    if not code or not parsed:
        return None
    return f"{code}:{parsed.key()}"


@dataclass(frozen=True)
class AddressParts:
    """A Dutch address split into comparable parts (each already normalised)."""

    street: str | None = None
    house_number: HouseNumber | None = None
    postcode: str | None = None
    city: str | None = None

    @cached_property
    def key(self) -> str | None:
        """Exact key: postcode based when there is a postcode, else street, number and city."""
        if self.house_number is None:
            return None
        if self.postcode:
            return f"{self.postcode}:{self.house_number.key()}"
        if self.street and self.city:
            return f"{self.city}:{self.street.replace(' ', '')}:{self.house_number.key()}"
        return None

    @cached_property
    def base_key(self) -> str | None:
        """Postcode and number without letter or addition: the building, not the flat."""
        if self.house_number is None or not self.postcode:
            return None
        return f"{self.postcode}:{self.house_number.number}"

    @cached_property
    def street_number_key(self) -> str | None:
        """City, street and full house number, for matching an address with a postcode to one without."""
        if self.house_number is None or not self.street or not self.city:
            return None
        return f"{self.city}:{self.street.replace(' ', '')}:{self.house_number.key()}"

    @cached_property
    def street_base_key(self) -> str | None:
        """City, street and number without letter or addition: the building, found without a postcode."""
        if self.house_number is None or not self.street or not self.city:
            return None
        return f"{self.city}:{self.street.replace(' ', '')}:{self.house_number.number}"

    def is_empty(self) -> bool:
        return not (self.street or self.house_number or self.postcode or self.city)


_ADDITION_TOKEN = re.compile(
    r"^[-/]?(?:[A-Za-z]|[0-9]{1,4}|[IVXivx]{1,4}|bis|hs|huis|bg|bgg|rd|zw|boven|bov|ben|beneden|sous)$", re.IGNORECASE
)


def parse_address(text: str | None) -> AddressParts | None:
    """Split a free-text Dutch address line into street, house number, postcode and city.

    Handles "Kerkstraat 12a-2, 6811 AB Arnhem", "Kerkstr. 12 hs 6811AB ARNHEM",
    "6811 AB Arnhem, Kerkstraat 12", "Kerkstraat 12, Arnhem" and street names containing
    numbers ("Plein 1944 12", "1e Hoogstraat 3"). Returns ``None`` when nothing is recognised.
    """
    raw = re.sub(r"[\n\r;|]+", ",", _nfkc(text)).strip()
    if not raw or _is_placeholder(fold(raw)):
        return None
    postcode: str | None = None
    city_text = ""
    street_text = raw
    found = _POSTCODE_IN_TEXT.search(raw)
    if found and normalise_postcode(found.group(1) + found.group(2)):
        postcode = normalise_postcode(found.group(1) + found.group(2))
        before, after = raw[: found.start()].strip(" ,"), raw[found.end() :].strip(" ,")
        if before:
            street_text, city_text = before, after.split(",")[0]
        elif "," in after:  # "6811 AB Arnhem, Kerkstraat 12"
            city_text, _, street_text = after.partition(",")
        elif re.search(r"[0-9]", after):  # "6811 AB 12"
            street_text = after
        else:  # "6811 AB Arnhem"
            street_text, city_text = "", after
    elif "," in raw:
        segments = [segment.strip() for segment in raw.split(",") if segment.strip()]
        street_text = segments[0] if segments else ""
        city_text = segments[-1] if len(segments) > 1 else ""

    tokens = street_text.replace(",", " ").split()
    number_at = max((i for i, token in enumerate(tokens) if re.match(r"^[1-9][0-9]{0,4}(?![0-9])", token)), default=-1)
    # The house number is the last number in the street part, unless that number is glued to
    # a word ("1e") or is the only word; then the street part has no house number.
    house: HouseNumber | None = None
    street_tokens = tokens
    if number_at > 0 or (number_at == 0 and len(tokens) == 1 and postcode):
        tail_end = number_at + 1
        while tail_end < len(tokens) and tail_end - number_at <= 3 and _ADDITION_TOKEN.match(tokens[tail_end]):
            tail_end += 1
        house = parse_house_number(" ".join(tokens[number_at:tail_end]))
        if house is not None:
            street_tokens = tokens[:number_at]
            if not city_text and tail_end < len(tokens):
                city_text = " ".join(tokens[tail_end:])
    street = normalise_street(" ".join(street_tokens))
    parts = AddressParts(street=street, house_number=house, postcode=postcode, city=normalise_city(city_text))
    return None if parts.is_empty() else parts


# ---------------------------------------------------------------------------------------------
# Phone numbers, e-mail, URLs
# ---------------------------------------------------------------------------------------------


def normalise_phone(text: str | int | None, region: str = "NL") -> str | None:
    """A phone number in E.164 ("+31612345678"), or ``None`` when it is not a valid number.

    National numbers are read as Dutch unless ``region`` says otherwise; "0031…", "+31 (0)6…"
    and foreign numbers with their country code all work. Validity is checked against the
    numbering plan of the country, so "06-1234567" (one digit short) is rejected.
    """
    raw = _nfkc(text)
    if not re.search(r"[0-9]", raw) or len(raw) > 64:
        return None
    import phonenumbers  # imported when first needed: records without phones do not wait for it

    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_EMAIL = re.compile(r"^[a-z0-9!#$%&*+/=?^_{|}~.'-]+@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_GMAIL_DOMAINS = frozenset({"gmail.com", "googlemail.com"})


def normalise_email(text: str | None, *, canonical_gmail: bool = True) -> str | None:
    """A lower-case e-mail address, or ``None`` when it is not one.

    The whole address is lower-cased: the local part is case-sensitive on paper, but no
    provider that matters treats it so. For Gmail (``canonical_gmail``, on by default) dots
    and ``+tags`` in the local part are removed and googlemail.com becomes gmail.com, because
    Gmail delivers all those forms to the same mailbox and sex-work adverts use them to look
    like different people. Other providers are left alone: elsewhere a dot or plus can make a
    different mailbox.
    """
    raw = _nfkc(text).strip().strip("<>").strip()
    if raw.lower().startswith("mailto:"):
        raw = raw[7:]
    address = raw.casefold()
    if not address.isascii() or not _EMAIL.match(address):
        return None
    local, _, domain = address.rpartition("@")
    if canonical_gmail and domain in _GMAIL_DOMAINS:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
        if not local:
            return None
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    return f"{local}@{domain}"


# Query parameters that say how someone reached a page, never which page it is.
_TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "si", "ref", "ref_src", "_ga", "_gl",
     "yclid", "twclid", "ttclid", "spm", "source", "src"}
)  # fmt: skip
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def normalise_url(text: str | None) -> str | None:
    """A URL key: host without "www."/"m.", path without trailing slash, tracking params removed.

    The scheme and fragment are dropped and the remaining query parameters sorted, so
    "https://www.Example.nl/advertentie/123/?utm_source=x#top" and
    "http://example.nl/advertentie/123" both give ``"example.nl/advertentie/123"``. The path
    keeps its case because many sites' ids are case-sensitive.
    """
    raw = _nfkc(text).strip()
    if not raw or any(char.isspace() for char in raw):
        return None
    if "://" not in raw:
        if raw.startswith("//"):
            raw = raw[2:]
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    try:
        host = host.encode("idna").decode("ascii").lower() if not host.isascii() else host.lower()
    except UnicodeError:
        return None
    while host.startswith(("www.", "m.")) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    if not _HOST.match(host):
        return None
    if port not in (None, 80, 443):
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
    ]
    query_text = urlencode(sorted(query))
    return host + path + (f"?{query_text}" if query_text else "")


_NOT_ADVERT_SCHEMES = frozenset({"javascript", "mailto", "tel", "data", "file", "ftp", "about", "blob"})
_URL_LIKE = re.compile(r"^[\w-]+(?:\.[\w-]+)+(?::[0-9]+)?(?:[/?#]|$)")


def url_key(text: str | None) -> str | None:
    """Key for the ``url`` field: a URL key, or an advert id written as ``site:id`` or a bare id.

    Advert ids are compared case-insensitively without spaces ("Kinky 123 456" → "kinky123456");
    a bare id is only useful if it comes from one site, which is why ``site:id`` is preferred.
    """
    raw = _nfkc(text).strip()
    if "://" in raw or _URL_LIKE.match(raw):
        return normalise_url(raw)
    site, colon, ident = raw.partition(":")
    if fold(site) in _NOT_ADVERT_SCHEMES:
        return None
    if colon and fold(site) and fold(ident):
        return f"{fold(site).replace(' ', '')}:{fold(ident).replace(' ', '')}"
    compact = fold(raw).replace(" ", "")
    return compact if len(compact) >= 3 else None


# ---------------------------------------------------------------------------------------------
# Licence plates, IBAN, KvK, identity documents
# ---------------------------------------------------------------------------------------------

# Dutch side codes 1-14 as letter (X) / digit (9) group shapes.
_SIDECODES: dict[str, tuple[int, tuple[int, ...]]] = {
    "XX9999": (1, (2, 2, 2)),
    "9999XX": (2, (2, 2, 2)),
    "99XX99": (3, (2, 2, 2)),
    "XX99XX": (4, (2, 2, 2)),
    "XXXX99": (5, (2, 2, 2)),
    "99XXXX": (6, (2, 2, 2)),
    "99XXX9": (7, (2, 3, 1)),
    "9XXX99": (8, (1, 3, 2)),
    "XX999X": (9, (2, 3, 1)),
    "X999XX": (10, (1, 3, 2)),
    "XXX99X": (11, (3, 2, 1)),
    "X99XXX": (12, (1, 2, 3)),
    "9XX999": (13, (1, 2, 3)),
    "999XX9": (14, (3, 2, 1)),
}


def plate_key(text: str | None) -> str | None:
    """Compact upper-case key of any licence plate (Dutch or foreign): letters and digits only.

    Needs 4-10 characters with at least one digit and one letter, which every current European
    plate has, so notes like "onbekend" or "1234" are rejected.
    """
    compact = re.sub(r"[^A-Z0-9]", "", unidecode(_nfkc(text)).upper())
    if not 4 <= len(compact) <= 10:
        return None
    if not re.search(r"[0-9]", compact) or not re.search(r"[A-Z]", compact):
        return None
    return compact


def _dutch_plate(text: str | None) -> tuple[str, int, tuple[int, ...]] | None:
    compact = plate_key(text)
    if compact is None or len(compact) != 6:
        return None
    entry = _SIDECODES.get("".join("9" if char.isdigit() else "X" for char in compact))
    return (compact, *entry) if entry else None


def dutch_plate_sidecode(text: str | None) -> int | None:
    """The Dutch side code (1-14) the plate fits, or ``None``."""
    plate = _dutch_plate(text)
    return plate[1] if plate else None


def normalise_plate(text: str | None) -> str | None:
    """A Dutch licence plate in its dashed canonical form ("AB-12-34", "1-ABC-23"), or ``None``.

    Validates the shape against side codes 1-14; it does not check RDW letter series.
    For foreign plates use :func:`plate_key`.
    """
    plate = _dutch_plate(text)
    if plate is None:
        return None
    compact, _, sizes = plate
    groups, start = [], 0
    for size in sizes:
        groups.append(compact[start : start + size])
        start += size
    return "-".join(groups)


def normalise_iban(text: str | None) -> str | None:
    """A validated IBAN in compact upper-case form ("NL91ABNA0417164300"), or ``None``."""
    raw = re.sub(r"[\s.\-]+", "", _nfkc(text)).upper()
    if raw.startswith("IBAN"):
        raw = raw[4:].lstrip(":")
    if not 15 <= len(raw) <= 34 or not raw.isascii() or not raw.isalnum():
        return None
    from schwifty import IBAN  # imported when first needed, like phonenumbers

    try:
        return str(IBAN(raw).compact)
    except ValueError:  # schwifty's exceptions all derive from ValueError
        return None


def normalise_kvk(text: str | int | None) -> str | None:
    """A Chamber of Commerce (KvK) number: exactly eight digits, or ``None``.

    "KvK 1234 5678", "12.34.56.78" and 12345678 are accepted. There is no public check digit
    to validate (python-stdnum 2.2 has no KvK module either); numbers of all zeros are
    rejected, and a 12-digit branch number (vestigingsnummer) is not a KvK number.
    """
    raw = fold(text)
    raw = re.sub(r"^(?:kvk|kamer van koophandel)(?: ?nummer| nr| no)?", "", raw)
    digits = raw.replace(" ", "")
    if len(digits) != 8 or not digits.isdigit() or digits == "00000000":
        return None
    return digits


def normalise_id_number(text: str | int | None) -> str | None:
    """A compact upper-case identity-document or citizen number.

    Passport, ID-card and foreign document numbers are compared as written, letters and digits
    only. A Dutch BSN (8 or 9 digits passing the 11-test) is zero-padded to nine digits, since
    sources drop the leading zero. Needs 5-20 characters including at least one digit.
    """
    compact = re.sub(r"[^A-Z0-9]", "", unidecode(_nfkc(text)).upper())
    if not 5 <= len(compact) <= 20 or not re.search(r"[0-9]", compact):
        return None
    if compact.isdigit() and len(compact) in (8, 9) and bsn.is_valid(compact):
        return compact.zfill(9)
    return compact
