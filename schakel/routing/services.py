"""Routing use cases: suggest, share, acknowledge, ask, answer, report back, withdraw."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.routing.models import (
    VICTIM_IDENTITY_ORGANISATION_TYPES,
    FeedbackOutcome,
    LegalBasis,
    RoutingRule,
    Share,
    ShareMessage,
    ShareMessageKind,
    SharePart,
    ShareStatus,
)
from schakel.routing.notifications import link, notify
from schakel.signals.deadlines import add_working_days
from schakel.signals.models import ApiClient, DeadlineRule, Signal, SignalStatus
from schakel.signals.workflow import transition

SHAREABLE_STATUSES = {SignalStatus.VERIFICATION, SignalStatus.SHARED, SignalStatus.AWAITING_FEEDBACK}


@dataclass(frozen=True)
class Suggestion:
    partner: Organisation
    purpose: str
    legal_basis: LegalBasis
    rule: RoutingRule


def suggest_partners(signal: Signal) -> list[Suggestion]:
    """The route's suggestions for this signal; the chain director decides."""
    roles = set(signal.entities.filter(kind="person").values_list("role", flat=True))
    found: OrderedDict[int, Suggestion] = OrderedDict()
    for rule in RoutingRule.objects.filter(is_active=True).select_related("legal_basis").prefetch_related("partners"):
        if not rule.matches(signal, roles):
            continue
        for partner in rule.partners.all():
            if partner.pk not in found and partner.municipalities.filter(pk=signal.municipality_id).exists():
                found[partner.pk] = Suggestion(partner, rule.purpose, rule.legal_basis, rule)
        if rule.stop:
            break
    return list(found.values())


def _require_director(actor: User, signal: Signal) -> None:
    if not actor.has_perm("accounts.view_all_signals") or actor.municipality != signal.municipality:
        raise PermissionDenied


def share_create(
    *,
    actor: User,
    signal: Signal,
    partner: Organisation,
    purpose: str,
    legal_basis: LegalBasis,
    parts: list[str],
    expires_on: date | None = None,
) -> Share:
    _require_director(actor, signal)
    errors: dict[str, list[str]] = {}
    if signal.status not in SHAREABLE_STATUSES:
        errors.setdefault("__all__", []).append(_("Delen kan pas na de triage, vanaf de verificatie."))
    if not parts:
        errors.setdefault("parts", []).append(_("Kies wat je deelt."))
    if any(part not in SharePart.values for part in parts):
        errors.setdefault("parts", []).append(_("Onbekend onderdeel."))
    if SharePart.VICTIM_IDENTITY in parts and partner.type not in VICTIM_IDENTITY_ORGANISATION_TYPES:
        errors.setdefault("parts", []).append(
            _("De identiteit van slachtoffers deel je alleen met zorgcoördinatie of Veilig Thuis.")
        )
    if not partner.municipalities.filter(pk=signal.municipality_id).exists():
        errors.setdefault("partner", []).append(_("Deze ketenpartner werkt niet voor deze gemeente."))
    if not legal_basis.is_active:
        errors.setdefault("legal_basis", []).append(_("Deze grondslag is niet meer in gebruik."))
    if not purpose.strip():
        errors.setdefault("purpose", []).append(_("Vul het doel van het delen in."))
    today = timezone.localdate()
    expires_on = expires_on or today + timedelta(days=180)
    if expires_on < today:
        errors.setdefault("expires_on", []).append(_("Deze datum ligt in het verleden."))
    if Share.objects.filter(signal=signal, partner=partner).exclude(status=ShareStatus.WITHDRAWN).exists():
        errors.setdefault("partner", []).append(_("Dit signaal is al met deze ketenpartner gedeeld."))
    if errors:
        raise ValidationError(errors)
    days = DeadlineRule.working_days_for(
        status=SignalStatus.AWAITING_FEEDBACK, forms=signal.forms, urgency=signal.urgency
    )
    with transaction.atomic():
        share = Share.objects.create(
            signal=signal,
            partner=partner,
            purpose=purpose.strip(),
            legal_basis=legal_basis,
            parts=[part for part in SharePart.values if part in parts],
            shared_by=actor,
            expires_on=expires_on,
            feedback_deadline=add_working_days(today, days) if days is not None else None,
        )
        if signal.status != SignalStatus.SHARED:
            transition(
                actor=actor,
                signal=signal,
                to_status=SignalStatus.SHARED,
                reason=_("Gedeeld met %(p)s") % {"p": partner.display_name},
            )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=share,
            # The purpose is free text (it could hold a name): it stays on the share, not here.
            purpose="delen met ketenpartner",
            detail={"signal": signal.pk, "partner": partner.pk, "parts": share.parts, "legal_basis": legal_basis.code},
        )
        notify(
            recipient=partner.contact_mailbox,
            subject=_("Schakel: een signaal is met uw organisatie gedeeld"),
            body=_("Er staat een gedeeld signaal voor uw organisatie klaar in Schakel: %(url)s")
            % {"url": link(reverse("routing:share_detail", args=[share.uuid]))},
            kind="share_created",
        )
    return share


def _require_partner(actor: Any, share: Share) -> None:
    organisation = getattr(actor, "organisation", None)
    allowed = isinstance(actor, User) and actor.has_perm("accounts.receive_shares")
    allowed = allowed or (isinstance(actor, ApiClient) and actor.is_active)
    if not allowed or organisation is None or organisation.pk != share.partner_id or not share.is_open:
        raise PermissionDenied


def share_acknowledge(*, actor: Any, share: Share) -> Share:
    _require_partner(actor, share)
    with transaction.atomic():
        locked = Share.objects.select_for_update().get(pk=share.pk)
        if locked.status == ShareStatus.NEW:
            locked.status = ShareStatus.ACKNOWLEDGED
            locked.acknowledged_at = timezone.now()
            locked.acknowledged_by = actor if isinstance(actor, User) else None
            locked.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
            signal = locked.signal
            if signal.status == SignalStatus.SHARED:
                transition(
                    actor=actor,
                    signal=signal,
                    to_status=SignalStatus.AWAITING_FEEDBACK,
                    reason=_("Ontvangst bevestigd"),
                    system=True,
                )
            audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, purpose="ontvangst bevestigd")
    share.refresh_from_db()
    return share


def share_feedback(*, actor: Any, share: Share, outcome: str, text: str) -> ShareMessage:
    _require_partner(actor, share)
    errors: dict[str, list[str]] = {}
    if outcome not in FeedbackOutcome.values:
        errors["outcome"] = [_("Kies wat jullie hebben gedaan.")]
    if not text.strip():
        errors["text"] = [_("Beschrijf kort wat jullie hebben gedaan en wat het resultaat is.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if share.status == ShareStatus.NEW:
            share_acknowledge(actor=actor, share=share)
        message = _message(actor, share, ShareMessageKind.FEEDBACK, text, outcome)
        share.status = ShareStatus.ANSWERED
        share.save(update_fields=["status"])
        owner = share.signal.owner
        notify(
            recipient=owner.email if owner else "",
            subject=_("Schakel: terugkoppeling van een ketenpartner"),
            body=_("Een ketenpartner heeft teruggekoppeld op signaal %(ref)s: %(url)s")
            % {"ref": share.signal.reference, "url": link(reverse("signals:detail", args=[share.signal_id]))},
            kind="feedback",
        )
    share.refresh_from_db()
    return message


def share_question(*, actor: Any, share: Share, text: str) -> ShareMessage:
    """A partner asks the chain director something about a share."""
    _require_partner(actor, share)
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf je vraag.")]})
    with transaction.atomic():
        message = _message(actor, share, ShareMessageKind.QUESTION, text)
        owner = share.signal.owner
        notify(
            recipient=owner.email if owner else "",
            subject=_("Schakel: vraag van een ketenpartner"),
            body=_("Een ketenpartner heeft een vraag over signaal %(ref)s: %(url)s")
            % {"ref": share.signal.reference, "url": link(reverse("signals:detail", args=[share.signal_id]))},
            kind="question",
        )
    return message


def share_answer(*, actor: User, share: Share, text: str) -> ShareMessage:
    """The chain director answers a partner's question."""
    _require_director(actor, share.signal)
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf je antwoord.")]})
    with transaction.atomic():
        message = _message(actor, share, ShareMessageKind.ANSWER, text)
        notify(
            recipient=share.partner.contact_mailbox,
            subject=_("Schakel: antwoord van de ketenregisseur"),
            body=_("De ketenregisseur heeft uw vraag beantwoord: %(url)s")
            % {"url": link(reverse("routing:share_detail", args=[share.uuid]))},
            kind="answer",
        )
    return message


def share_withdraw(*, actor: User, share: Share, reason: str) -> Share:
    _require_director(actor, share.signal)
    with transaction.atomic():
        share.status = ShareStatus.WITHDRAWN
        share.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=share,
            purpose="delen ingetrokken",
            detail={"reason_given": bool(reason)},
        )
    share.refresh_from_db()
    return share


def _message(actor: Any, share: Share, kind: str, text: str, outcome: str = "") -> ShareMessage:
    message = ShareMessage.objects.create(
        share=share,
        kind=kind,
        outcome=outcome,
        text=text.strip(),
        author=actor if isinstance(actor, User) else None,
        author_label=getattr(actor, "full_name", "") or getattr(actor, "audit_label", ""),
        organisation=getattr(actor, "organisation", None),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=message,
        purpose=f"{kind} gedeeld signaal",
        detail={"share": share.pk},
    )
    return message


def send_daily_reminders(today: date | None = None) -> int:
    """One e-mail per owner with signals past their deadline: a count and a link, no content."""
    from django.db.models import Count

    today = today or timezone.localdate()
    rows = (
        Signal.objects.exclude(status=SignalStatus.CLOSED)
        .filter(deadline__lt=today, owner__isnull=False, owner__is_active=True)
        .values("owner__email")
        .annotate(n=Count("id"))
    )
    sent = 0
    with transaction.atomic():
        for row in rows:
            notify(
                recipient=row["owner__email"],
                subject=_("Schakel: signalen over de termijn"),
                body=_("Je hebt %(n)s signaal/signalen over de termijn: %(url)s")
                % {"n": row["n"], "url": link(reverse("signals:list") + "?punctuality=overdue")},
                kind="daily_reminder",
            )
            sent += 1
    return sent
