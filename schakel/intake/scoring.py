"""The indicative score per form of exploitation.

Only a combination of indicators means something; one indicator alone is never a finding.
The score is the sum of the catalogue weights of the observed indicators per form, shown
with a band and always labelled indicative.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from schakel.intake.models import ExploitationForm, Indicator

BANDS = [
    (0, _("geen indicatoren")),
    (1, _("enkele indicator: op zichzelf geen aanwijzing")),
    (3, _("meerdere indicatoren")),
    (6, _("veel indicatoren")),
]


@dataclass(frozen=True)
class FormScore:
    form: str
    label: str
    score: float
    count: int
    band: str


def _band(score: float, count: int) -> str:
    # A single indicator never counts as more than "single", whatever its weight.
    if count == 1:
        return str(BANDS[1][1])
    label = str(BANDS[0][1])
    for threshold, text in BANDS:
        if score >= threshold:
            label = str(text)
    return label


def indicative_scores(indicators: Iterable[Indicator]) -> list[FormScore]:
    totals: dict[str, float] = {}
    counts: dict[str, int] = {}
    for indicator in indicators:
        for form, weight in indicator.weights.items():
            totals[form] = totals.get(form, 0) + float(weight)
            counts[form] = counts.get(form, 0) + 1
    scores = [
        FormScore(
            form, str(ExploitationForm(form).label), totals[form], counts[form], _band(totals[form], counts[form])
        )
        for form in totals
    ]
    return sorted(scores, key=lambda s: (-s.score, s.form))
