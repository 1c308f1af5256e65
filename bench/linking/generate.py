"""A synthetic Dutch entity-resolution test set with known truth, for the linking benchmarks (issue 5).

Usage: .venv/bin/python bench/linking/generate.py [--out DIR] [--seed N]
       [--persons N] [--addresses N] [--organisations N]

Writes ``persons.csv``, ``addresses.csv`` and ``organisations.csv`` to ``--out`` (default
``/tmp/schakel-linking``). Every file has an ``id`` column, a ``true_id`` column (records with
the same ``true_id`` describe the same entity; the counts are numbers of *entities*, each
written as 1-4 records) and a ``variant`` column naming the corruptions applied to that
record, for analysing misses; a matcher must not look at ``true_id`` or ``variant``. The other
columns are named after the field kinds of the ``matching`` package, so
``python -m matching dedupe persons.csv`` works without ``--field``.

What is in it:

* **Persons** of Dutch (about 55 %), Polish, Romanian, Bulgarian and Ukrainian origin, in
  households: single people, families (shared surname and address, different given names and
  birth dates, now and then a child named after a parent), shared housing of unrelated
  labour migrants (different people at one address) and the odd hostel with dozens of
  residents. Dutch surnames follow a skewed distribution, so Jansen, de Vries, Bakker … are
  common. Bulgarian and Ukrainian names are Cyrillic at heart: a record spells them in
  Cyrillic, in the passport transliteration, or the German or Dutch way (Шевченко /
  Shevchenko / Schewtschenko / Sjevtsjenko). Polish and Romanian names lose their
  diacritics half of the time. Corruptions per record: typos, Dutch spelling variants
  (ij/y, ss/s), particles written differently or dropped (v.d. Berg / Berg, van den),
  upper-case surnames, swapped given and family name, initials, only the first of several
  given names, a married double name, missing fields, partial birth dates (1990,
  00-00-1990, 03-1990), day/month swaps, one-digit date typos, several date formats, and an
  old address after a move.
* **Addresses** in clusters that make hard negatives: flats in one building (12-1, 12-2,
  12A), neighbours sharing a postcode, the same street name in two cities. Variants:
  postcode with or without space or in lower case, missing postcode or city, street
  abbreviations (Burg., str., ln), house letters and additions written as 12A / 12 a / 12-a,
  12-2 / 12 II / 12 2e, 12hs / 12 huis, the number inside the street field, a dropped
  addition, typos, city aliases (Den Haag, Den Bosch).
* **Organisations** with and without legal form (B.V., BV, V.O.F., Sp. z o.o., S.R.L.),
  upper case, typos and word-order changes; KvK numbers missing for about a third of the
  records and otherwise written in several formats; business addresses. Hard negatives:
  namesakes in another city with their own KvK number, and holding companies at the same
  address as the operating company.

Seeded: the same seed and sizes give byte-identical files. ``scale.py`` imports the factories
to generate millions of records in memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import string
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

DEFAULT_OUT = Path("/tmp/schakel-linking")
DEFAULT_SEED = 20261205

PERSON_COLUMNS = [
    "id",
    "true_id",
    "given_name",
    "surname",
    "date_of_birth",
    "street",
    "house_number",
    "postcode",
    "city",
]
ADDRESS_COLUMNS = ["id", "true_id", "street", "house_number", "postcode", "city"]
ORGANISATION_COLUMNS = ["id", "true_id", "organisation_name", "kvk", "street", "house_number", "postcode", "city"]

# Records per entity: 1 to 4, mean 2.15.
RECORDS_PER_ENTITY = ((1, 0.35), (2, 0.30), (3, 0.20), (4, 0.15))

# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

# Dutch surnames roughly in order of frequency (CBS/Meertens top list); particles are split off.
DUTCH_SURNAMES = [
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
    "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden",
    "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas", "Verhoeven", "Koster",
    "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "de Lange", "Kuipers", "van Wijk", "Postma",
    "Kramer", "van den Bosch", "Kuiper", "Veenstra", "Scholten", "van Wijngaarden", "Boer", "Martens",
    "van der Laan", "Wouters", "Timmermans", "de Ruiter", "Groen", "Gerritsen", "Bosman", "Hermans", "Klein",
    "van Doorn", "Kok", "Mertens", "Goossens", "van Rijn", "Aarts", "Verbeek", "van Loon", "Sanders",
    "Bouwman", "Verschuren", "Willemsen", "Hoogendoorn", "van Leeuwen", "Evers", "de Koning", "Claassen",
]  # fmt: skip

# Parts for a long tail of rarer Dutch surnames (Hofstra, Brinkman, van Veldhuis …).
DUTCH_ROOTS = [
    "Hof", "Berg", "Veld", "Brink", "Kamp", "Dijk", "Meer", "Wal", "Bosch", "Horst", "Molen", "Linde", "Kerk",
    "Water", "Zand", "Woud", "Haar", "Holt", "Beek", "Rijn", "Steen", "Broek", "Hoek", "Wijk", "Land", "Weide",
    "Heem", "Venne", "Esch", "Loo", "Stok", "Koop", "Vink", "Hol", "Hage", "Stal", "Zijl", "Rade", "Mors", "Dal",
]  # fmt: skip
DUTCH_SUFFIXES = [
    "stra", "man", "ink", "sma", "inga", "enga", "er", "ing", "s", "hof", "land", "veld", "kamp", "werf",
    "huis", "boer", "mans", "heuvel", "horst", "weg", "ema", "sen", "graaf", "meijer",
]  # fmt: skip
DUTCH_TAIL_PARTICLES = ["", "", "", "", "", "van", "van de", "van der", "ter", "te"]

DUTCH_MALE = [
    "Jan", "Johannes", "Pieter", "Cornelis", "Hendrik", "Willem", "Gerrit", "Jacobus", "Dirk", "Adrianus",
    "Kees", "Bram", "Daan", "Sem", "Lucas", "Thomas", "Ruben", "Tim", "Lars", "Mark", "Dennis", "Jeroen",
    "Bas", "Sander", "Martijn", "Kevin", "Mohamed", "Youssef", "Stefan", "Niels", "Rik", "Joost", "Wouter",
    "Arjen", "Erik", "Frank", "Hans", "Henk", "Marcel", "Patrick", "Robert", "Sjoerd", "Jesse", "Milan",
]  # fmt: skip
DUTCH_FEMALE = [
    "Maria", "Anna", "Johanna", "Cornelia", "Elisabeth", "Wilhelmina", "Sanne", "Emma", "Julia", "Lisa",
    "Anouk", "Femke", "Iris", "Eva", "Sophie", "Lotte", "Fleur", "Laura", "Marloes", "Esther", "Inge",
    "Linda", "Petra", "Sandra", "Monique", "Fatima", "Naima", "Kim", "Nicole", "Marieke", "Ingrid", "Karin",
    "Anke", "Mirjam", "Daphne", "Noor", "Tess", "Yara", "Hanneke", "Willemijn", "Suzanne", "Ilse",
]  # fmt: skip

# Polish surnames ending in -ski/-cki take -ska/-cka for women.
POLISH_SURNAMES = [
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk",
    "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski", "Michalski", "Nowicki", "Adamczyk", "Dudek",
    "Zając", "Wieczorek", "Jabłoński", "Król", "Majewski", "Olszewski", "Jaworski", "Wróbel", "Malinowski",
    "Pawlak", "Witkowski", "Walczak", "Stępień", "Górski", "Rutkowski", "Michalak", "Sikora", "Ostrowski",
    "Baran", "Duda", "Szewczyk", "Tomaszewski", "Pietrzak", "Marciniak", "Wróblewski", "Zalewski",
]  # fmt: skip
POLISH_MALE = [
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub", "Łukasz", "Grzegorz",
    "Mateusz", "Adam", "Marek", "Kamil", "Dariusz", "Wojciech", "Rafał", "Sebastian", "Mariusz", "Dawid",
]  # fmt: skip
POLISH_FEMALE = [
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Aleksandra",
    "Monika", "Zofia", "Natalia", "Karolina", "Justyna", "Beata", "Dorota", "Marta", "Paulina", "Weronika", "Agata",
]  # fmt: skip

ROMANIAN_SURNAMES = [
    "Popescu", "Popa", "Pop", "Radu", "Ionescu", "Dumitru", "Stoica", "Stan", "Gheorghe", "Rusu", "Munteanu",
    "Matei", "Constantin", "Șerban", "Moldovan", "Ciobanu", "Lungu", "Dinu", "Marin", "Ene", "Ștefan", "Tudor",
    "Nistor", "Florea", "Ungureanu", "Mocanu", "Toma", "Sava", "Barbu", "Neagu", "Dobre", "Vasile", "Lazăr",
    "Cristea", "Iordache", "Mihai", "Voicu", "Oprea", "Nedelcu", "Țurcanu",
]  # fmt: skip
ROMANIAN_MALE = [
    "Andrei", "Alexandru", "Ion", "Gheorghe", "Mihai", "Constantin", "Vasile", "Ionuț", "Florin", "Adrian",
    "Cristian", "Marius", "Bogdan", "Daniel", "Ștefan", "Răzvan", "Sorin", "Cătălin", "Nicolae", "Gabriel",
]  # fmt: skip
ROMANIAN_FEMALE = [
    "Maria", "Elena", "Ioana", "Andreea", "Mihaela", "Ana", "Cristina", "Alexandra", "Gabriela", "Daniela",
    "Mădălina", "Roxana", "Simona", "Alina", "Nicoleta", "Raluca", "Loredana", "Florentina", "Georgiana", "Ștefania",
]  # fmt: skip

# Bulgarian surnames ending in -ов/-ев take -ова/-ева for women.
BULGARIAN_SURNAMES = [
    "Иванов", "Георгиев", "Димитров", "Петров", "Николов", "Христов", "Стоянов", "Тодоров", "Илиев", "Василев",
    "Атанасов", "Петков", "Ангелов", "Колев", "Йорданов", "Маринов", "Стефанов", "Попов", "Михайлов", "Кръстев",
    "Костов", "Димов", "Павлов", "Цветков", "Генчев", "Шишков", "Жеков", "Чолаков",
]  # fmt: skip
BULGARIAN_MALE = [
    "Георги", "Иван", "Димитър", "Николай", "Петър", "Христо", "Стоян", "Тодор", "Йордан", "Васил", "Стефан",
    "Атанас", "Красимир", "Пламен", "Цветан", "Живко",
]  # fmt: skip
BULGARIAN_FEMALE = [
    "Мария", "Иванка", "Елена", "Йорданка", "Пенка", "Десислава", "Гергана", "Цветелина", "Радка", "Снежана",
    "Виолета", "Теодора", "Надежда", "Ани", "Милена", "Жана",
]  # fmt: skip

UKRAINIAN_SURNAMES = [
    "Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Коваль", "Поліщук",
    "Бойко", "Ткачук", "Савченко", "Руденко", "Мельник", "Лисенко", "Мороз", "Марченко", "Петренко",
    "Клименко", "Павленко", "Кравчук", "Кузьменко", "Романенко", "Левченко", "Гончаренко", "Харченко",
    "Литвиненко", "Сидоренко", "Мазур", "Захарченко", "Яковенко", "Юрченко",
]  # fmt: skip
UKRAINIAN_MALE = [
    "Олександр", "Андрій", "Сергій", "Дмитро", "Володимир", "Олег", "Іван", "Юрій", "Микола", "Віктор",
    "Максим", "Богдан", "Тарас", "Віталій", "Ігор", "Євген",
]  # fmt: skip
UKRAINIAN_FEMALE = [
    "Олена", "Наталія", "Тетяна", "Оксана", "Юлія", "Ірина", "Світлана", "Людмила", "Марія", "Анна",
    "Катерина", "Ганна", "Вікторія", "Олександра", "Ольга", "Євгенія",
]  # fmt: skip

ORIGINS = (("nl", 0.55), ("pl", 0.16), ("ro", 0.11), ("bg", 0.08), ("ua", 0.10))
MIGRANT_ORIGINS = (("pl", 0.40), ("ro", 0.25), ("bg", 0.20), ("ua", 0.15))

# Cyrillic to Latin, per transliteration system. Word-initial forms override for є/ї/й/ю/я.
_CYR_COMMON = {
    "а": "a", "б": "b", "д": "d", "е": "e", "з": "z", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ф": "f", "ь": "", "'": "", "ъ": "a", "ґ": "g", "і": "i",
}  # fmt: skip
TRANSLIT: dict[str, dict[str, dict[str, str]]] = {
    # Passport systems: Ukrainian national (2010) and Bulgarian (2009) transliteration.
    "passport": {
        "ua": {**_CYR_COMMON, "в": "v", "г": "h", "є": "ie", "ж": "zh", "и": "y", "ї": "i", "й": "i", "у": "u",
               "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ю": "iu", "я": "ia"},
        "bg": {**_CYR_COMMON, "в": "v", "г": "g", "ж": "zh", "и": "i", "й": "y", "у": "u", "х": "h", "ц": "ts",
               "ч": "ch", "ш": "sh", "щ": "sht", "ю": "yu", "я": "ya", "ь": "y"},
    },
    "german": {
        "ua": {**_CYR_COMMON, "в": "w", "г": "h", "є": "je", "ж": "sch", "з": "s", "и": "y", "ї": "ji", "й": "j",
               "у": "u", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ю": "ju", "я": "ja"},
        "bg": {**_CYR_COMMON, "в": "w", "г": "g", "ж": "sch", "з": "s", "и": "i", "й": "j", "у": "u", "х": "ch",
               "ц": "z", "ч": "tsch", "ш": "sch", "щ": "scht", "ю": "ju", "я": "ja"},
    },
    "dutch": {
        "ua": {**_CYR_COMMON, "в": "v", "г": "h", "є": "je", "ж": "zj", "и": "y", "ї": "ji", "й": "j", "у": "oe",
               "х": "ch", "ц": "ts", "ч": "tsj", "ш": "sj", "щ": "sjtsj", "ю": "joe", "я": "ja"},
        "bg": {**_CYR_COMMON, "в": "v", "г": "g", "ж": "zj", "и": "i", "й": "j", "у": "oe", "х": "ch", "ц": "ts",
               "ч": "tsj", "ш": "sj", "щ": "sjt", "ю": "joe", "я": "ja"},
    },
}  # fmt: skip
_INITIAL = {"passport": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}}
# How a Cyrillic name reaches a record: as written, or through one of the systems.
CYRILLIC_RENDERINGS = (("passport", 0.55), ("cyrillic", 0.25), ("german", 0.10), ("dutch", 0.10))


@lru_cache(maxsize=4096)
def transliterate(text: str, system: str, language: str) -> str:
    """``text`` (Cyrillic) in the Latin spelling of ``system`` for ``language`` (``ua`` or ``bg``)."""
    table = TRANSLIT[system][language]
    initial = _INITIAL.get(system, {}) if language == "ua" else {}
    words = []
    for word in text.split():
        out = []
        for position, char in enumerate(word.lower()):
            latin = initial.get(char) if position == 0 else None
            out.append(latin if latin is not None else table.get(char, char))
        latin_word = "".join(out)
        words.append(latin_word[:1].upper() + latin_word[1:])
    return " ".join(words)


_STRIP = str.maketrans({"ł": "l", "Ł": "L", "ø": "o"})


@lru_cache(maxsize=4096)
def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_STRIP))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# ---------------------------------------------------------------------------------------------
# Places
# ---------------------------------------------------------------------------------------------

# City, first PC4 of its range, and the ways a record may write it.
CITIES = [
    ("Arnhem", 6811, ["Arnhem", "ARNHEM", "arnhem"]),
    ("Nijmegen", 6511, ["Nijmegen", "NIJMEGEN"]),
    ("Ede", 6711, ["Ede", "Ede Gld", "EDE"]),
    ("Apeldoorn", 7311, ["Apeldoorn", "APELDOORN"]),
    ("Zwolle", 8011, ["Zwolle", "ZWOLLE"]),
    ("Utrecht", 3511, ["Utrecht", "UTRECHT"]),
    ("Amsterdam", 1011, ["Amsterdam", "AMSTERDAM", "A'dam"]),
    ("Rotterdam", 3011, ["Rotterdam", "ROTTERDAM"]),
    ("'s-Gravenhage", 2511, ["'s-Gravenhage", "Den Haag", "DEN HAAG", "s Gravenhage"]),
    ("'s-Hertogenbosch", 5211, ["'s-Hertogenbosch", "Den Bosch", "'S-HERTOGENBOSCH"]),
    ("Eindhoven", 5611, ["Eindhoven", "EINDHOVEN"]),
    ("Tilburg", 5011, ["Tilburg", "TILBURG"]),
    ("Breda", 4811, ["Breda", "BREDA"]),
    ("Westland", 2671, ["Westland", "Naaldwijk", "WESTLAND"]),
    ("Venlo", 5911, ["Venlo", "VENLO"]),
    ("Deventer", 7411, ["Deventer", "DEVENTER"]),
    ("Enschede", 7511, ["Enschede", "ENSCHEDE"]),
    ("Groningen", 9711, ["Groningen", "GRONINGEN"]),
    ("Almere", 1311, ["Almere", "ALMERE"]),
    ("Haarlem", 2011, ["Haarlem", "HAARLEM"]),
    ("Dordrecht", 3311, ["Dordrecht", "DORDRECHT"]),
    ("Zaanstad", 1501, ["Zaanstad", "Zaandam", "ZAANSTAD"]),
    ("Tiel", 4001, ["Tiel", "TIEL"]),
    ("Doetinchem", 7001, ["Doetinchem", "DOETINCHEM"]),
]
STREET_STEMS = [
    "Kerk", "Molen", "Dorps", "School", "Stations", "Juliana", "Beatrix", "Wilhelmina", "Oranje", "Nassau",
    "Prins Hendrik", "Burgemeester Jansen", "Burgemeester de With", "Rembrandt", "Vondel", "Prinses Irene",
    "Koningin Emma", "Sint Jans", "Hoofd", "Markt", "Haven", "Industrie", "Linden", "Eiken", "Beuken", "Berken",
    "Esdoorn", "Akker", "Weide", "Zuid", "Noord", "Oost", "West", "Nieuwe", "Oude", "Lange", "Korte", "Hoge",
    "Jan Steen", "Van Goghs", "Thorbecke", "Dokter Kuyper", "Professor Lorentz", "Generaal Foulkes", "Spoor",
    "Bloemen", "Tulpen", "Rozen", "Klaver", "Zwanen", "Meeuwen", "Merel", "Lijster", "Valk", "Arend",
]  # fmt: skip
STREET_SUFFIXES = ["straat", "laan", "weg", "plein", "gracht", "kade", "singel", "dijk", "hof", "pad", "steeg"]
# Abbreviations as people write them; the canonical form is the key.
STREET_ABBREVIATIONS = [
    ("straat", ["str.", "str"]), ("laan", ["ln."]),
    ("Burgemeester ", ["Burg. ", "Burgem. "]), ("Sint ", ["St. "]), ("Prins ", ["Pr. "]), ("Dokter ", ["Dr. "]),
    ("Professor ", ["Prof. "]), ("Generaal ", ["Gen. "]), ("Koningin ", ["Kon. "]),
]  # fmt: skip
LETTER_PAIRS = [
    a + b for a in string.ascii_uppercase for b in string.ascii_uppercase if a + b not in ("SA", "SD", "SS")
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Street:
    name: str
    city: int  # index into CITIES
    index: int


@dataclass(frozen=True)
class Address:
    street: Street
    number: int
    letter: str = ""
    addition: str = ""  # "1", "2", "3", "HS" or "BIS"
    postcode: str = ""

    def key(self) -> tuple[int, int, int, str, str]:
        return (self.street.city, self.street.index, self.number, self.letter, self.addition)


class Geography:
    """Streets per city and a postcode for every (street, segment of 24 numbers), unique over the country."""

    SEGMENT = 24

    def __init__(self, rng: random.Random, streets_per_city: int = 120) -> None:
        self.rng = rng
        combinations = [f"{stem}{suffix}" for stem in STREET_STEMS for suffix in STREET_SUFFIXES]
        self.streets: list[Street] = []
        for city in range(len(CITIES)):
            names = rng.sample(combinations, min(streets_per_city, len(combinations)))
            self.streets.extend(Street(name, city, i) for i, name in enumerate(names))
        self._postcodes: dict[tuple[int, int, int], str] = {}
        self._next: dict[int, int] = {}

    def postcode(self, street: Street, number: int) -> str:
        slot = (street.city, street.index, number // self.SEGMENT)
        code = self._postcodes.get(slot)
        if code is None:
            counter = self._next.get(street.city, 0)
            self._next[street.city] = counter + 1
            pc4 = CITIES[street.city][1] + counter // len(LETTER_PAIRS)
            code = f"{pc4}{LETTER_PAIRS[counter % len(LETTER_PAIRS)]}"
            self._postcodes[slot] = code
        return code

    def address(self, street: Street | None = None, number: int | None = None) -> Address:
        rng = self.rng
        street = street or rng.choice(self.streets)
        number = number or (rng.randint(1, 60) if rng.random() < 0.6 else rng.randint(61, 350))
        letter, addition = "", ""
        roll = rng.random()
        if roll < 0.10:
            letter = rng.choice("ABCD")
        elif roll < 0.20:
            addition = rng.choice(("1", "2", "3", "1", "2", "HS", "BIS"))
        return Address(street, number, letter, addition, self.postcode(street, number))

    def flat_in(self, building: Address) -> Address:
        """Another address in the same building (other letter or addition)."""
        rng = self.rng
        if rng.random() < 0.5:
            return Address(building.street, building.number, rng.choice("ABCD"), "", building.postcode)
        return Address(building.street, building.number, "", rng.choice(("1", "2", "3", "4", "HS")), building.postcode)

    def neighbour(self, address: Address) -> Address:
        """An address on the same street segment, so usually with the same postcode."""
        base = (address.number // self.SEGMENT) * self.SEGMENT
        number = max(1, base + self.rng.randint(0, self.SEGMENT - 1))
        return self.address(address.street, number)


# ---------------------------------------------------------------------------------------------
# Corruption helpers
# ---------------------------------------------------------------------------------------------

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _char in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_ROWS):
                near += [_ROWS[_other][i] for i in (_c - 1, _c) if 0 <= i < len(_ROWS[_other])]
        _NEIGHBOURS[_char] = "".join(near)


def typo(text: str, rng: random.Random) -> str:
    """One keyboard typo: substitution by a neighbouring key, deletion, insertion, transposition or doubling."""
    if len(text) < 3:
        return text
    position = rng.randrange(1, len(text)) if rng.random() < 0.9 else 0
    char = text[position]
    operation = rng.choice(("substitute", "delete", "insert", "transpose", "double"))
    near = _NEIGHBOURS.get(char.lower(), "")
    if operation == "substitute" and near and char.isalpha():
        new = rng.choice(near)
        return text[:position] + (new.upper() if char.isupper() else new) + text[position + 1 :]
    if operation == "insert" and near:
        return text[:position] + rng.choice(near) + text[position:]
    if operation == "transpose" and position < len(text) - 1 and text[position + 1] != " ":
        return text[:position] + text[position + 1] + char + text[position + 2 :]
    if operation == "double":
        return text[:position] + char + text[position:]
    if char != " ":
        return text[:position] + text[position + 1 :]
    return text


_SPELLING_VARIANTS = (("ij", "y"), ("y", "ij"), ("ss", "s"), ("dt", "t"), ("ks", "x"), ("c", "k"), ("ei", "ij"))


def spelling_variant(text: str, rng: random.Random) -> str:
    """A Dutch spelling variant (Meijer/Meyer, Janssen/Jansen), or a typo if none applies."""
    options = [(old, new) for old, new in _SPELLING_VARIANTS if old in text.lower()]
    if not options:
        return typo(text, rng)
    old, new = rng.choice(options)
    position = text.lower().index(old)
    return text[:position] + new + text[position + len(old) :]


def weighted(rng: random.Random, options: Sequence[tuple[str, float]] | Sequence[tuple[int, float]]) -> object:
    roll = rng.random() * sum(weight for _, weight in options)
    for value, weight in options:
        roll -= weight
        if roll <= 0:
            return value
    return options[-1][0]


def records_per_entity(rng: random.Random) -> int:
    return int(weighted(rng, RECORDS_PER_ENTITY))  # type: ignore[call-overload]


# ---------------------------------------------------------------------------------------------
# Address rendering (shared by persons, addresses and organisations)
# ---------------------------------------------------------------------------------------------


def _house_number_text(address: Address, rng: random.Random, variants: list[str]) -> str:
    number = str(address.number)
    if address.letter:
        letter = address.letter if rng.random() < 0.6 else address.letter.lower()
        return number + rng.choice(("", "", " ", "-")) + letter
    if not address.addition:
        return number
    if rng.random() < 0.04:
        variants.append("addition_dropped")
        return number
    addition = address.addition
    if addition.isdigit():
        style = rng.random()
        if style < 0.45:
            return f"{number}-{addition}"
        if style < 0.65:
            return f"{number} {addition}"
        if style < 0.80 and int(addition) in ROMAN:
            return f"{number}-{ROMAN[int(addition)]}"
        if style < 0.90:
            return f"{number} {addition}e"
        return f"{number}/{addition}"
    if addition == "HS":
        return rng.choice((f"{number}hs", f"{number} hs", f"{number}-HS", f"{number} huis"))
    return rng.choice((f"{number} bis", f"{number}bis", f"{number}-BIS"))


def _street_text(street: str, rng: random.Random, variants: list[str]) -> str:
    roll = rng.random()
    if roll < 0.15:
        options = [(full, short) for full, shorts in STREET_ABBREVIATIONS for short in shorts if full in street]
        if options:
            full, short = rng.choice(options)
            variants.append("street_abbreviated")
            street = street.replace(full, short, 1)
    elif roll < 0.20:
        variants.append("street_typo")
        street = typo(street, rng)
    case = rng.random()
    if case < 0.08:
        street = street.upper()
    elif case < 0.13:
        street = street.lower()
    return street


def _postcode_text(postcode: str, rng: random.Random, variants: list[str]) -> str:
    roll = rng.random()
    if roll < 0.10:
        variants.append("postcode_missing")
        return ""
    if roll < 0.12:
        variants.append("postcode_typo")
        digits, letters = postcode[:4], postcode[4:]
        if rng.random() < 0.5:
            position = rng.randrange(1, 4)
            digits = digits[:position] + str((int(digits[position]) + rng.randint(1, 9)) % 10) + digits[position + 1 :]
        else:
            letters = letters[::-1] if letters[0] != letters[1] and letters[::-1] not in ("SA", "SD", "SS") else "AA"
        postcode = digits + letters
    style = rng.random()
    if style < 0.50:
        return postcode
    if style < 0.80:
        return f"{postcode[:4]} {postcode[4:]}"
    if style < 0.92:
        return postcode.lower()
    return f"{postcode[:4]} {postcode[4:].lower()}"


def _city_text(city: int, rng: random.Random, variants: list[str]) -> str:
    roll = rng.random()
    if roll < 0.10:
        variants.append("city_missing")
        return ""
    name, _, forms = CITIES[city]
    if roll < 0.13:
        variants.append("city_typo")
        return typo(name, rng)
    if roll < 0.35:
        form = rng.choice(forms)
        if form != name:
            variants.append("city_variant")
        return form
    return name


def render_address(address: Address, rng: random.Random, variants: list[str]) -> dict[str, str]:
    """The four address columns of one record describing ``address``."""
    street = _street_text(address.street.name, rng, variants)
    house = _house_number_text(address, rng, variants)
    postcode = _postcode_text(address.postcode, rng, variants)
    city = _city_text(address.street.city, rng, variants)
    if rng.random() < 0.05:
        variants.append("number_in_street")
        street, house = f"{street} {house}", ""
    return {"street": street, "house_number": house, "postcode": postcode, "city": city}


EMPTY_ADDRESS = {"street": "", "house_number": "", "postcode": "", "city": ""}

# ---------------------------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------------------------


@dataclass
class Person:
    entity_id: str
    origin: str  # nl, pl, ro, bg, ua
    female: bool
    given: tuple[str, ...]  # native script
    particles: str  # Dutch particles, "" otherwise
    surname: str  # core surname, native script
    dob: date
    address: Address | None
    partner_surname: str = ""  # for a married double name
    traits: list[str] = field(default_factory=list)


def _zipf_weights(count: int, exponent: float = 0.9) -> list[float]:
    return [1.0 / (rank + 1) ** exponent for rank in range(count)]


class PersonFactory:
    """Households of persons with shared addresses and surnames; renders noisy records of them."""

    def __init__(self, rng: random.Random, geography: Geography) -> None:
        self.rng = rng
        self.geo = geography
        tail = sorted(
            {
                f"{particle} {root}{suffix}".strip()
                for root in DUTCH_ROOTS
                for suffix in DUTCH_SUFFIXES
                for particle in DUTCH_TAIL_PARTICLES
            }
        )
        rng.shuffle(tail)
        head = list(dict.fromkeys(DUTCH_SURNAMES))
        # About 40 % of Dutch people carry a top-90 name, the rest a name from the tail.
        head_weights = _zipf_weights(len(head), 0.7)
        scale = 0.4 / sum(head_weights)
        tail_weight = 0.6 / len(tail)
        self.dutch_surnames = head + tail
        self.dutch_weights = [w * scale for w in head_weights] + [tail_weight] * len(tail)
        self._cumulative: dict[str, tuple[list[str], list[float]]] = {}
        self._counter = 0

    def _pick(self, key: str, names: list[str]) -> str:
        cached = self._cumulative.get(key)
        if cached is None:
            weights = self.dutch_weights if key == "nl_surname" else _zipf_weights(len(names), 0.6)
            total, cumulative = 0.0, []
            for weight in weights:
                total += weight
                cumulative.append(total)
            cached = (names, cumulative)
            self._cumulative[key] = cached
        values, cumulative = cached
        return self.rng.choices(values, cum_weights=cumulative)[0]

    def surname_for(self, origin: str, female: bool) -> tuple[str, str]:
        """(particles, core surname) for a new person of ``origin``."""
        if origin == "nl":
            full = self._pick("nl_surname", self.dutch_surnames)
            words = full.split()
            particles = [w for w in words if w[0].islower()]
            core = [w for w in words if not w[0].islower()]
            return " ".join(particles), " ".join(core)
        if origin == "pl":
            name = self._pick("pl_surname", POLISH_SURNAMES)
            if female and name.endswith(("ski", "cki")):
                name = name[:-1] + "a"
            return "", name
        if origin == "ro":
            return "", self._pick("ro_surname", ROMANIAN_SURNAMES)
        if origin == "bg":
            name = self._pick("bg_surname", BULGARIAN_SURNAMES)
            return "", name + "а" if female else name
        return "", self._pick("ua_surname", UKRAINIAN_SURNAMES)

    def given_for(self, origin: str, female: bool) -> tuple[str, ...]:
        lists = {
            "nl": (DUTCH_MALE, DUTCH_FEMALE),
            "pl": (POLISH_MALE, POLISH_FEMALE),
            "ro": (ROMANIAN_MALE, ROMANIAN_FEMALE),
            "bg": (BULGARIAN_MALE, BULGARIAN_FEMALE),
            "ua": (UKRAINIAN_MALE, UKRAINIAN_FEMALE),
        }[origin]
        names = lists[1] if female else lists[0]
        first = self._pick(f"{origin}_given_{female}", names)
        # Dutch registers carry several given names; others now and then two.
        extra = 0.35 if origin == "nl" else 0.10
        if self.rng.random() < extra:
            second = self.rng.choice(names)
            if second != first:
                return (first, second)
        return (first,)

    def _dob(self, earliest: int, latest: int) -> date:
        start = date(earliest, 1, 1)
        span = (date(latest, 12, 31) - start).days
        return start + timedelta(days=self.rng.randint(0, span))

    def new_person(
        self,
        origin: str,
        address: Address | None,
        *,
        female: bool | None = None,
        surname: tuple[str, str] | None = None,
        born: tuple[int, int] = (1958, 2006),
    ) -> Person:
        self._counter += 1
        female = self.rng.random() < 0.5 if female is None else female
        particles, core = surname or self.surname_for(origin, female)
        return Person(
            entity_id=f"P{self._counter:07d}",
            origin=origin,
            female=female,
            given=self.given_for(origin, female),
            particles=particles,
            surname=core,
            dob=self._dob(*born),
            address=address,
        )

    def household(self) -> list[Person]:
        """One household: a single person, a family, shared migrant housing, or a hostel."""
        rng = self.rng
        roll = rng.random()
        address = self.geo.address() if rng.random() < 0.97 else None
        if roll < 0.45:
            return [self.new_person(str(weighted(rng, ORIGINS)), address)]
        if roll < 0.80:
            return self._family(str(weighted(rng, ORIGINS)), address)
        size = rng.randint(3, 8) if roll < 0.99 else rng.randint(15, 40)
        people = [self.new_person(str(weighted(rng, MIGRANT_ORIGINS)), address, born=(1965, 2005)) for _ in range(size)]
        for person in people:
            person.traits.append("shared_housing" if size <= 8 else "hostel")
        return people

    def _family(self, origin: str, address: Address | None) -> list[Person]:
        rng = self.rng
        father = self.new_person(origin, address, female=False, born=(1955, 1995))
        surname = (father.particles, father.surname)
        members = [father]
        if rng.random() < 0.85:
            mother_birth = father.dob.year + rng.randint(-4, 2)
            if origin in ("nl", "ro") and rng.random() < 0.5:
                # Keeps her own surname, sometimes written as a double name with her husband's.
                mother = self.new_person(origin, address, female=True, born=(mother_birth, mother_birth))
                if origin == "nl":
                    mother.partner_surname = " ".join(part for part in surname if part)
            else:
                own = surname
                if origin == "pl" and father.surname.endswith(("ski", "cki")):
                    own = ("", father.surname[:-1] + "a")
                if origin == "bg":
                    own = ("", father.surname + "а")
                mother = self.new_person(origin, address, female=True, surname=own, born=(mother_birth, mother_birth))
            members.append(mother)
        self._distinct_first_names(members)
        first_child = max(father.dob.year + 20, 1975)
        for child_number in range(rng.choice((0, 1, 1, 2, 2, 3))):
            female = rng.random() < 0.5
            own = surname
            if origin == "pl" and female and father.surname.endswith(("ski", "cki")):
                own = ("", father.surname[:-1] + "a")
            if origin == "bg" and female:
                own = ("", father.surname + "а")
            year = min(first_child + rng.randint(0, 15), 2024)
            child = self.new_person(origin, address, female=female, surname=own, born=(year, year))
            members.append(child)
            if child_number == 0 and not female and rng.random() < 0.06:
                child.given = father.given  # named after his father: same name, same address
                child.traits.append("namesake_child")
                father.traits.append("namesake_father")
            else:
                self._distinct_first_names(members)
        for person in members:
            person.traits.append("family")
        return members

    def _distinct_first_names(self, members: list[Person]) -> None:
        """Give the newest member a first name nobody else in the family has (parents do not repeat names)."""
        newest = members[-1]
        taken = {member.given[0] for member in members[:-1]}
        for _ in range(20):
            if newest.given[0] not in taken:
                return
            newest.given = self.given_for(newest.origin, newest.female)

    def persons(self, count: int) -> Iterator[Person]:
        """``count`` persons, household by household."""
        made = 0
        while made < count:
            for person in self.household():
                if made >= count:
                    return
                made += 1
                yield person

    # -- rendering ---------------------------------------------------------------------------

    def _script(self, person: Person, variants: list[str]) -> tuple[str, ...]:
        """Given names and surname as one record writes them, before other corruption."""
        rng = self.rng
        names = (*person.given, person.surname)
        if person.origin in ("bg", "ua"):
            system = str(weighted(rng, CYRILLIC_RENDERINGS))
            if system == "cyrillic":
                variants.append("cyrillic")
                return names
            if system != "passport":
                variants.append(f"translit_{system}")
            return tuple(transliterate(name, system, person.origin) for name in names)
        if person.origin in ("pl", "ro") and rng.random() < 0.5:
            stripped = tuple(strip_diacritics(name) for name in names)
            if stripped != names:
                variants.append("no_diacritics")
            return stripped
        return names

    def render(self, person: Person) -> tuple[dict[str, str], list[str]]:
        """One record of ``person``: the person columns and the list of corruptions applied."""
        rng = self.rng
        variants: list[str] = []
        *given, surname = self._script(person, variants)
        particles = person.particles

        if len(given) > 1 and rng.random() < 0.6:
            given = given[:1]
            variants.append("first_given_only")
        roll = rng.random()
        if roll < 0.08:
            given = [typo(given[0], rng), *given[1:]]
            variants.append("given_typo")
        roll = rng.random()
        if roll < 0.10:
            surname = typo(surname, rng)
            variants.append("surname_typo")
        elif roll < 0.14 and person.origin == "nl":
            new = spelling_variant(surname, rng)
            if new != surname:
                surname = new
                variants.append("surname_spelling")
        given_text = " ".join(given)
        if rng.random() < 0.07:
            variants.append("initials")
            letters = [name[0].upper() for name in given]
            given_text = rng.choice((".".join(letters) + ".", " ".join(letters), "".join(letters) + "."))

        surname_text = f"{particles} {surname}" if particles else surname
        if particles:
            style = rng.random()
            if style < 0.12:
                surname_text = f"{particles[0].upper()}{particles[1:]} {surname}"
                variants.append("particle_capital")
            elif style < 0.20 and particles in ("van der", "van den", "van de"):
                surname_text = f"v.d. {surname}"
                variants.append("particle_abbreviated")
            elif style < 0.28:
                surname_text = f"{surname} {particles}"
                variants.append("particle_after")
            elif style < 0.36:
                surname_text = surname
                variants.append("particle_dropped")
            elif style < 0.40:
                surname_text = surname
                given_text = f"{given_text} {particles}"
                variants.append("particle_in_given")
        if person.partner_surname and rng.random() < 0.3:
            surname_text = (
                f"{person.partner_surname.split()[-1] if rng.random() < 0.3 else person.partner_surname}-{surname_text}"
            )
            variants.append("married_name")
        if rng.random() < 0.10:
            surname_text = surname_text.upper()
            variants.append("surname_upper")
        if rng.random() < 0.03:
            given_text, surname_text = surname_text, given_text
            variants.append("swapped_names")
        if rng.random() < 0.03:
            given_text = ""
            variants.append("given_missing")

        fields = {
            "given_name": given_text,
            "surname": surname_text,
            "date_of_birth": self._render_dob(person.dob, variants),
        }
        if person.address is None or rng.random() < 0.12:
            variants.append("address_missing")
            fields.update(EMPTY_ADDRESS)
        elif rng.random() < 0.04:
            variants.append("moved")
            fields.update(render_address(self.geo.address(), rng, variants))
        else:
            fields.update(render_address(person.address, rng, variants))
        return fields, variants

    def _render_dob(self, dob: date, variants: list[str]) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.07:
            variants.append("dob_missing")
            return ""
        if roll < 0.10:
            variants.append("dob_year_only")
            return rng.choice((str(dob.year), f"00-00-{dob.year}"))
        if roll < 0.12:
            variants.append("dob_month_year")
            return rng.choice((f"{dob.month:02d}-{dob.year}", f"{dob.year}-{dob.month:02d}"))
        day, month, year = dob.day, dob.month, dob.year
        roll = rng.random()
        if roll < 0.03 and day <= 12 and day != month:
            day, month = month, day
            variants.append("dob_day_month_swap")
        elif roll < 0.06:
            variants.append("dob_typo")
            day, month, year = _date_typo(day, month, year, rng)
        style = rng.random()
        if style < 0.50:
            return f"{day:02d}-{month:02d}-{year}"
        if style < 0.75:
            return f"{year}-{month:02d}-{day:02d}"
        if style < 0.85:
            return f"{day}/{month}/{year}"
        if style < 0.95:
            return f"{day:02d}.{month:02d}.{year}"
        return f"{year}{month:02d}{day:02d}"


def _date_typo(day: int, month: int, year: int, rng: random.Random) -> tuple[int, int, int]:
    """One wrong digit in the day or the year (still a valid date)."""
    for _ in range(10):
        if rng.random() < 0.6:
            tens, units = divmod(day, 10)
            new_day = tens * 10 + rng.randint(0, 9) if rng.random() < 0.7 else rng.randint(0, 2) * 10 + units
            try:
                date(year, month, new_day)
            except ValueError:
                continue
            if new_day != day:
                return new_day, month, year
        else:
            new_year = year - year % 10 + rng.randint(0, 9)
            if new_year != year and new_year <= 2024:
                return day, month, new_year
    return day, month, year


# ---------------------------------------------------------------------------------------------
# Address entities
# ---------------------------------------------------------------------------------------------


class AddressFactory:
    """Distinct address entities, clustered in buildings and street segments; renders records of them."""

    def __init__(self, rng: random.Random, geography: Geography) -> None:
        self.rng = rng
        self.geo = geography
        self.seen: set[tuple[int, int, int, str, str]] = set()

    def _add(self, address: Address, out: list[Address]) -> None:
        if address.key() not in self.seen:
            self.seen.add(address.key())
            out.append(address)

    def addresses(self, count: int) -> list[Address]:
        out: list[Address] = []
        rng = self.rng
        while len(out) < count:
            base = self.geo.address()
            self._add(base, out)
            roll = rng.random()
            if roll < 0.25:  # flats in one building
                for _ in range(rng.randint(1, 3)):
                    self._add(self.geo.flat_in(base), out)
            elif roll < 0.45:  # neighbours sharing the postcode
                for _ in range(rng.randint(1, 3)):
                    self._add(self.geo.neighbour(base), out)
            elif roll < 0.50:  # same street name and number in another city
                others = [s for s in self.geo.streets if s.name == base.street.name and s.city != base.street.city]
                if others:
                    self._add(self.geo.address(rng.choice(others), base.number), out)
        return out[:count]


# ---------------------------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------------------------

SECTORS = [
    "Uitzendbureau", "Schoonmaakbedrijf", "Bouwbedrijf", "Transport", "Nagelstudio", "Massagesalon",
    "Champignonkwekerij", "Tuinbouwbedrijf", "Vleesverwerking", "Koeriersdienst", "Autowasserette",
    "Restaurant", "Hotel", "Logistiek", "Bloemenkwekerij", "Klusbedrijf", "Personeelsdiensten",
    "Installatietechniek", "Afvalverwerking", "Schilderwerken", "Sloopwerken", "Glazenwasserij",
]  # fmt: skip
BRANDS = [
    "De Ster", "Polonia", "Oranje", "Noord", "Golden Lotus", "Eurostaff", "Flexpower", "Carpathia", "Balkan",
    "Tulip", "De Windmolen", "Het Anker", "De Hoop", "Delta", "Horizon", "Phoenix", "Victoria", "Zuid",
    "Rijnland", "Veluwe", "Randstad Flex", "Euro Work", "Jobs4You", "Magic Hands", "Lucky", "Sunrise", "Orion",
    "Atlas", "Nova", "Vistula", "Dunarea", "Sofia", "Kyiv Express", "Holland Staffing", "Green Fields",
    "Fresh Food", "Top Clean", "Quick Move", "Royal Nails", "Thai Lotus", "Diamond", "Elite", "Mega", "Prima",
]  # fmt: skip
LEGAL_FORMS = (("B.V.", 0.60), ("V.O.F.", 0.12), ("", 0.16), ("Sp. z o.o.", 0.06), ("S.R.L.", 0.06))


@dataclass
class Organisation:
    entity_id: str
    name: str
    legal: str
    kvk: str
    address: Address | None
    traits: list[str] = field(default_factory=list)


class OrganisationFactory:
    """Organisations with namesakes and holdings as hard negatives; renders records of them."""

    def __init__(self, rng: random.Random, geography: Geography, persons: PersonFactory) -> None:
        self.rng = rng
        self.geo = geography
        self.persons = persons
        self.kvks: set[str] = set()
        self._counter = 0

    def _kvk(self) -> str:
        while True:
            number = f"{self.rng.randint(10_000_000, 99_999_999)}"
            if number not in self.kvks:
                self.kvks.add(number)
                return number

    def name(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return f"{rng.choice(SECTORS)} {rng.choice(BRANDS)}"
        if roll < 0.65:
            return f"{rng.choice(BRANDS)} {rng.choice(SECTORS)}"
        if roll < 0.85:
            particles, core = self.persons.surname_for(str(weighted(rng, ORIGINS[:3])), False)
            owner = f"{particles} {core}".strip()
            return f"{owner[0].upper()}{owner[1:]} {rng.choice(SECTORS)}"
        return f"{rng.choice(BRANDS)} {rng.choice(BRANDS)}"

    def new(self, name: str, address: Address | None, legal: str | None = None) -> Organisation:
        self._counter += 1
        return Organisation(
            entity_id=f"O{self._counter:07d}",
            name=name,
            legal=str(weighted(self.rng, LEGAL_FORMS)) if legal is None else legal,
            kvk=self._kvk(),
            address=address,
        )

    def organisations(self, count: int) -> list[Organisation]:
        rng = self.rng
        out: list[Organisation] = []
        names: set[str] = set()
        while len(out) < count:
            name = self.name()
            if name in names:
                continue
            names.add(name)
            address = self.geo.address() if rng.random() < 0.95 else None
            organisation = self.new(name, address)
            out.append(organisation)
            roll = rng.random()
            if roll < 0.05:  # same name, other city, own KvK number
                twin = self.new(name, self.geo.address())
                organisation.traits.append("namesake")
                twin.traits.append("namesake")
                out.append(twin)
            elif roll < 0.08 and organisation.legal == "B.V.":  # holding at the same address
                holding = self.new(f"{name} Holding", address, "B.V.")
                organisation.traits.append("has_holding")
                holding.traits.append("holding")
                out.append(holding)
        return out[:count]

    def render(self, organisation: Organisation) -> tuple[dict[str, str], list[str]]:
        rng = self.rng
        variants: list[str] = []
        name = organisation.name
        if rng.random() < 0.06 and " " in name:
            words = name.split()
            name = " ".join(words[1:] + words[:1])
            variants.append("name_word_order")
        if rng.random() < 0.08:
            name = typo(name, rng)
            variants.append("name_typo")
        legal = organisation.legal
        if legal:
            roll = rng.random()
            if roll < 0.30:
                legal = ""
                variants.append("legal_form_dropped")
            elif roll < 0.55:
                legal = {"B.V.": "BV", "V.O.F.": "VOF", "Sp. z o.o.": "sp. z o.o.", "S.R.L.": "SRL"}[legal]
                variants.append("legal_form_variant")
        elif rng.random() < 0.1:
            legal = "B.V."
            variants.append("legal_form_added")
        text = f"{name} {legal}".strip()
        if rng.random() < 0.15:
            text = text.upper()
            variants.append("name_upper")
        kvk = ""
        if rng.random() < 0.65:
            number = organisation.kvk
            if rng.random() < 0.01:
                number = number[:-1] + str((int(number[-1]) + 1) % 10)
                variants.append("kvk_typo")
            style = rng.random()
            if style < 0.60:
                kvk = number
            elif style < 0.75:
                kvk = f"{number[:4]} {number[4:]}"
            elif style < 0.90:
                kvk = f"KvK {number}"
            else:
                kvk = ".".join(number[i : i + 2] for i in range(0, 8, 2))
        else:
            variants.append("kvk_missing")
        fields = {"organisation_name": text, "kvk": kvk}
        if organisation.address is None or rng.random() < 0.25:
            variants.append("address_missing")
            fields.update(EMPTY_ADDRESS)
        else:
            fields.update(render_address(organisation.address, rng, variants))
        return fields, variants


# ---------------------------------------------------------------------------------------------
# Data sets
# ---------------------------------------------------------------------------------------------


def person_rows(n_entities: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    factory = PersonFactory(rng, Geography(rng))
    rows: list[dict[str, str]] = []
    for person in factory.persons(n_entities):
        for _ in range(records_per_entity(rng)):
            fields, variants = factory.render(person)
            rows.append(
                {"id": "", "true_id": person.entity_id, **fields, "variant": ";".join(person.traits + variants)}
            )
    return _shuffle_and_number(rows, rng, "p")


def address_rows(n_entities: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed + 1)
    geography = Geography(rng)
    rows: list[dict[str, str]] = []
    for number, address in enumerate(AddressFactory(rng, geography).addresses(n_entities)):
        for _ in range(records_per_entity(rng)):
            variants: list[str] = []
            fields = render_address(address, rng, variants)
            rows.append({"id": "", "true_id": f"A{number + 1:07d}", **fields, "variant": ";".join(variants)})
    return _shuffle_and_number(rows, rng, "a")


def organisation_rows(n_entities: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed + 2)
    geography = Geography(rng)
    factory = OrganisationFactory(rng, geography, PersonFactory(rng, geography))
    rows: list[dict[str, str]] = []
    for organisation in factory.organisations(n_entities):
        for _ in range(records_per_entity(rng)):
            fields, variants = factory.render(organisation)
            rows.append(
                {
                    "id": "",
                    "true_id": organisation.entity_id,
                    **fields,
                    "variant": ";".join(organisation.traits + variants),
                }
            )
    return _shuffle_and_number(rows, rng, "o")


def _shuffle_and_number(rows: list[dict[str, str]], rng: random.Random, prefix: str) -> list[dict[str, str]]:
    rng.shuffle(rows)
    for number, row in enumerate(rows, start=1):
        row["id"] = f"{prefix}{number:07d}"
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*columns, "variant"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def true_pair_count(rows: list[dict[str, str]]) -> int:
    sizes: dict[str, int] = {}
    for row in rows:
        sizes[row["true_id"]] = sizes.get(row["true_id"], 0) + 1
    return sum(size * (size - 1) // 2 for size in sizes.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--persons", type=int, default=10_000, help="person entities (default 10000)")
    parser.add_argument("--addresses", type=int, default=5_000, help="address entities (default 5000)")
    parser.add_argument("--organisations", type=int, default=2_000, help="organisation entities (default 2000)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    for name, rows, columns in (
        ("persons", person_rows(args.persons, args.seed), PERSON_COLUMNS),
        ("addresses", address_rows(args.addresses, args.seed), ADDRESS_COLUMNS),
        ("organisations", organisation_rows(args.organisations, args.seed), ORGANISATION_COLUMNS),
    ):
        path = args.out / f"{name}.csv"
        write_csv(path, rows, columns)
        entities = len({row["true_id"] for row in rows})
        print(f"{path}: {len(rows)} records, {entities} entities, {true_pair_count(rows)} true pairs")
    print(f"generated in {time.perf_counter() - started:.1f} s (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
