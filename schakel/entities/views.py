from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schakel.core.http import acting_user as _user
from schakel.entities import selectors, services
from schakel.entities.layout import edges, radial_layout, view_box
from schakel.entities.models import LinkSuggestion, SuggestionStatus
from schakel.signals.models import EntityKind


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


def open_links(request: HttpRequest) -> HttpResponse:
    """The chain director's queue of suggestions waiting for a judgement."""
    kinds = dict(EntityKind.choices)
    kind = request.GET.get("soort", "")
    kind = kind if kind in kinds else ""
    try:
        page = max(1, int(request.GET.get("pagina", "1")))
    except ValueError:
        page = 1
    found = selectors.open_suggestions(actor=_user(request), kind=kind, page=page)
    return render(
        request,
        "entities/open_links.html",
        {"found": found, "kind": kind, "kinds": kinds.items(), "page": page, "here": request.get_full_path()},
    )


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
    placed = radial_layout(nodes)
    root = placed[0] if placed else None
    return render(
        request,
        "entities/network.html",
        {
            "nodes": nodes,
            "placed": placed,
            "root": root,
            "edges": edges(placed, possible=selectors.Relation.POSSIBLE),
            "view_box": view_box(placed),
            "depth": depth,
            **start,
            "depths": [1, 2, 3],
            "possible": sum(node.relation == selectors.Relation.POSSIBLE for node in nodes),
            "legend": sorted({(node.kind, node.kind_label) for node in nodes}, key=lambda item: item[1]),
        },
    )
