"""The Fellegi–Sunter model: comparison levels, their m and u probabilities, and explanations.

For every compared field a pair of records lands in one *level* (exact, fuzzy, disagree …).
``m`` is the probability of that level when the two records are the same entity, ``u`` when
they are not. The level's weight is ``log2(m / u)``: positive when the level is evidence for a
match, negative when it is evidence against. A pair's match weight is the prior weight
``log2(λ / (1 - λ))`` plus the weights of its levels; a field missing on either side adds 0.
The probability is ``1 / (1 + 2**-weight)``.

The defaults below are judgement calls for Dutch municipal data, written down so they can be
argued with; :mod:`matching.estimate` re-estimates u from the data and m with EM.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

__all__ = [
    "SHARED_ADDRESS_LEVELS",
    "SURNAME_U_AT_ONE_ADDRESS",
    "Comparison",
    "Contribution",
    "Explanation",
    "Level",
    "Model",
    "default_model",
    "probability_to_weight",
    "weight_to_probability",
]


def weight_to_probability(weight: float) -> float:
    """Match probability for a match weight (log2 odds)."""
    if weight > 60:
        return 1.0
    if weight < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** (-weight))


def probability_to_weight(probability: float) -> float:
    """Match weight (log2 odds) for a probability strictly between 0 and 1."""
    if not 0.0 < probability < 1.0:
        raise ValueError("probability must be strictly between 0 and 1")
    return math.log2(probability / (1.0 - probability))


@dataclass(frozen=True)
class Level:
    """One comparison level. ``tf`` marks levels whose u is adjusted by the value's frequency."""

    name: str
    m: float
    u: float
    tf: bool = False
    description: str = ""

    def __post_init__(self) -> None:
        if not (0.0 < self.m <= 1.0 and 0.0 < self.u <= 1.0):
            raise ValueError(f"level {self.name}: m and u must be in (0, 1], got m={self.m}, u={self.u}")

    @cached_property
    def weight(self) -> float:
        return math.log2(self.m / self.u)

    def weight_with_u(self, u: float) -> float:
        return math.log2(self.m / u)


@dataclass(frozen=True)
class Comparison:
    """The levels of one compared field, best first; the last level is the catch-all disagreement."""

    name: str
    levels: tuple[Level, ...]
    description: str = ""
    _by_name: dict[str, Level] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {level.name: level for level in self.levels})

    def level(self, name: str) -> Level:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"comparison {self.name} has no level {name!r}") from None

    def with_probabilities(
        self, *, m: Mapping[str, float] | None = None, u: Mapping[str, float] | None = None
    ) -> Comparison:
        """A copy with some m or u values replaced; the catch-all level takes up the rest so both sum to 1."""
        m, u = m or {}, u or {}
        levels = [replace(level, m=m.get(level.name, level.m), u=u.get(level.name, level.u)) for level in self.levels]
        last = levels[-1]
        rest_m = 1.0 - sum(level.m for level in levels[:-1])
        rest_u = 1.0 - sum(level.u for level in levels[:-1])
        levels[-1] = replace(
            last,
            m=min(max(rest_m, 1e-6), 1.0) if last.name not in m else last.m,
            u=min(max(rest_u, 1e-6), 1.0) if last.name not in u else last.u,
        )
        return replace(self, levels=tuple(levels))


@dataclass(frozen=True)
class Contribution:
    """What one comparison added to a pair's weight, and why.

    ``tf_adjusted``: the weight was lowered because the agreement is common -- the value is
    frequent (term frequencies), or it is a surname shared at one address (relatives).
    """

    comparison: str
    level: str
    weight: float
    value_a: str = ""
    value_b: str = ""
    tf_adjusted: bool = False

    def __str__(self) -> str:
        tf = " (tf)" if self.tf_adjusted else ""
        return f"{self.comparison} {self.level} {self.weight:+.2f}{tf}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "comparison": self.comparison,
            "level": self.level,
            "weight": round(self.weight, 4),
            "value_a": self.value_a,
            "value_b": self.value_b,
            "tf_adjusted": self.tf_adjusted,
        }


@dataclass(frozen=True)
class Explanation:
    """The full account of a pair's score: the prior plus one contribution per compared field."""

    prior_weight: float
    contributions: tuple[Contribution, ...] = ()

    @property
    def weight(self) -> float:
        return self.prior_weight + sum(contribution.weight for contribution in self.contributions)

    @property
    def probability(self) -> float:
        return weight_to_probability(self.weight)

    def level(self, comparison: str) -> str | None:
        """The level a comparison reached, or ``None`` if it was not compared (missing on a side)."""
        for contribution in self.contributions:
            if contribution.comparison == comparison:
                return contribution.level
        return None

    def __str__(self) -> str:
        parts = [str(contribution) for contribution in self.contributions]
        parts.append(f"prior {self.prior_weight:+.2f}")
        return "; ".join(parts) + f" = {self.weight:+.2f}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, for storing next to a match suggestion."""
        return {
            "weight": round(self.weight, 4),
            "probability": round(self.probability, 6),
            "prior_weight": round(self.prior_weight, 4),
            "contributions": [contribution.to_dict() for contribution in self.contributions],
        }


@dataclass(frozen=True)
class Model:
    """Comparisons plus the prior match probability λ and the decision threshold.

    ``prior`` is the probability that two records picked for comparison are the same entity
    before looking at them; ``threshold`` is the match probability from which a pair is
    reported. Both are probabilities, not weights.
    """

    comparisons: tuple[Comparison, ...]
    prior: float = 1e-4
    threshold: float = 0.9
    _by_name: dict[str, Comparison] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.prior < 1.0:
            raise ValueError("prior must be strictly between 0 and 1")
        if not 0.0 <= self.threshold <= 1.0:
            raise ValueError("threshold must be between 0 and 1")
        object.__setattr__(self, "_by_name", {comparison.name: comparison for comparison in self.comparisons})

    @property
    def prior_weight(self) -> float:
        return probability_to_weight(self.prior)

    @property
    def threshold_weight(self) -> float:
        """The threshold as a match weight; pairs at or above it are matches."""
        if self.threshold <= 0.0:
            return -math.inf
        if self.threshold >= 1.0:
            return math.inf
        return probability_to_weight(self.threshold)

    def comparison(self, name: str) -> Comparison:
        return self._by_name[name]

    def has(self, name: str) -> bool:
        return name in self._by_name

    def with_settings(self, *, prior: float | None = None, threshold: float | None = None) -> Model:
        return Model(
            self.comparisons,
            prior=self.prior if prior is None else prior,
            threshold=self.threshold if threshold is None else threshold,
        )

    def with_probabilities(
        self,
        *,
        m: Mapping[str, Mapping[str, float]] | None = None,
        u: Mapping[str, Mapping[str, float]] | None = None,
    ) -> Model:
        """A copy with m and/or u replaced per comparison and level, e.g. ``u={"surname": {"exact": 0.01}}``."""
        m, u = m or {}, u or {}
        comparisons = tuple(
            comparison.with_probabilities(m=m.get(comparison.name), u=u.get(comparison.name))
            for comparison in self.comparisons
        )
        return Model(comparisons, prior=self.prior, threshold=self.threshold)

    def validate(self, tolerance: float = 1e-6) -> None:
        """Raise ``ValueError`` if some comparison's m or u values do not sum to 1."""
        for comparison in self.comparisons:
            for attribute in ("m", "u"):
                total = sum(getattr(level, attribute) for level in comparison.levels)
                if abs(total - 1.0) > tolerance:
                    raise ValueError(f"{comparison.name}: {attribute} values sum to {total}, not 1")
            names = [level.name for level in comparison.levels]
            if len(set(names)) != len(names):
                raise ValueError(f"{comparison.name}: duplicate level names")


def _comparison(name: str, description: str, *levels: tuple[str, float, float, bool, str]) -> Comparison:
    """Build a comparison; the last level gets whatever m and u remain so that both sum to 1."""
    built = [Level(level_name, m, u, tf, text) for level_name, m, u, tf, text in levels]
    last = built[-1]
    built[-1] = replace(
        last,
        m=1.0 - sum(level.m for level in built[:-1]),
        u=1.0 - sum(level.u for level in built[:-1]),
    )
    return Comparison(name, tuple(built), description)


REST = 0.5  # placeholder for the catch-all level; _comparison replaces it with the remainder


def default_model(*, prior: float = 1e-4, threshold: float = 0.9) -> Model:
    """The default comparisons with hand-set m and u values.

    u values of the agreement levels are "how often would two different people agree like
    this": for a date of birth about 1 in 25,000, for a mobile number about 1 in a million.
    m values are "how often do two records of the same person agree like this", which depends
    on data quality; they assume registration by hand with typos and missing values.
    """
    comparisons = (
        _comparison(
            "surname",
            "Surname; particles compared separately, swapped given/family names recognised",
            ("exact", 0.82, 0.003, True, "same particles and surname"),
            ("particles_differ", 0.04, 0.0003, False, "same surname, particles differ or missing (v.d. Berg / Berg)"),
            ("fuzzy_high", 0.06, 0.001, False, "Jaro-Winkler >= 0.94 on the spelling key (Jansen/Janssen)"),
            ("token_subset", 0.02, 0.0005, False, "one surname is part of the other (de Vries / Jansen-de Vries)"),
            # u measured on random pairs of the benchmark's persons (0.0023 have one name close
            # to the other's given name); the given_name comparison grades the other half.
            ("swapped", 0.01, 0.002, False, "given and family name swapped: this surname is the other's given name"),
            ("fuzzy", 0.02, 0.004, False, "Jaro-Winkler >= 0.88 on the spelling key"),
            ("disagree", REST, REST, False, "different surnames"),
        ),
        _comparison(
            "given_name",
            "Given names; initials can agree with written-out names",
            ("exact", 0.80, 0.008, True, "same given names"),
            ("fuzzy_high", 0.08, 0.002, False, "same first given name or Jaro-Winkler >= 0.94"),
            ("initials", 0.04, 0.004, False, "initials consistent with the other side's names"),
            ("fuzzy", 0.04, 0.01, False, "Jaro-Winkler >= 0.85"),
            ("disagree", REST, REST, False, "different given names"),
        ),
        _comparison(
            "date_of_birth",
            "Date of birth, possibly partial (year, or year and month)",
            ("exact", 0.86, 0.00004, True, "same full date"),
            ("swapped", 0.015, 0.00001, False, "day and month swapped"),
            ("typo", 0.04, 0.0005, False, "one component off by a digit or transposition"),
            # A partial date is as likely on a match as on a non-match, so m and u carry the same
            # share of partial dates; what differs is how often the known parts agree: almost
            # always for the same person, about 1 in 720 (year and month) or 1 in 60 (a year of
            # a population spread over 60 years of birth) for two different people.
            ("partial_month", 0.02, 0.00003, False, "year and month agree, a day is unknown"),
            ("partial_year", 0.03, 0.0005, False, "years agree, month unknown on a side"),
            ("generation", 0.0002, 0.55, False, "twelve or more years apart (parent and child)"),
            ("disagree", REST, REST, False, "different dates"),
        ),
        _comparison(
            "address",
            "Dutch address: postcode and house number, or street, number and city",
            ("exact", 0.60, 0.0001, True, "same postcode, number, letter and addition"),
            (
                "street_number",
                0.10,
                0.00005,
                False,
                "same street and house number; postcode or city missing or one slip of the pen",
            ),
            ("number_match", 0.08, 0.00005, False, "same building: number agrees, letter/addition differ"),
            ("postcode", 0.05, 0.0005, False, "same postcode, other number"),
            ("street", 0.03, 0.001, False, "same street and city, other number"),
            ("city", 0.09, 0.3, False, "only the city agrees"),
            ("disagree", REST, REST, False, "different addresses"),
        ),
        _comparison(
            "phone",
            "Phone numbers in E.164; people have several, so disagreement is weak evidence",
            ("exact", 0.70, 0.000001, True, "a shared number"),
            ("disagree", REST, REST, False, "no shared number"),
        ),
        _comparison(
            "email",
            "E-mail addresses",
            ("exact", 0.60, 0.0000001, True, "a shared address"),
            ("local_part", 0.05, 0.00001, False, "same name before the @ at another provider"),
            ("disagree", REST, REST, False, "no shared address"),
        ),
        _comparison(
            "plate",
            "Licence plates",
            ("exact", 0.80, 0.000001, True, "same plate"),
            ("one_char", 0.05, 0.00001, False, "plates differ in one character (misread)"),
            ("disagree", REST, REST, False, "different plates"),
        ),
        _comparison(
            "iban",
            "Bank accounts",
            ("exact", 0.70, 0.0000001, True, "a shared account"),
            ("disagree", REST, REST, False, "no shared account"),
        ),
        _comparison(
            "kvk",
            "Chamber of Commerce numbers",
            ("exact", 0.95, 0.0000001, True, "same KvK number"),
            ("disagree", REST, REST, False, "different KvK numbers"),
        ),
        _comparison(
            "id_number",
            "Identity documents and BSN",
            ("exact", 0.90, 0.00000001, True, "same document or citizen number"),
            ("one_edit", 0.04, 0.000001, False, "numbers one character apart"),
            ("disagree", REST, REST, False, "different numbers"),
        ),
        _comparison(
            "url",
            "Advert URLs and advert ids",
            ("exact", 0.60, 0.000001, True, "same advert"),
            ("disagree", REST, REST, False, "different adverts"),
        ),
        _comparison(
            "organisation_name",
            "Organisation names without legal form",
            ("exact", 0.80, 0.001, True, "same name"),
            ("fuzzy_high", 0.10, 0.001, False, "token-sort ratio >= 92"),
            ("fuzzy", 0.05, 0.005, False, "token-sort ratio >= 80"),
            ("disagree", REST, REST, False, "different names"),
        ),
    )
    return Model(comparisons, prior=prior, threshold=threshold)


# Surnames are not independent of addresses: relatives live together. Among pairs of clearly
# different people at one address (given names and dates of birth disagree) in the benchmark's
# person file -- counted without its labels -- 9.8 % share the surname exactly, 4.9 % nearly
# (Kowalski / Kowalska, a typo), against 0.3 % and 0.1 % of random pairs. When the address
# agrees (:data:`SHARED_ADDRESS_LEVELS`), a surname level's u is at least this.
SURNAME_U_AT_ONE_ADDRESS: dict[str, float] = {
    "exact": 0.098,
    "particles_differ": 0.007,
    "fuzzy_high": 0.049,
    "token_subset": 0.007,
    "fuzzy": 0.012,
}
SHARED_ADDRESS_LEVELS: frozenset[str] = frozenset({"exact", "street_number", "number_match"})


# Entity kinds whose records *are* one identifier: two address records with the same address
# key are the same address, while two people at one address are usually not the same person.
# The Index picks the model by the stored record's kind.
IDENTIFIER_KINDS: dict[str, str] = {
    "address": "address",
    "vehicle": "plate",
    "phone": "phone",
    "email": "email",
    "account": "iban",
    "advert": "url",
}


def default_kind_models(base: Model | None = None) -> dict[str, Model]:
    """Per-kind models for identifier entities (see :data:`IDENTIFIER_KINDS`), derived from ``base``.

    In them exact agreement on the identifier is near-certain evidence (m 0.95, u 1e-8). For
    addresses, the same street, number and city without a postcode also counts as the same
    address, while another flat in the same building (``number_match``) stays a different one.
    """
    base = base or default_model()
    models: dict[str, Model] = {}
    for kind, comparison in IDENTIFIER_KINDS.items():
        if comparison == "address":
            m = {
                "exact": 0.80,
                "number_match": 0.01,
                "street_number": 0.15,
                "postcode": 0.01,
                "street": 0.01,
                "city": 0.01,
            }
            u = {
                "exact": 1e-8,
                "number_match": 1e-5,
                "street_number": 1e-7,
                "postcode": 5e-4,
                "street": 1e-3,
                "city": 0.3,
            }
        else:
            others = [level.name for level in base.comparison(comparison).levels[1:-1]]
            m = {"exact": 0.95, **dict.fromkeys(others, 0.02)}
            u = {"exact": 1e-8}
        models[kind] = base.with_probabilities(m={comparison: m}, u={comparison: u})
    return models
