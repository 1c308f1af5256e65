"""Clustering pairwise matches with people's "not the same" (cannot-link) and "same" judgements."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.cluster import UnionFind, cluster


def test_transitive_matches_form_one_cluster() -> None:
    result = cluster(["A", "B", "C", "D"], [("A", "B", 0.99), ("B", "C", 0.95)])
    assert result.cluster_of("A") == {"A", "B", "C"}
    assert result.cluster_of("D") == {"D"}
    assert result.together("A", "C")


def test_cannot_link_is_never_bridged_by_transitivity() -> None:
    # A~B and B~C, but a caseworker recorded that A and C are different people.
    result = cluster(["A", "B", "C"], [("A", "B", 0.99), ("B", "C", 0.95)], cannot_link=[("A", "C")])
    assert not result.together("A", "C")
    # The stronger edge wins; the weaker one is refused and reported.
    assert result.together("A", "B")
    assert result.refused_edges == (("B", "C", 0.95),)


def test_strongest_edge_wins_regardless_of_input_order() -> None:
    edges = [("B", "C", 0.99), ("A", "B", 0.91)]
    result = cluster(["A", "B", "C"], edges, cannot_link=[("C", "A")])
    assert result.together("B", "C")
    assert not result.together("A", "B")


def test_cannot_link_between_larger_clusters() -> None:
    edges = [("A1", "A2", 0.99), ("A2", "A3", 0.99), ("C1", "C2", 0.99), ("A3", "C1", 0.95), ("A1", "C2", 0.94)]
    result = cluster(["A1", "A2", "A3", "C1", "C2"], edges, cannot_link=[("A1", "C2")])
    assert result.cluster_of("A1") == {"A1", "A2", "A3"}
    assert result.cluster_of("C1") == {"C1", "C2"}
    assert {edge[:2] for edge in result.refused_edges} == {("A3", "C1"), ("A1", "C2")}


def test_must_link_applies_before_scored_edges() -> None:
    result = cluster(["A", "B", "C"], [("B", "C", 0.99)], must_link=[("A", "B")], cannot_link=[("A", "C")])
    assert result.together("A", "B")
    assert not result.together("B", "C")


def test_contradicting_judgements_are_reported_not_resolved() -> None:
    result = cluster(["A", "B", "C"], [], must_link=[("A", "B"), ("B", "C")], cannot_link=[("A", "C")])
    assert result.conflicts == (("B", "C"),)
    assert not result.together("A", "C")


def test_threshold_drops_weak_edges() -> None:
    result = cluster(["A", "B", "C"], [("A", "B", 0.95), ("B", "C", 0.5)], threshold=0.9)
    assert result.together("A", "B")
    assert not result.together("B", "C")


def test_clusters_are_sorted_largest_first() -> None:
    result = cluster(["Z", "A", "B", "C"], [("A", "B", 1.0), ("B", "C", 1.0)])
    assert result.clusters == (frozenset({"A", "B", "C"}), frozenset({"Z"}))


def test_union_find_directly() -> None:
    structure = UnionFind(["a", "b", "c"])
    assert structure.forbid("a", "c")
    assert structure.union("a", "b")
    assert not structure.can_union("b", "c")
    assert not structure.union("b", "c")
    assert structure.find("a") == structure.find("b") != structure.find("c")
    assert not structure.forbid("a", "b")  # already together: cannot be forbidden afterwards


ids = [f"r{i}" for i in range(12)]
edge_lists = st.lists(
    st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.floats(0.0, 1.0)).filter(lambda e: e[0] != e[1]),
    max_size=40,
)
cannot_lists = st.lists(
    st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1]), max_size=8
)


@settings(max_examples=100, deadline=None, database=None)
@given(edges=edge_lists, cannot=cannot_lists)
def test_no_cluster_ever_contains_a_cannot_link_pair(
    edges: list[tuple[str, str, float]], cannot: list[tuple[str, str]]
) -> None:
    result = cluster(ids, edges, cannot_link=cannot)
    for a, b in cannot:
        assert not result.together(a, b)
    # Every record is in exactly one cluster.
    members = list(itertools.chain.from_iterable(result.clusters))
    assert sorted(members) == sorted(ids)
    # An edge is refused only if accepting it would have joined a cannot-link pair.
    for a, b, _ in result.refused_edges:
        joined = result.cluster_of(a) | result.cluster_of(b)
        assert any(x in joined and y in joined for x, y in cannot)


def test_large_random_graph_is_fast_and_consistent() -> None:
    rng = random.Random(7)
    nodes = [str(i) for i in range(5000)]
    edges = [(rng.choice(nodes), rng.choice(nodes), rng.random()) for _ in range(20000)]
    cannot = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(500)]
    cannot = [(a, b) for a, b in cannot if a != b]
    result = cluster(nodes, edges, cannot_link=cannot)
    assert all(not result.together(a, b) for a, b in cannot)
