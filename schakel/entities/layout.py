"""Where the network view draws its nodes: computed on the server, so the SVG needs no script.

A radial layout: the start in the centre, one ring per step. Outer rings hold more nodes, so the
rings spread by the square root of the step. On the outer ring each label sits on the outer
side of its node; on the rings inside, under or over it.

Within a ring, nodes follow the order of their parents around the circle, so a node lies near
the node it was reached from and the lines cross less. The ring is then turned by the amount
that keeps its labels off the labels and nodes already drawn (and closest to the parents): a
ring turned the same way as the ring inside it put a node right on the end of an inner label.
A label that still meets something at the end moves to a free side of its node, or, on a
crowded outer ring, runs along its ray.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from schakel.entities.selectors import Node

WIDTH, HEIGHT = 960, 720
LABEL_CHARS = 22  # the template truncates labels to this many characters
CHAR_WIDTH = 7.5  # pixels per character at the labels' 13px, generous for capitals
LABEL_ASCENT, LABEL_DESCENT = 11, 4
NODE_RADIUS, START_RADIUS = 10, 16
TURNS = 12  # the turns tried per ring, within one step between two nodes

Box = tuple[float, float, float, float]  # left, top, right, bottom


@dataclass
class Placed:
    node: Node
    x: int
    y: int
    anchor: str
    label_x: int
    label_y: int
    rotate: int | None = None  # degrees, about the label's anchor; None: level
    angle: float = 0.0  # radians, clockwise from the right (SVG's y runs down)

    @cached_property
    def label_box(self) -> Box:
        if self.rotate is not None:
            # Along the ray, outside every ring: it only meets labels of its own ring, which
            # it does not when the ring leaves a line's height between neighbours.
            return (self.label_x, self.label_y, self.label_x, self.label_y)
        return label_box(self.anchor, self.label_x, self.label_y, self.node.label)

    @cached_property
    def node_box(self) -> Box:
        r = START_RADIUS if self.node.depth == 0 else NODE_RADIUS
        return (self.x - r, self.y - r, self.x + r, self.y + r)


def label_box(anchor: str, x: float, y: float, label: str) -> Box:
    """The area a label takes, from its anchor point (SVG ``text-anchor``, baseline at ``y``)."""
    width = CHAR_WIDTH * min(len(label), LABEL_CHARS)
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return (left, y - LABEL_ASCENT, left + width, y + LABEL_DESCENT)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _place(node: Node, angle: float, radius: float, outermost: bool) -> Placed:
    """A node at ``angle`` on the ring of ``radius``, its label level."""
    x, y = WIDTH / 2 + radius * math.cos(angle), HEIGHT / 2 + radius * math.sin(angle)
    cos, sin = math.cos(angle), math.sin(angle)
    if node.depth == 0:
        anchor, label_x, label_y = "middle", x, y + 32
    elif not outermost:
        # Under (or, in the upper half, over) the node: a label running outwards from an inner
        # ring would run into the rings outside it.
        anchor, label_x, label_y = "middle", x, y + (24 if sin > -0.3 else -16)
    elif abs(cos) <= 0.3:
        anchor, label_x, label_y = "middle", x, y + (24 if sin > 0 else -16)
    else:
        anchor, label_x, label_y = ("start", x + 14, y + 4) if cos > 0 else ("end", x - 14, y + 4)
    return Placed(node, round(x), round(y), anchor, round(label_x), round(label_y), angle=angle)


def _along_ray(p: Placed) -> Placed:
    """The same node with its label running outwards along the ray, turned so that it reads
    from left to right on both halves of the circle."""
    cos, sin = math.cos(p.angle), math.sin(p.angle)
    anchor, turn = ("start", p.angle) if cos >= 0 else ("end", p.angle + math.pi)
    rotate = round(math.degrees(turn) + 180) % 360 - 180  # in [-90, 90]: never upside down
    return Placed(p.node, p.x, p.y, anchor, round(p.x + 14 * cos), round(p.y + 14 * sin), rotate, p.angle)


def _from_top(angle: float) -> float:
    """An angle measured clockwise from the top, in [0, 2π): the order around the circle."""
    return (angle + math.pi / 2) % (2 * math.pi)


def _apart(a: float, b: float) -> float:
    d = abs(a - b) % (2 * math.pi)
    return min(d, 2 * math.pi - d)


def view_box(placed: list[Placed], margin: int = 8) -> str:
    """The SVG ``viewBox`` that holds every node and label: at least the canvas, larger where
    labels along a ray reach beyond it."""
    left, top, right, bottom = 0.0, 0.0, float(WIDTH), float(HEIGHT)
    for p in placed:
        boxes = [p.node_box]
        if p.rotate is None:
            boxes.append(p.label_box)
        else:
            width = CHAR_WIDTH * min(len(p.node.label), LABEL_CHARS)
            sign = 1 if p.anchor == "start" else -1
            end_x = p.label_x + sign * width * math.cos(math.radians(p.rotate))
            end_y = p.label_y + sign * width * math.sin(math.radians(p.rotate))
            boxes.append((min(p.label_x, end_x), min(p.label_y, end_y), max(p.label_x, end_x), max(p.label_y, end_y)))
        for box in boxes:
            left, top = min(left, box[0] - margin), min(top, box[1] - margin)
            right, bottom = max(right, box[2] + margin), max(bottom, box[3] + margin)
    return f"{math.floor(left)} {math.floor(top)} {math.ceil(right - left)} {math.ceil(bottom - top)}"


def radial_layout(nodes: Sequence[Node]) -> list[Placed]:
    """Every node placed, in the order given (the keyboard's order, and the table's)."""
    rings: dict[int, list[int]] = {}
    for index, node in enumerate(nodes):
        rings.setdefault(node.depth, []).append(index)
    outer = max(rings, default=0) or 1
    placed: dict[int, Placed] = {}
    angles: dict[str, float] = {}
    drawn: list[Box] = []
    for level in sorted(rings):
        radius = 300 * math.sqrt(level / outer)
        members = sorted(rings[level], key=lambda i: (_from_top(angles.get(nodes[i].parent or "", 0.0)), i))
        step = 2 * math.pi / len(members)
        # First the whole steps: the order kept, the ring turned to lie closest to the parents
        # (one parent with many children would otherwise pull the others away from theirs).
        parents = [angles.get(nodes[i].parent or "") for i in members]
        start = min(
            range(len(members)),
            key=lambda shift: sum(
                _apart(-math.pi / 2 + step * (shift + k), parent)
                for k, parent in enumerate(parents)
                if parent is not None
            ),
        )
        best: tuple[tuple[int, float], list[Placed], list[float]] | None = None
        drawn_array = np.array(drawn, dtype=float).reshape(-1, 4)
        for turn in range(TURNS if level else 1):
            ring_angles = [-math.pi / 2 + step * (start + turn / TURNS + k) for k in range(len(members))]
            ring = [_place(nodes[i], a, radius, level == outer) for i, a in zip(members, ring_angles, strict=True)]
            cost = (_collisions(ring, drawn_array), _distance_to_parents(ring, ring_angles, angles))
            if best is None or cost < best[0]:
                best = (cost, ring, ring_angles)
        assert best is not None
        for i, p, a in zip(members, best[1], best[2], strict=True):
            placed[i] = p
            if level:  # the centre has no direction to stay close to
                angles[p.node.key] = a
            drawn += [p.label_box, p.node_box]
    return _mend([placed[i] for i in range(len(nodes))], outer)


def _moved(p: Placed, where: str) -> Placed:
    """The same node with its label under, over, left or right of it."""
    anchor, dx, dy = {"under": ("middle", 0, 24), "over": ("middle", 0, -16), "left": ("end", -14, 4)}.get(
        where, ("start", 14, 4)
    )
    return Placed(p.node, p.x, p.y, anchor, p.x + dx, p.y + dy, None, p.angle)


def _mend(placed: list[Placed], outer: int) -> list[Placed]:
    """A label that still meets another label or a node moves to the first free place: on the
    outer ring along its ray (nearest the top and bottom first, where neighbours on a ring sit
    side by side), else under, over, left or right of its node; where none is free, to the one
    with fewest clashes."""
    placed = list(placed)
    labels = np.array([p.label_box for p in placed], dtype=float).reshape(-1, 4)
    circles = np.array([p.node_box for p in placed], dtype=float).reshape(-1, 4)

    def clashes(index: int, option: Placed) -> int:
        label, circle = np.array([option.label_box]), np.array([option.node_box])
        hit = _touching(label, labels)[0] | _touching(label, circles)[0] | _touching(circle, labels)[0]
        hit[index] = False
        return int(hit.sum())

    order = sorted(range(len(placed)), key=lambda i: (placed[i].node.depth != outer, abs(math.cos(placed[i].angle))))
    for index in order:
        p = placed[index]
        if p.node.depth == 0 or not clashes(index, p):
            continue
        options = [_moved(p, where) for where in ("under", "over", "left", "right")]
        if p.node.depth == outer:
            options.insert(0, _along_ray(p))
        placed[index] = min(options, key=lambda option: clashes(index, option))
        labels[index] = placed[index].label_box
    return placed


def _touching(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Which boxes of ``a`` (rows) touch which boxes of ``b`` (columns)."""
    return (
        (a[:, None, 0] < b[None, :, 2])
        & (b[None, :, 0] < a[:, None, 2])
        & (a[:, None, 1] < b[None, :, 3])
        & (b[None, :, 1] < a[:, None, 3])
    )


def _collisions(ring: list[Placed], drawn: np.ndarray) -> int:
    """How many labels and nodes of the ring touch a label or node already drawn, or each other."""
    labels = np.array([p.label_box for p in ring], dtype=float)
    circles = np.array([p.node_box for p in ring], dtype=float)
    count = int(np.triu(_touching(labels, labels), 1).sum())  # two labels of the ring
    on_nodes = _touching(labels, circles)
    count += int(on_nodes.sum() - np.diagonal(on_nodes).sum())  # a label on another node of the ring
    if len(drawn):
        count += int(_touching(labels, drawn).sum() + _touching(circles, drawn).sum())
    return count


def _distance_to_parents(ring: list[Placed], ring_angles: list[float], angles: dict[str, float]) -> float:
    return sum(
        _apart(a, angles[p.node.parent]) for p, a in zip(ring, ring_angles, strict=True) if p.node.parent in angles
    )


def edges(placed: list[Placed], possible: str) -> list[dict[str, Any]]:
    """A line from each node to the node it was reached from; ``possible`` names the relation
    of a link not yet judged (drawn dashed)."""
    where = {p.node.key: (p.x, p.y) for p in placed}
    return [
        {
            "x1": where[p.node.parent][0],
            "y1": where[p.node.parent][1],
            "x2": p.x,
            "y2": p.y,
            "depth": p.node.depth,
            "possible": p.node.relation == possible,
        }
        for p in placed
        if p.node.parent in where
    ]
