"""The network view's layout: labels that can be read, children next to their parents."""

from __future__ import annotations

import math

import pytest

from schakel.entities.layout import Placed, overlap, radial_layout, view_box
from schakel.entities.selectors import Node, Relation

LONG = "Kemperbergerweg 193, 6816 RS Arnhem"  # longer than the 22 characters drawn


def network(*rings: int, parents_first: int = 0) -> list[Node]:
    """A start, then rings of the given sizes; each node's parent lies on the ring inside it.

    With ``parents_first`` the first that many nodes of the ring inside take all the children,
    as a place or advert with many signals does."""
    nodes = [Node("n0", "person", "Start (synthetisch)", 0, relation=Relation.START)]
    previous = ["n0"]
    for depth, size in enumerate(rings, start=1):
        pool = previous[: parents_first or len(previous)] if depth > 1 else previous
        ring = []
        for index in range(size):
            key = f"n{depth}-{index}"
            label = LONG if index % 2 else f"Persoon {depth}-{index} (synthetisch)"
            nodes.append(Node(key, "address" if index % 2 else "person", label, depth, parent=pool[index % len(pool)]))
            ring.append(key)
        previous = ring
    return nodes


def clashes(placed: list[Placed]) -> list[tuple[str, str]]:
    """Pairs of a level label and another label or a node that it touches."""
    found = []
    for p in placed:
        if p.rotate is not None:
            continue
        for q in placed:
            if q is p:
                continue
            if overlap(p.label_box, q.node_box) or (q.rotate is None and overlap(p.label_box, q.label_box)):
                found.append((p.node.key, q.node.key))
    return found


@pytest.mark.parametrize(
    "rings",
    [(8, 4), (8, 4, 4), (4, 28), (3, 5, 28), (16,), (1, 40), (12, 12)],
)
def test_no_level_label_touches_another_label_or_a_node(rings: tuple[int, ...]) -> None:
    placed = radial_layout(network(*rings))
    assert clashes(placed) == []


def test_labels_along_a_ray_only_on_a_crowded_outer_ring() -> None:
    sparse = radial_layout(network(6))
    assert all(p.rotate is None for p in sparse)
    crowded = radial_layout(network(4, 28))
    turned = [p for p in crowded if p.rotate is not None]
    assert turned and all(p.node.depth == 2 for p in turned)
    # They read from left to right: never upside down.
    assert all(p.rotate is not None and -90 <= p.rotate <= 90 for p in turned)


def test_view_box_holds_every_node_and_label() -> None:
    placed = radial_layout(network(3, 5, 28))
    left, top, width, height = (int(v) for v in view_box(placed).split())
    for p in placed:
        assert left <= p.x - 16 and p.x + 16 <= left + width
        assert top <= p.y - 16 and p.y + 16 <= top + height
        if p.rotate is None:
            box = p.label_box
            assert left <= box[0] and box[2] <= left + width and top <= box[1] and box[3] <= top + height
        else:
            reach = 7.5 * min(len(p.node.label), 22)
            sign = 1 if p.anchor == "start" else -1
            end_y = p.label_y + sign * reach * math.sin(math.radians(p.rotate))
            assert top <= end_y <= top + height


def test_nodes_in_the_order_given_and_children_next_to_their_parent() -> None:
    nodes = network(4, 20, parents_first=2)  # two of the four take all twenty children
    placed = radial_layout(nodes)
    assert [p.node.key for p in placed] == [node.key for node in nodes]

    def angle(p: Placed) -> float:
        return math.atan2(p.y - placed[0].y, p.x - placed[0].x)

    def apart(a: float, b: float) -> float:
        d = abs(a - b) % (2 * math.pi)
        return min(d, 2 * math.pi - d)

    where = {p.node.key: p for p in placed}
    children = [p for p in placed if p.node.depth == 2]
    # Each child lies on its parent's side of the circle: closer to its own parent than to the
    # other parent, for all but the ones where the two families meet.
    parents = {p.node.parent or "" for p in children}
    assert len(parents) == 2
    own = sum(
        apart(angle(p), angle(where[p.node.parent or ""]))
        < min(apart(angle(p), angle(where[other])) for other in parents - {p.node.parent or ""})
        for p in children
    )
    assert own >= len(children) - 4
    # A family is one arc: going round the circle, the parent changes only twice.
    around = sorted(children, key=lambda p: (angle(p) + math.pi / 2) % (2 * math.pi))
    changes = sum(a.node.parent != b.node.parent for a, b in zip(around, around[1:] + around[:1], strict=True))
    assert changes == 2
