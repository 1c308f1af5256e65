from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.core.http import acting_user as _user
from schakel.entities import selectors, services
from schakel.entities.models import LinkSuggestion, SuggestionStatus


@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    suggestion = LinkSuggestion.objects.filter(pk=pk).select_related("entity_a").first()
    decision = request.POST.get("decision", "")
    if suggestion is None or decision not in SuggestionStatus.values:
        raise Http404
    try:
        services.suggestion_decide(actor=user, suggestion=suggestion, decision=decision)
    except PermissionDenied as exc:
        raise Http404 from exc
    messages.success(
        request,
        {
            SuggestionStatus.CONFIRMED: _("Vastgelegd: dezelfde."),
            SuggestionStatus.REJECTED: _("Vastgelegd: niet dezelfde. Deze koppeling wordt niet meer voorgesteld."),
            SuggestionStatus.OPEN: _("Het oordeel is ongedaan gemaakt."),
        }[SuggestionStatus(decision)],
    )
    back = request.POST.get("next", "")
    if back.startswith("/signalen/") or back.startswith("/entiteiten/"):
        return redirect(back)
    return redirect("signals:detail", pk=suggestion.entity_a.signal_id)


def entity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.entity_get(actor=_user(request), pk=pk)
    return render(request, "entities/detail.html", {"page": page})


def place_detail(request: HttpRequest) -> HttpResponse:
    page = selectors.place_get(actor=_user(request), key=request.GET.get("adres", ""))
    return render(request, "entities/place.html", {"page": page})


def _depth(request: HttpRequest) -> int:
    try:
        depth = int(request.GET.get("diepte", "2"))
    except ValueError:
        depth = 2
    return max(1, min(3, depth))


def entity_network(request: HttpRequest, pk: int) -> HttpResponse:
    depth = _depth(request)
    nodes = selectors.network(actor=_user(request), pk=pk, depth=depth)
    return _render_network(request, nodes, depth, {"entity_id": pk})


def place_network(request: HttpRequest) -> HttpResponse:
    depth = _depth(request)
    nodes = selectors.place_network(actor=_user(request), key=request.GET.get("adres", ""), depth=depth)
    return _render_network(request, nodes, depth, {"place": nodes[0].place})


def _render_network(
    request: HttpRequest, nodes: list[selectors.Node], depth: int, start: dict[str, Any]
) -> HttpResponse:
    # A radial layout: one ring per step; positions computed here so the SVG needs no script.
    # Outer rings hold more nodes, so the rings spread by the square root of the step; each
    # label sits on the outer side of its node, so neighbours on a ring do not overwrite it.
    width, height = 960, 720
    centre_x, centre_y = width // 2, height // 2
    rings: dict[int, list[selectors.Node]] = {}
    for node in nodes:
        rings.setdefault(node.depth, []).append(node)
    outer = max(rings, default=0) or 1
    placed: list[dict[str, Any]] = []
    for level, members in rings.items():
        radius = 300 * math.sqrt(level / outer)
        for index, node in enumerate(members):
            angle = 2 * math.pi * index / max(1, len(members)) - math.pi / 2
            x, y = centre_x + radius * math.cos(angle), centre_y + radius * math.sin(angle)
            if level == 0:
                anchor, label_x, label_y = "middle", x, y + 32
            elif math.cos(angle) > 0.3:
                anchor, label_x, label_y = "start", x + 14, y + 4
            elif math.cos(angle) < -0.3:
                anchor, label_x, label_y = "end", x - 14, y + 4
            else:
                anchor, label_x, label_y = "middle", x, y + (24 if math.sin(angle) > 0 else -16)
            placed.append(
                {
                    "node": node,
                    "x": round(x),
                    "y": round(y),
                    "anchor": anchor,
                    "label_x": round(label_x),
                    "label_y": round(label_y),
                }
            )
    root = placed[0] if placed else None
    where = {p["node"].key: (p["x"], p["y"]) for p in placed}
    edges = [
        {
            "x1": where[p["node"].parent][0],
            "y1": where[p["node"].parent][1],
            "x2": p["x"],
            "y2": p["y"],
            "depth": p["node"].depth,
            "possible": p["node"].relation == selectors.Relation.POSSIBLE,
        }
        for p in placed
        if p["node"].parent in where
    ]
    return render(
        request,
        "entities/network.html",
        {
            "nodes": nodes,
            "placed": placed,
            "root": root,
            "edges": edges,
            "width": width,
            "height": height,
            "depth": depth,
            **start,
            "depths": [1, 2, 3],
            "possible": sum(node.relation == selectors.Relation.POSSIBLE for node in nodes),
            "legend": sorted({(node.kind, node.kind_label) for node in nodes}, key=lambda item: item[1]),
        },
    )
