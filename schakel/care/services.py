"""Writes of care records (rule 2): check capability, validate, save and audit in one transaction.

Validation errors are ``ValidationError({field: Dutch message})`` so the views put them next
to the field. Audit details carry codes and ids, never identifying details.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.care import rules
from schakel.care.dates import reflection_end
from schakel.care.models import (
    RESIDENCE_DECISIONS,
    CareTrajectory,
    ComenshaReporter,
    CompensationStatus,
    ConsiderationHouseMonth,
    EventKind,
    ReflectionDecision,
    ReflectionPeriod,
    ReflectionReminder,
    ShelterKind,
    ShelterStay,
    SupportPointMonth,
    TrajectoryEvent,
    TrajectoryOutcome,
    TrajectoryStatus,
    Victim,
    VictimCodeCounter,
    VictimIdentity,
)
from schakel.care.selectors import care_municipalities, may_manage_care
from schakel.core.models import Municipality
from schakel.intake.models import ExploitationForm


def _require(actor: Any, municipality: Municipality | None = None) -> User:
    if not may_manage_care(actor):
        raise PermissionDenied
    if municipality is not None and not care_municipalities(actor).filter(pk=municipality.pk).exists():
        raise PermissionDenied
    assert isinstance(actor, User)
    return actor


def _not_future(name: str, value: date | None, today: date) -> None:
    if value is not None and value > today:
        raise ValidationError({name: _("Deze datum ligt in de toekomst.")})


def _locked(trajectory: CareTrajectory) -> CareTrajectory:
    return CareTrajectory.objects.select_for_update().get(pk=trajectory.pk)


def _event(
    trajectory: CareTrajectory, actor: User, kind: str, note: str = "", from_status: str = "", to_status: str = ""
) -> None:
    TrajectoryEvent.objects.create(
        trajectory=trajectory, actor=actor, kind=kind, note=note[:500], from_status=from_status, to_status=to_status
    )


def _audit(actor: User, action: str, obj: Model, purpose: str, **detail: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, purpose=purpose, detail=detail)


def _move(trajectory: CareTrajectory, actor: User, to_status: str, kind: str, note: str = "") -> None:
    """Move a locked trajectory to ``to_status`` if the table allows it; append the history."""
    current = trajectory.status
    if current == to_status:
        _event(trajectory, actor, kind, note)
        return
    if not rules.allowed(current, to_status):
        raise ValidationError(
            _("Van '%(from)s' naar '%(to)s' is geen toegestane stap.")
            % {"from": TrajectoryStatus(current).label, "to": TrajectoryStatus(to_status).label},
            code="forbidden_transition",
        )
    trajectory.status = to_status
    trajectory.save(update_fields=["status"])
    _event(trajectory, actor, kind, note, from_status=current, to_status=to_status)


def _advance(trajectory: CareTrajectory, actor: User, to_status: str, kind: str, note: str = "") -> None:
    """Recording a step moves the trajectory forward to that step, never back."""
    if trajectory.status == TrajectoryStatus.CLOSED:
        raise ValidationError(_("Het traject is afgesloten. Heropen het eerst."), code="closed")
    if rules.is_forward(trajectory.status, to_status) and rules.allowed(trajectory.status, to_status):
        _move(trajectory, actor, to_status, kind, note)
    else:
        _event(trajectory, actor, kind, note)


def next_victim_code(year: int) -> str:
    """The next pseudonymised code of the year, e.g. S-2026-0012 (call inside a transaction)."""
    counter, _created = VictimCodeCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"S-{year}-{counter.last:04d}"


@dataclass
class VictimInput:
    birth_year: int | None = None
    sex: str = "unknown"
    nationality: str = ""
    forms: list[str] = field(default_factory=list)


@dataclass
class IdentityInput:
    full_name: str = ""
    date_of_birth: date | None = None
    phone: str = ""
    address: str = ""
    id_number: str = ""
    notes: str = ""


def _validate_victim(data: VictimInput, today: date) -> None:
    if data.birth_year is not None and not (today.year - 110 <= data.birth_year <= today.year):
        raise ValidationError(
            {
                "birth_year": _("Vul een geboortejaar in tussen %(a)s en %(b)s.")
                % {"a": today.year - 110, "b": today.year}
            }
        )
    unknown = [form for form in data.forms if form not in ExploitationForm.values]
    if unknown:
        raise ValidationError({"forms": _("Kies een vorm uit de lijst.")})


def _validate_identity(identity: IdentityInput, victim: VictimInput, today: date) -> None:
    if not identity.full_name.strip():
        raise ValidationError({"full_name": _("Vul de naam in (of de naam waaronder de persoon bekend is).")})
    _not_future("date_of_birth", identity.date_of_birth, today)
    if identity.date_of_birth and victim.birth_year and identity.date_of_birth.year != victim.birth_year:
        raise ValidationError({"date_of_birth": _("De geboortedatum past niet bij het geboortejaar.")})


def _find_signal(actor: User, municipality: Municipality, reference: tuple[int, int] | None) -> Any:
    """The signal quoted by reference, if the actor may see it (visible or shared with their
    organisation); a signal outside that gets the same message as one that does not exist."""
    from schakel.routing.selectors import partner_shares
    from schakel.signals.selectors import visible_signals

    if reference is None:
        return None
    year, pk = reference
    candidates = visible_signals(actor=actor).filter(pk=pk, received_at__year=year, municipality=municipality)
    signal = candidates.first()
    if signal is None:
        share = (
            partner_shares(actor=actor)
            .filter(signal__pk=pk, signal__received_at__year=year, signal__municipality=municipality)
            .first()
        )
        signal = share.signal if share is not None else None
    if signal is None:
        raise ValidationError({"signal_reference": _("Dit signaal kun je niet aan een zorgtraject koppelen.")})
    return signal


def trajectory_create(
    *,
    actor: Any,
    municipality: Municipality,
    referred_on: date,
    referring_organisation: Organisation | None,
    victim: VictimInput,
    identity: IdentityInput,
    signal_reference: tuple[int, int] | None = None,
    note: str = "",
) -> CareTrajectory:
    """A new trajectory with a new pseudonymised victim and their identifying details."""
    user = _require(actor, municipality)
    today = timezone.localdate()
    _not_future("referred_on", referred_on, today)
    _validate_victim(victim, today)
    _validate_identity(identity, victim, today)
    signal = _find_signal(user, municipality, signal_reference)
    with transaction.atomic():
        record = Victim.objects.create(
            code=next_victim_code(referred_on.year),
            municipality=municipality,
            birth_year=victim.birth_year,
            sex=victim.sex,
            nationality=victim.nationality.strip(),
            forms=sorted(set(victim.forms)) or [ExploitationForm.UNKNOWN],
        )
        VictimIdentity.objects.create(victim=record, **_identity_fields(identity))
        trajectory = CareTrajectory.objects.create(
            victim=record,
            municipality=municipality,
            referred_on=referred_on,
            referring_organisation=referring_organisation,
            signal=signal,
            created_by=user,
        )
        _event(trajectory, user, EventKind.CREATED, note, to_status=TrajectoryStatus.REFERRED)
        _audit(user, AuditAction.CREATE, trajectory, "zorgtraject aanmaken", victim=record.code)
    return trajectory


def _identity_fields(identity: IdentityInput) -> dict[str, Any]:
    return {
        "full_name": identity.full_name.strip(),
        "date_of_birth": identity.date_of_birth,
        "phone": identity.phone.strip(),
        "address": identity.address.strip(),
        "id_number": identity.id_number.strip(),
        "notes": identity.notes.strip(),
    }


def victim_update(*, actor: Any, trajectory: CareTrajectory, victim: VictimInput) -> Victim:
    """Change the pseudonymised fields (birth year, sex, nationality, forms); the code stays."""
    user = _require(actor, trajectory.municipality)
    _validate_victim(victim, timezone.localdate())
    record = trajectory.victim
    identity = VictimIdentity.objects.filter(victim=record).first()
    if identity and identity.date_of_birth and victim.birth_year and identity.date_of_birth.year != victim.birth_year:
        raise ValidationError({"birth_year": _("Het geboortejaar past niet bij de geboortedatum (zie Identiteit).")})
    forms = sorted(set(victim.forms)) or [ExploitationForm.UNKNOWN]
    if trajectory.non_punishment and ExploitationForm.CRIMINAL not in forms:
        raise ValidationError(
            {"forms": _("Het non-punishment beginsel staat aan: criminele uitbuiting kan er niet af.")}
        )
    with transaction.atomic():
        record.birth_year, record.sex = victim.birth_year, victim.sex
        record.nationality, record.forms = victim.nationality.strip(), forms
        record.save(update_fields=["birth_year", "sex", "nationality", "forms"])
        _event(trajectory, user, EventKind.VICTIM)
        _audit(user, AuditAction.UPDATE, record, "slachtoffer (gepseudonimiseerd) wijzigen", victim=record.code)
    return record


def identity_update(*, actor: Any, trajectory: CareTrajectory, identity: IdentityInput) -> VictimIdentity:
    user = _require(actor, trajectory.municipality)
    victim = trajectory.victim
    _validate_identity(identity, VictimInput(birth_year=victim.birth_year), timezone.localdate())
    with transaction.atomic():
        record, _created = VictimIdentity.objects.update_or_create(
            victim=victim, defaults={**_identity_fields(identity), "updated_at": timezone.now()}
        )
        _event(trajectory, user, EventKind.IDENTITY)
        _audit(user, AuditAction.UPDATE, record, "identiteit slachtoffer wijzigen", victim=victim.code)
    return record


def comensha_register(
    *,
    actor: Any,
    trajectory: CareTrajectory,
    registered_on: date,
    reporter: str,
    consent: bool | None,
    consent_on: date | None,
) -> CareTrajectory:
    """Record the CoMensha registration; consent is required unless the reporter has a duty to report."""
    user = _require(actor, trajectory.municipality)
    today = timezone.localdate()
    _not_future("registered_on", registered_on, today)
    if reporter not in ComenshaReporter.values:
        raise ValidationError({"reporter": _("Kies wie het slachtoffer bij CoMensha meldde.")})
    if registered_on < trajectory.referred_on:
        raise ValidationError({"registered_on": _("De melding ligt vóór de aanmelding bij zorgcoördinatie.")})
    if rules.comensha_consent_required(reporter):
        if consent is not True:
            raise ValidationError(
                {"consent": _("Zonder toestemming van het slachtoffer mag deze organisatie niet bij CoMensha melden.")}
            )
        if consent_on is None:
            raise ValidationError({"consent_on": _("Vul de datum in waarop het slachtoffer toestemming gaf.")})
        _not_future("consent_on", consent_on, today)
        if consent_on > registered_on:
            raise ValidationError({"consent_on": _("De toestemming moet er vóór of op de dag van de melding zijn.")})
    with transaction.atomic():
        locked = _locked(trajectory)
        locked.comensha_registered_on = registered_on
        locked.comensha_reporter = reporter
        locked.comensha_consent = consent
        locked.comensha_consent_on = consent_on if consent else None
        locked.save()
        _advance(locked, user, TrajectoryStatus.COMENSHA, EventKind.COMENSHA)
        _audit(user, AuditAction.UPDATE, locked, "melding CoMensha", reporter=reporter, consent=consent)
    trajectory.refresh_from_db()
    return trajectory


def reflection_start(
    *, actor: Any, trajectory: CareTrajectory, starts_on: date, offered_by: str = "police"
) -> ReflectionPeriod:
    """Start the B8 period; it ends three calendar months later at most."""
    user = _require(actor, trajectory.municipality)
    _not_future("starts_on", starts_on, timezone.localdate())
    if ReflectionPeriod.objects.filter(trajectory=trajectory).exists():
        raise ValidationError({"starts_on": _("Dit traject heeft al een bedenktijd.")})
    with transaction.atomic():
        locked = _locked(trajectory)
        period = ReflectionPeriod.objects.create(
            trajectory=locked, starts_on=starts_on, ends_on=reflection_end(starts_on), offered_by=offered_by
        )
        _advance(locked, user, TrajectoryStatus.REFLECTION, EventKind.REFLECTION_STARTED)
        _audit(user, AuditAction.CREATE, period, "bedenktijd starten", trajectory=locked.pk)
    trajectory.refresh_from_db()
    return period


def reflection_decide(*, actor: Any, trajectory: CareTrajectory, decision: str, decision_on: date) -> ReflectionPeriod:
    """Record the decision; reporting or cooperating counts as a residence application."""
    user = _require(actor, trajectory.municipality)
    period = ReflectionPeriod.objects.filter(trajectory=trajectory).first()
    if period is None:
        raise ValidationError({"decision": _("Start eerst de bedenktijd.")})
    if decision not in ReflectionDecision.values or not decision:
        raise ValidationError({"decision": _("Kies het besluit.")})
    _not_future("decision_on", decision_on, timezone.localdate())
    if not period.starts_on <= decision_on <= period.ends_on:
        raise ValidationError(
            {
                "decision_on": _("Het besluit valt buiten de bedenktijd (%(start)s tot en met %(end)s).")
                % {"start": f"{period.starts_on:%d-%m-%Y}", "end": f"{period.ends_on:%d-%m-%Y}"}
            }
        )
    with transaction.atomic():
        locked = _locked(trajectory)
        period.decision = decision
        period.decision_on = decision_on
        period.residence_applied = decision in RESIDENCE_DECISIONS
        period.residence_applied_on = decision_on if period.residence_applied else None
        period.save()
        _advance(locked, user, TrajectoryStatus.SUPPORT, EventKind.REFLECTION_DECISION, note=decision)
        _audit(user, AuditAction.UPDATE, period, "besluit bedenktijd", decision=decision)
    trajectory.refresh_from_db()
    return period


def shelter_start(
    *, actor: Any, trajectory: CareTrajectory, kind: str, starts_on: date, ends_on: date | None = None
) -> ShelterStay:
    """A stay in shelter. An overweeghuis stay past three months is allowed but flagged (a warning)."""
    user = _require(actor, trajectory.municipality)
    if kind not in ShelterKind.values:
        raise ValidationError({"kind": _("Kies de soort opvang.")})
    _not_future("starts_on", starts_on, timezone.localdate())
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Het einde ligt vóór het begin.")})
    if trajectory.status == TrajectoryStatus.CLOSED:
        raise ValidationError({"kind": _("Het traject is afgesloten. Heropen het eerst.")})
    with transaction.atomic():
        locked = _locked(trajectory)
        stay = ShelterStay.objects.create(trajectory=locked, kind=kind, starts_on=starts_on, ends_on=ends_on)
        _event(locked, user, EventKind.SHELTER_STARTED, note=kind)
        _audit(user, AuditAction.CREATE, stay, "opvang vastleggen", kind=kind)
    return stay


def shelter_end(*, actor: Any, stay: ShelterStay, ends_on: date) -> ShelterStay:
    user = _require(actor, stay.trajectory.municipality)
    _not_future("ends_on", ends_on, timezone.localdate())
    if ends_on < stay.starts_on:
        raise ValidationError({"ends_on": _("Het einde ligt vóór het begin.")})
    with transaction.atomic():
        stay.ends_on = ends_on
        stay.save(update_fields=["ends_on"])
        _event(stay.trajectory, user, EventKind.SHELTER_ENDED, note=stay.kind)
        _audit(user, AuditAction.UPDATE, stay, "opvang beëindigen", kind=stay.kind)
    return stay


def non_punishment_set(*, actor: Any, trajectory: CareTrajectory, applies: bool, note: str) -> CareTrajectory:
    user = _require(actor, trajectory.municipality)
    if applies and ExploitationForm.CRIMINAL not in trajectory.victim.forms:
        raise ValidationError(
            {
                "applies": _(
                    "Het non-punishment beginsel geldt bij criminele uitbuiting. Voeg die vorm eerst toe bij het slachtoffer."
                )
            }
        )
    if applies and not note.strip():
        raise ValidationError(
            {
                "note": _(
                    "Licht toe waarom het non-punishment beginsel van toepassing is (bijvoorbeeld: verdachte in zaak)."
                )
            }
        )
    with transaction.atomic():
        locked = _locked(trajectory)
        locked.non_punishment, locked.non_punishment_note = applies, note.strip()
        locked.save(update_fields=["non_punishment", "non_punishment_note"])
        _event(locked, user, EventKind.NON_PUNISHMENT, note="ja" if applies else "nee")
        _audit(user, AuditAction.UPDATE, locked, "non-punishment", applies=applies)
    trajectory.refresh_from_db()
    return trajectory


def compensation_set(*, actor: Any, trajectory: CareTrajectory, status: str, on: date | None) -> CareTrajectory:
    user = _require(actor, trajectory.municipality)
    if status not in CompensationStatus.values:
        raise ValidationError({"status": _("Kies de stand van de schadevergoeding.")})
    if status and on is None:
        raise ValidationError({"on": _("Vul de datum in.")})
    _not_future("on", on, timezone.localdate())
    with transaction.atomic():
        locked = _locked(trajectory)
        locked.compensation_status, locked.compensation_on = status, on if status else None
        locked.save(update_fields=["compensation_status", "compensation_on"])
        _event(locked, user, EventKind.COMPENSATION, note=status)
        _audit(user, AuditAction.UPDATE, locked, "schadevergoeding", status=status)
    trajectory.refresh_from_db()
    return trajectory


def trajectory_close(
    *, actor: Any, trajectory: CareTrajectory, outcome: str, closed_on: date, note: str = ""
) -> CareTrajectory:
    user = _require(actor, trajectory.municipality)
    if outcome not in TrajectoryOutcome.values:
        raise ValidationError({"outcome": _("Kies een uitkomst om het traject af te sluiten.")})
    _not_future("closed_on", closed_on, timezone.localdate())
    if closed_on < trajectory.referred_on:
        raise ValidationError({"closed_on": _("Deze datum ligt vóór de aanmelding.")})
    with transaction.atomic():
        locked = _locked(trajectory)
        _move(locked, user, TrajectoryStatus.CLOSED, EventKind.CLOSED, note=outcome)
        locked.outcome, locked.outcome_note, locked.closed_on = outcome, note.strip(), closed_on
        locked.save(update_fields=["outcome", "outcome_note", "closed_on"])
        ShelterStay.objects.filter(trajectory=locked, ends_on__isnull=True).update(ends_on=closed_on)
        _audit(user, AuditAction.UPDATE, locked, "zorgtraject afsluiten", outcome=outcome)
    trajectory.refresh_from_db()
    return trajectory


def trajectory_reopen(*, actor: Any, trajectory: CareTrajectory, reason: str) -> CareTrajectory:
    user = _require(actor, trajectory.municipality)
    if not reason.strip():
        raise ValidationError({"reason": _("Geef een reden om het traject te heropenen.")})
    with transaction.atomic():
        locked = _locked(trajectory)
        _move(locked, user, TrajectoryStatus.SUPPORT, EventKind.REOPENED, note=reason)
        locked.outcome, locked.outcome_note, locked.closed_on = "", "", None
        locked.save(update_fields=["outcome", "outcome_note", "closed_on"])
        _audit(user, AuditAction.UPDATE, locked, "zorgtraject heropenen")
    trajectory.refresh_from_db()
    return trajectory


# --- reminders ---------------------------------------------------------------------------------


def _care_coordinators(municipality: Municipality) -> list[str]:
    """E-mail addresses of active care coordinators serving the municipality (capability and
    care-coordination organisation, not a role name)."""
    users = User.objects.filter(
        is_active=True,
        organisation__type=OrganisationType.CARE_COORDINATION,
        organisation__municipalities=municipality,
    ).distinct()
    return sorted(
        user.email
        for user in users
        if user.has_perm("accounts.manage_care") and user.has_perm("accounts.view_victim_details")
    )


def send_reflection_reminders(today: date | None = None) -> int:
    """Remind the care coordinators N days (configured) before a B8 period ends.

    One e-mail per coordinator per period and reminder day, with a link and the number of days
    left only. Idempotent: a reminder already sent is not sent again; a day missed by the
    worker is caught up (the nearest reminder day is sent once).
    """
    from schakel.routing.notifications import link, notify

    today = today or timezone.localdate()
    days = rules.reminder_days()
    if not days:
        return 0
    horizon = today + timedelta(days=max(days))
    periods = (
        ReflectionPeriod.objects.filter(decision="", ends_on__gte=today, ends_on__lte=horizon)
        .exclude(trajectory__status=TrajectoryStatus.CLOSED)
        .select_related("trajectory")
    )
    sent = 0
    for period in periods:
        left = (period.ends_on - today).days
        due = [day for day in days if left <= day]
        if not due:
            continue
        reminder_day = min(due)
        with transaction.atomic():
            _reminder, created = ReflectionReminder.objects.get_or_create(period=period, days_before=reminder_day)
            if not created:
                continue
            # Earlier reminder days that were missed are marked as done too: one e-mail, not several.
            for day in due:
                ReflectionReminder.objects.get_or_create(period=period, days_before=day)
            url = link(reverse("care:detail", args=[period.trajectory_id]))
            for recipient in _care_coordinators(period.trajectory.municipality):
                notify(
                    recipient=recipient,
                    subject=_("Schakel: een bedenktijd (B8) loopt af"),
                    body=_(
                        "Een bedenktijd (B8) eindigt over %(n)s dag(en), op %(end)s. Zonder besluit loopt ze af: %(url)s"
                    )
                    % {"n": left, "end": f"{period.ends_on:%d-%m-%Y}", "url": url},
                    kind="care_b8_reminder",
                )
                sent += 1
    return sent


# --- anonymous monthly counts ---------------------------------------------------------------------

MONTH_MODELS: dict[str, type[SupportPointMonth] | type[ConsiderationHouseMonth]] = {
    "steunpunt": SupportPointMonth,
    "overweeghuis": ConsiderationHouseMonth,
}


def month_save(
    *,
    actor: Any,
    kind: str,
    municipality: Municipality,
    month: date,
    counts: dict[str, int],
    instance: SupportPointMonth | ConsiderationHouseMonth | None = None,
) -> SupportPointMonth | ConsiderationHouseMonth:
    """Save one month's anonymous counts; one row per municipality and month."""
    user = _require(actor, municipality)
    model = MONTH_MODELS[kind]
    month = month.replace(day=1)
    if month > timezone.localdate():
        raise ValidationError({"month": _("Deze maand ligt in de toekomst.")})
    for name, value in counts.items():
        if value is None or value < 0:
            raise ValidationError({name: _("Een aantal kan niet negatief zijn.")})
    if model is SupportPointMonth and counts.get("new_clients", 0) > counts.get("visits", 0):
        raise ValidationError({"new_clients": _("Er kunnen niet meer nieuwe cliënten zijn dan bezoeken.")})
    if model is ConsiderationHouseMonth and counts.get("exits_left_sex_work", 0) > counts.get("exits", 0):
        raise ValidationError({"exits_left_sex_work": _("Dit kan niet meer zijn dan het aantal vertrokken bewoners.")})
    duplicate = model.objects.filter(municipality=municipality, month=month)
    if instance is not None:
        duplicate = duplicate.exclude(pk=instance.pk)
    if duplicate.exists():
        raise ValidationError({"month": _("Voor deze maand zijn de aantallen al ingevoerd. Pas die aan.")})
    with transaction.atomic():
        if instance is None:
            record = model.objects.create(municipality=municipality, month=month, entered_by=user, **counts)
            action = AuditAction.CREATE
        else:
            record = instance
            record.municipality, record.month, record.entered_by = municipality, month, user
            record.entered_at = timezone.now()
            for name, value in counts.items():
                setattr(record, name, value)
            record.save()
            action = AuditAction.UPDATE
        _audit(user, action, record, "anonieme maandtelling", month=f"{month:%Y-%m}")
    return record
