"""Turning pairwise matches into entities, honouring people's "these are not the same" judgements.

Pairwise matches are not transitive: A~B and B~C does not make A~C, and a caseworker may have
recorded that A and C are different people. Clustering therefore uses union–find with
*cannot-link* constraints: edges are processed from the highest score down, and a union is
refused when it would put two records that a person kept apart into one cluster. Must-link
judgements ("confirmed the same") are applied first, before any scored edge.

Refusing the weaker edge is the greedy choice: the strongest evidence wins, and the refused
edges are returned so a user interface can show "B looks like both A and C, who are different".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["Clustering", "UnionFind", "cluster"]

Edge = tuple[str, str, float]


class UnionFind:
    """Disjoint sets with cannot-link constraints checked on every union."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self._parent: dict[str, str] = {}
        self._members: dict[str, set[str]] = {}
        self._forbidden: dict[str, set[str]] = {}
        self._cannot: dict[str, set[str]] = {}
        for item in items:
            self.add(item)

    def add(self, item: str) -> None:
        if item not in self._parent:
            self._parent[item] = item
            self._members[item] = {item}
            self._forbidden[item] = set(self._cannot.get(item, set()))

    def find(self, item: str) -> str:
        self.add(item)
        root = item
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[item] != root:  # path compression
            self._parent[item], item = root, self._parent[item]
        return root

    def forbid(self, a: str, b: str) -> bool:
        """Record that ``a`` and ``b`` must stay apart. False if they are already together."""
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return False
        self._cannot.setdefault(a, set()).add(b)
        self._cannot.setdefault(b, set()).add(a)
        self._forbidden[root_a].add(b)
        self._forbidden[root_b].add(a)
        return True

    def can_union(self, a: str, b: str) -> bool:
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        # Cannot-links are stored on both sides, so checking one direction finds every conflict.
        return self._forbidden[root_a].isdisjoint(self._members[root_b])

    def union(self, a: str, b: str) -> bool:
        """Join the sets of ``a`` and ``b`` unless a cannot-link forbids it; True if they are together now."""
        if not self.can_union(a, b):
            return False
        root_a, root_b = self.find(a), self.find(b)
        if root_a == root_b:
            return True
        # Union by size keeps trees shallow and the member/forbidden merges small-into-large.
        if len(self._members[root_a]) < len(self._members[root_b]):
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        self._members[root_a] |= self._members.pop(root_b)
        self._forbidden[root_a] |= self._forbidden.pop(root_b)
        return True

    def groups(self) -> list[frozenset[str]]:
        return [frozenset(members) for members in self._members.values()]


@dataclass(frozen=True)
class Clustering:
    """Clusters (each a set of record ids), plus edges and judgements that could not be honoured."""

    clusters: tuple[frozenset[str], ...]
    refused_edges: tuple[Edge, ...] = ()
    conflicts: tuple[tuple[str, str], ...] = ()
    _index: dict[str, frozenset[str]] = field(init=False, default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for members in self.clusters:
            for member in members:
                self._index[member] = members

    def cluster_of(self, record_id: str) -> frozenset[str]:
        return self._index.get(record_id, frozenset({record_id}))

    def together(self, a: str, b: str) -> bool:
        return b in self.cluster_of(a)


def cluster(
    ids: Iterable[str],
    edges: Iterable[Edge],
    *,
    cannot_link: Iterable[tuple[str, str]] = (),
    must_link: Iterable[tuple[str, str]] = (),
    threshold: float | None = None,
) -> Clustering:
    """Cluster ``ids`` by scored ``edges`` ``(id_a, id_b, score)``.

    Edges below ``threshold`` are ignored. Must-link pairs are joined first; a must-link that
    contradicts the cannot-links (directly or through other must-links) is reported in
    ``conflicts`` and not applied, because two people's judgements disagree and software must
    not pick a side silently. Ties in score are broken by the ids so the result is
    deterministic.
    """
    structure = UnionFind(ids)
    for a, b in cannot_link:
        structure.forbid(a, b)
    conflicts: list[tuple[str, str]] = []
    for a, b in must_link:
        if not structure.union(a, b):
            conflicts.append((a, b))
    refused: list[Edge] = []
    ordered = sorted(edges, key=lambda edge: (-edge[2], min(edge[0], edge[1]), max(edge[0], edge[1])))
    for a, b, score in ordered:
        if threshold is not None and score < threshold:
            continue
        if not structure.union(a, b):
            refused.append((a, b, score))
    clusters = sorted(structure.groups(), key=lambda members: (-len(members), min(members)))
    return Clustering(tuple(clusters), tuple(refused), tuple(conflicts))
