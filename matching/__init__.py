"""Entity resolution for Schakel: normalise, block, score (Fellegi–Sunter), cluster.

Pure Python on rapidfuzz, phonenumbers, schwifty, python-stdnum and Unidecode; no Django.
The Django app uses :class:`Index` (match one new record against everything stored) and
:func:`cluster` (turn confirmed and suggested links into entities); the CLI and benchmarks
use :func:`dedupe` and :func:`link`. See ``matching/README.md`` for the model.
"""

from matching.blocking import BlockingConfig, BlockingStats
from matching.cluster import Clustering, cluster
from matching.engine import Index, Match, Record, ScoredPair, dedupe, link
from matching.model import Contribution, Explanation, Model, default_kind_models, default_model
from matching.record import FIELD_KINDS, Prepared, prepare

__all__ = [
    "FIELD_KINDS",
    "BlockingConfig",
    "BlockingStats",
    "Clustering",
    "Contribution",
    "Explanation",
    "Index",
    "Match",
    "Model",
    "Prepared",
    "Record",
    "ScoredPair",
    "cluster",
    "dedupe",
    "default_kind_models",
    "default_model",
    "link",
    "prepare",
]
