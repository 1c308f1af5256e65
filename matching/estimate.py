"""Estimating the model's probabilities from the data instead of by hand.

``estimate_u`` samples random record pairs, which are almost all non-matches, and counts how
often each level occurs: that is u. ``estimate_m`` runs expectation–maximisation over
candidate pairs (from blocking) with u held fixed, which is the textbook way to get m without
labelled pairs. Both return a new :class:`~matching.model.Model`; neither touches the prior.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence

from matching.compare import COMPARATORS, compare_records
from matching.model import Model, weight_to_probability
from matching.record import Prepared

__all__ = ["comparison_vectors", "estimate_m", "estimate_u"]

Vector = dict[str, str | None]


def _best_levels(a: Prepared, b: Prepared, model: Model) -> Vector:
    """The best (highest base weight) level per comparison, ``None`` when missing; TF is ignored."""
    names = [comparison.name for comparison in model.comparisons if comparison.name in COMPARATORS]
    vector: Vector = {}
    for name, outcomes in compare_records(a, b, names).items():
        comparison = model.comparison(name)
        vector[name] = max((o.level for o in outcomes), key=lambda level: comparison.level(level).weight, default=None)
    return vector


def comparison_vectors(pairs: Sequence[tuple[Prepared, Prepared]], model: Model) -> list[Vector]:
    """One level-per-comparison vector per pair."""
    return [_best_levels(a, b, model) for a, b in pairs]


def estimate_u(
    records: Sequence[Prepared],
    model: Model,
    *,
    sample_pairs: int = 20_000,
    seed: int = 0,
    min_count: int = 5,
) -> Model:
    """Re-estimate u from random pairs of ``records``.

    A level seen fewer than ``min_count`` times keeps its default u: random sampling cannot
    measure a one-in-a-million coincidence such as a shared phone number, and replacing it by
    "1 in sample size" would make every strong identifier look weak. The catch-all level takes
    up the rest so each comparison's u values sum to 1.
    """
    if len(records) < 2:
        return model
    rng = random.Random(seed)
    counts: dict[str, Counter[str]] = {comparison.name: Counter() for comparison in model.comparisons}
    for _ in range(sample_pairs):
        i, j = rng.sample(range(len(records)), 2)
        for name, level in _best_levels(records[i], records[j], model).items():
            if level is not None:
                counts[name][level] += 1
    updates: dict[str, dict[str, float]] = {}
    for comparison in model.comparisons:
        observed = counts[comparison.name]
        total = sum(observed.values())
        if total == 0:
            continue
        updates[comparison.name] = {
            level.name: max(observed[level.name] / total, 1e-9)
            for level in comparison.levels[:-1]
            if observed[level.name] >= min_count
        }
    return model.with_probabilities(u=updates)


def estimate_m(
    vectors: Sequence[Vector],
    model: Model,
    *,
    iterations: int = 25,
    initial_match_share: float = 0.1,
    smoothing: float = 0.5,
) -> tuple[Model, float]:
    """Expectation–maximisation of m over comparison vectors of candidate pairs, u held fixed.

    Returns the model with new m values and the estimated share of matches among the pairs
    (which is *not* the prior of random pairs, because blocking already selected likely ones).
    ``smoothing`` is a pseudo-count per level so that a level never seen keeps a small m.
    """
    if not vectors:
        return model, initial_match_share
    share = initial_match_share
    current = model
    for _ in range(iterations):
        # E-step: posterior probability that each pair is a match.
        prior_weight = math.log2(share / (1.0 - share))
        posteriors = []
        for vector in vectors:
            weight = prior_weight
            for name, level_name in vector.items():
                if level_name is not None:
                    weight += current.comparison(name).level(level_name).weight
            posteriors.append(weight_to_probability(weight))
        # M-step: m per level is the posterior-weighted share of that level among matches.
        updates: dict[str, dict[str, float]] = {}
        for comparison in current.comparisons:
            mass: dict[str, float] = dict.fromkeys((level.name for level in comparison.levels), 0.0)
            for vector, posterior in zip(vectors, posteriors, strict=True):
                level_name = vector.get(comparison.name)
                if level_name is not None:
                    mass[level_name] += posterior
            total = sum(mass.values()) + smoothing * len(comparison.levels)
            updates[comparison.name] = {
                level.name: (mass[level.name] + smoothing) / total for level in comparison.levels
            }
        current = current.with_probabilities(m=updates)
        share = min(max(sum(posteriors) / len(posteriors), 1e-6), 1.0 - 1e-6)
    return current, share
