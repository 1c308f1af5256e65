from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from schakel.accounts.models import User
from schakel.accounts.selectors import role_labels


def _home_cards(user: User) -> list[dict[str, object]]:
    """What the home page offers, by what the user may do (permissions, not role names)."""
    cards: list[dict[str, object]] = []
    if user.has_perm("accounts.view_all_signals"):
        cards.append(
            {
                "title": _("Alle signalen"),
                "text": _("Elk signaal uit elke ingang, urgentste en nieuwste eerst."),
                "url": "signals:list",
            }
        )
    if user.has_perm("accounts.report_signal"):
        cards.append(
            {
                "title": _("Signaal melden"),
                "text": _("Meld wat je hebt gezien via het meldpunt."),
                "url": "signals:new",
            }
        )
        if not user.has_perm("accounts.view_all_signals"):
            cards.append(
                {
                    "title": _("Mijn meldingen"),
                    "text": _("De signalen die jij of je organisatie meldde."),
                    "url": "signals:list",
                }
            )
    if user.has_perm("accounts.receive_shares"):
        cards.append(
            {
                "title": _("Gedeeld met mijn organisatie"),
                "text": _("Signalen en taken die met jouw organisatie zijn gedeeld."),
                "url": "routing:share_list",
            }
        )
    if any(
        user.has_perm(p) for p in ("accounts.manage_cases", "accounts.receive_shares", "accounts.manage_inspections")
    ):
        cards.append(
            {
                "title": _("Casussen"),
                "text": _("Casussen, plan van aanpak en casusoverleggen (MDO, RIEC-tafel)."),
                "url": "cases:list",
            }
        )
    if user.has_perm("accounts.manage_care"):
        cards.append({"title": _("Zorgtrajecten"), "text": _("Trajecten, bedenktijd en opvang."), "url": "care:list"})
    if user.has_perm("accounts.manage_inspections") or user.has_perm("accounts.manage_cases"):
        cards.append(
            {
                "title": _("Controles"),
                "text": _("Integrale controles, pandenacties, panden en bestuurlijke maatregelen."),
                "url": "enforcement:inspection_list",
            }
        )
    if user.has_perm("accounts.view_aggregates"):
        cards.append(
            {"title": _("Aard en omvang"), "text": _("Cijfers en het plan 2023–2026."), "url": "monitoring:dashboard"}
        )
        if not user.has_perm("accounts.manage_care"):
            cards.append(
                {
                    "title": _("Zorg in cijfers"),
                    "text": _("Zorgtrajecten per stap en de anonieme maandcijfers van steunpunt en overweeghuis."),
                    "url": "care:counts",
                }
            )
    if user.has_perm("prevention.view_activity"):
        cards.append(
            {
                "title": _("Preventie"),
                "text": _("Trainingen, voorlichtingen en campagnes, met aanwezigheid."),
                "url": "prevention:list",
            }
        )
    if user.has_perm("accounts.view_liaison_registry"):
        cards.append(
            {
                "title": _("Aandachtsfunctionarissen"),
                "text": _("Wie is getraind, en wanneer voor het laatst."),
                "url": "accounts:liaison_list",
            }
        )
    if user.has_perm("accounts.view_audit_trail"):
        cards.append(
            {
                "title": _("Audittrail"),
                "text": _("Alle aanmeldingen, wijzigingen en inzages."),
                "url": "audit:event_list",
            }
        )
    if user.has_perm("privacy.manage_privacy"):
        cards.append(
            {
                "title": _("Privacy"),
                "text": _("Bewaartermijnen, bewaarplicht, verzoeken van betrokkenen en toegangsreview."),
                "url": "privacy:overview",
            }
        )
    if user.is_staff:
        cards.append(
            {"title": _("Beheer"), "text": _("Gebruikers, ketenpartners en referentiegegevens."), "url": "admin:index"}
        )
    cards.append(
        {"title": _("Ketenpartners"), "text": _("Wie doet wat in de keten."), "url": "accounts:organisation_list"}
    )
    return cards


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context: dict[str, object] = {"cards": _home_cards(user), "roles": role_labels(user=user)}
    if user.has_perm("accounts.view_all_signals") and user.municipality is not None:
        from schakel.signals.selectors import director_dashboard

        context["dashboard"] = director_dashboard(actor=user)
        from schakel.entities.selectors import open_suggestion_count, patterns

        context["patterns"] = patterns(actor=user)
        context["open_links"] = open_suggestion_count(actor=user)
    if user.has_perm("accounts.view_all_signals") and user.has_perm("accounts.view_liaison_registry"):
        from schakel.prevention.selectors import officers_due_training

        due = list(officers_due_training(actor=user))
        context["training_due"] = due[:5]
        context["training_due_count"] = len(due)
    # Plan against actuals of inspections: counts only, so the analyst sees them too.
    summary_perms = ("accounts.manage_inspections", "accounts.manage_cases", "accounts.view_aggregates")
    if any(user.has_perm(perm) for perm in summary_perms) and user.municipality is not None:
        from django.utils import timezone

        from schakel.enforcement.selectors import inspection_year_summary

        context["inspection_summary"] = inspection_year_summary(
            timezone.localdate().year, municipality=user.municipality
        )
    if user.has_perm("accounts.receive_shares"):
        from schakel.routing.models import ShareStatus
        from schakel.routing.selectors import partner_shares

        context["new_shares"] = partner_shares(actor=user).filter(status=ShareStatus.NEW).count()
    if user.has_perm("accounts.manage_care"):
        from schakel.care.selectors import care_home_panel

        context.update(care_home_panel(actor=user))
    from schakel.cases.selectors import overdue_actions

    context["overdue_case_actions"] = list(overdue_actions(actor=user)[:10])
    if user.has_perm("accounts.manage_reference_data"):
        from schakel.routing.models import Notification, NotificationStatus

        context["failed_notifications"] = Notification.objects.filter(status=NotificationStatus.FAILED).count()
    return render(request, "core/home.html", context)


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@login_not_required
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    from schakel.core.unavailable import database_unavailable, unavailable_response

    if database_unavailable():
        return unavailable_response(request)  # 503 "try again", never a stack trace
    return render(request, "500.html", status=500)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)
