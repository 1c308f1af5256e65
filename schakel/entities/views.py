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


def entity_network(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        depth = int(request.GET.get("diepte", "2"))
    except ValueError:
        depth = 2
    depth = max(1, min(3, depth))
    nodes = selectors.network(actor=user, pk=pk, depth=depth)
    # A radial layout: one ring per step; positions computed here so the SVG needs no script.
    size, centre = 640, 320
    rings: dict[int, list[selectors.Node]] = {}
    for node in nodes:
        rings.setdefault(node.depth, []).append(node)
    placed: list[dict[str, Any]] = []
    for level, members in rings.items():
        radius = 0 if level == 0 else 90 * level
        for index, node in enumerate(members):
            angle = 2 * math.pi * index / max(1, len(members)) - math.pi / 2
            placed.append(
                {
                    "node": node,
                    "x": round(centre + radius * math.cos(angle)),
                    "y": round(centre + radius * math.sin(angle)),
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
            "size": size,
            "depth": depth,
            "entity_id": pk,
            "depths": [1, 2, 3],
        },
    )
