"""Writing signals: one way in for every door (rule 2 of the architecture)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from matching import normalise as n
from schakel.accounts.models import Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.core.models import District, Municipality
from schakel.intake import meldcode, receipts
from schakel.intake.models import CatalogueStatus, ExploitationForm, Indicator, IndicatorCatalogue
from schakel.signals.entities import EntityData
from schakel.signals.models import (
    FORM_FIELDS,
    Channel,
    MessageDirection,
    MinorInvolved,
    ReporterMessage,
    Signal,
    SignalAttachment,
    SignalEntity,
    SignalStatus,
)
from schakel.signals.workflow import start_clock


@dataclass
class Location:
    street: str = ""
    house_number: int | None = None
    house_letter: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    city: str = ""
    district: District | None = None
    description: str = ""


@dataclass
class SignalInput:
    """A validated signal from any door (forms and serializers build it)."""

    narrative: str
    forms: list[str]
    municipality: Municipality
    observed_on: date | None = None
    location: Location = field(default_factory=Location)
    indicator_codes: list[str] = field(default_factory=list)
    entities: list[EntityData] = field(default_factory=list)
    minor_involved: str = MinorInvolved.UNKNOWN
    urgency: str = "normal"
    source_reliability: str = "unknown"
    information_reliability: str = "unknown"
    meldcode_applicable: bool = False
    meldcode_answers: dict[str, bool | None] = field(default_factory=dict)
    partner_reference: str = ""
    source_label: str = ""
    attachments: list[UploadedFile] = field(default_factory=list)
    is_synthetic: bool = False
    received_at: Any = None


@dataclass
class SubmitResult:
    signal: Signal
    created: bool
    receipt_code: str | None = None


_catalogue_cache: dict[str, tuple[float, IndicatorCatalogue, dict[str, int]]] = {}
_CATALOGUE_TTL = 30.0


def published_catalogue_with_codes() -> tuple[IndicatorCatalogue, dict[str, int]]:
    """The catalogue in force and its code → indicator id map.

    Cached per process for 30 seconds: a published version never changes (signals refer to
    it), so the only staleness is a newly published version taking up to 30 s to be used.
    """
    now = time.monotonic()
    cached = _catalogue_cache.get("published")
    if cached is not None and now - cached[0] < _CATALOGUE_TTL:
        return cached[1], cached[2]
    catalogue = IndicatorCatalogue.objects.get(status=CatalogueStatus.PUBLISHED)
    codes = dict(Indicator.objects.filter(catalogue=catalogue).values_list("code", "id"))
    _catalogue_cache["published"] = (now, catalogue, codes)
    return catalogue, codes


def clear_catalogue_cache(**kwargs: Any) -> None:
    _catalogue_cache.clear()


post_save.connect(clear_catalogue_cache, sender=IndicatorCatalogue, dispatch_uid="schakel.catalogue_cache")
post_delete.connect(clear_catalogue_cache, sender=IndicatorCatalogue, dispatch_uid="schakel.catalogue_cache_del")


def published_catalogue() -> IndicatorCatalogue:
    return published_catalogue_with_codes()[0]


def signal_submit(
    *,
    actor: Any,
    channel: str,
    data: SignalInput,
    organisation: Organisation | None = None,
    idempotency_key: str | None = None,
    link_after_commit: bool = True,
) -> SubmitResult:
    """Store a signal with everything involved, audited, in one transaction.

    A repeated ``idempotency_key`` returns the signal stored the first time (``created`` is
    False) instead of a second one. The public door gets a receipt code, shown once.
    """
    if idempotency_key:
        existing = Signal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return SubmitResult(existing, created=False)
    try:
        with transaction.atomic():
            result = _create(actor=actor, channel=channel, data=data, organisation=organisation, key=idempotency_key)
            if link_after_commit:
                # Linking runs after commit, in the worker: the submit is never slowed or failed by it.
                signal_id = result.signal.pk
                transaction.on_commit(lambda: _link_later(signal_id))
            return result
    except IntegrityError:
        # A concurrent retry with the same key won the race: answer with its signal.
        if idempotency_key:
            existing = Signal.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return SubmitResult(existing, created=False)
        raise


def _create(
    *, actor: Any, channel: str, data: SignalInput, organisation: Organisation | None, key: str | None
) -> SubmitResult:
    catalogue, codes = published_catalogue_with_codes()
    loc = data.location
    signal = Signal(
        municipality=data.municipality,
        channel=channel,
        reporter=actor if isinstance(actor, User) else None,
        reporter_organisation=organisation,
        partner_reference=data.partner_reference,
        source_label=data.source_label,
        observed_on=data.observed_on,
        street=loc.street,
        house_number=loc.house_number,
        house_letter=loc.house_letter,
        house_number_addition=loc.house_number_addition,
        postcode=n.normalise_postcode(loc.postcode) or "",
        city=loc.city,
        address_key=n.address_key(loc.postcode, loc.house_number, loc.house_letter, loc.house_number_addition) or "",
        district=loc.district,
        location_description=loc.description,
        catalogue=catalogue,
        narrative=data.narrative,
        minor_involved=data.minor_involved,
        urgency=data.urgency,
        source_reliability=data.source_reliability,
        information_reliability=data.information_reliability,
        meldcode_applicable=data.meldcode_applicable,
        idempotency_key=key,
        is_synthetic=data.is_synthetic,
    )
    if data.received_at is not None:
        signal.received_at = data.received_at
    signal.owner = default_owner(data.municipality)
    for form in data.forms:
        setattr(signal, FORM_FIELDS[ExploitationForm(form)], True)
    if not data.forms:
        signal.form_unknown = True
    if data.meldcode_applicable or data.minor_involved == MinorInvolved.YES:
        decision = meldcode.decide(data.meldcode_answers, minor_involved=data.minor_involved == MinorInvolved.YES)
        signal.meldcode_answers = {k: v for k, v in data.meldcode_answers.items() if v is not None}
        signal.meldcode_report_to_veilig_thuis = decision.report_to_veilig_thuis
        signal.meldcode_reason = decision.reason
    start_clock(signal)
    receipt_code = None
    if channel == Channel.PUBLIC:
        receipt_id, receipt_code, receipt_hash = receipts.new_receipt()
        signal.receipt_id, signal.receipt_hash = receipt_id, receipt_hash
    signal.save()
    if data.indicator_codes:
        through = Signal.indicators.through
        through.objects.bulk_create(
            [
                through(signal=signal, indicator_id=codes[code])
                for code in dict.fromkeys(data.indicator_codes)
                if code in codes
            ]
        )
    _store_entities(signal, data.entities)
    for upload in data.attachments:
        _store_attachment(signal, upload)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=signal,
        purpose=f"melding via {channel}",
        detail={"channel": channel, "entities": len(data.entities), "attachments": len(data.attachments)},
    )
    return SubmitResult(signal, created=True, receipt_code=receipt_code)


def _store_entities(signal: Signal, entities: list[EntityData]) -> list[SignalEntity]:
    return SignalEntity.objects.bulk_create(
        [
            SignalEntity(
                signal=signal,
                kind=entity.kind,
                role=entity.role,
                attributes=entity.attributes,
                display=entity.display[:300],
                match_key=entity.match_key[:200],
            )
            for entity in entities
        ]
    )


def signal_add_entities(*, actor: User, signal: Signal, entities: list[EntityData]) -> list[SignalEntity]:
    """People and things found after intake (while verifying), added to the signal and matched
    after commit as a new signal's are. The chain director of the signal's municipality only;
    a closed signal stays as it was closed."""
    if not actor.has_perm("accounts.view_all_signals") or actor.municipality != signal.municipality:
        raise PermissionDenied
    if not entities:
        raise ValidationError(_("Vul een persoon of een gegeven in."), code="required")
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        if locked.status == SignalStatus.CLOSED:
            raise ValidationError(_("Dit signaal is afgesloten: er kan niets meer bij."), code="closed")
        added = _store_entities(locked, entities)
        # The kinds only: what was added is in the signal, not in the audit trail.
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=locked,
            purpose="gegevens toevoegen",
            detail={"added": sorted(entity.kind for entity in entities)},
        )
        signal_id = locked.pk
        transaction.on_commit(lambda: _link_later(signal_id))
    return added


def _link_later(signal_id: int) -> None:
    from schakel.entities.tasks import link_signal_task

    link_signal_task(signal_id)


def _store_attachment(signal: Signal, upload: UploadedFile) -> SignalAttachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = SignalAttachment(
        signal=signal,
        original_name=(upload.name or "bijlage")[:200],
        content_type=upload.content_type or "application/octet-stream",
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


def signal_triage(
    *,
    actor: User,
    signal: Signal,
    forms: list[str],
    urgency: str,
    priority: str,
    minor_involved: str,
    veilig_thuis_route_followed: bool | None,
) -> Signal:
    """Record the chain director's weighing: form(s), urgency, priority and the Veilig Thuis
    route for a minor. A changed urgency recomputes the current deadline."""
    from schakel.signals.workflow import deadline_for

    if not actor.has_perm("accounts.view_all_signals") or actor.municipality != signal.municipality:
        raise PermissionDenied
    with transaction.atomic():
        locked = Signal.objects.select_for_update().get(pk=signal.pk)
        before = {"forms": locked.forms, "urgency": locked.urgency, "priority": locked.priority}
        for form, field_name in FORM_FIELDS.items():
            setattr(locked, field_name, form in forms)
        if not forms:
            locked.form_unknown = True
        urgency_changed = locked.urgency != urgency
        locked.urgency, locked.priority, locked.minor_involved = urgency, priority, minor_involved
        locked.veilig_thuis_route_followed = veilig_thuis_route_followed
        if urgency_changed and locked.status_entered_at is not None:
            locked.deadline = deadline_for(locked, locked.status, today=timezone.localdate(locked.status_entered_at))
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=locked, purpose="triage", detail={"before": before})
    signal.refresh_from_db()
    return signal


def default_owner(municipality: Municipality) -> User | None:
    """New signals go to the municipality's chain director (the first, if there are several)."""
    return (
        User.objects.filter(is_active=True, groups__name="chain_director", organisation__municipalities=municipality)
        .order_by("pk")
        .first()
    )


def reporter_question_ask(*, actor: Any, signal: Signal, text: str) -> ReporterMessage:
    """The chain director puts a question to an anonymous reporter (shown on the receipt page)."""
    if signal.channel != Channel.PUBLIC:
        raise ValueError("Only anonymous public reports have a receipt page.")
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            signal=signal, direction=MessageDirection.TO_REPORTER, text=text, author=actor
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=message, purpose="vraag aan anonieme melder")
    return message


def reporter_reply(*, signal: Signal, text: str) -> ReporterMessage:
    """The anonymous reporter answers or adds information (authorised by the receipt code)."""
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            signal=signal, direction=MessageDirection.FROM_REPORTER, text=text, created_at=timezone.now()
        )
        audit_record(actor=None, action=AuditAction.CREATE, obj=message, purpose="aanvulling anonieme melder")
    return message


def signal_by_receipt(code: str) -> Signal | None:
    """The signal a receipt code opens, or None; takes the same time whether the id exists or not."""
    parts = receipts.split_code(code)
    if parts is None:
        receipts.burn_time()
        return None
    receipt_id, secret = parts
    signal = Signal.objects.filter(receipt_id=receipt_id, channel=Channel.PUBLIC).first()
    if signal is None:
        receipts.burn_time()
        return None
    return signal if receipts.verify_secret(secret, signal.receipt_hash) else None
