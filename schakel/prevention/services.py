"""Writes for prevention work: check the capability, validate, save and audit in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import LiaisonOfficer, LiaisonTraining, Organisation, User
from schakel.audit.models import AuditAction
from schakel.audit.services import audit_record
from schakel.intake.models import ExploitationForm
from schakel.prevention.models import Activity, ActivityType, Attendance, OfficerAttendance, TargetGroup

#: Activities may be planned ahead, but not further than this.
MAX_DAYS_AHEAD = 366
#: A single attendance row larger than this is almost certainly a typing error.
MAX_ATTENDANCE = 10_000


@dataclass
class ActivityInput:
    type: str
    title: str
    organiser: Organisation
    date: date
    target_groups: list[str] = field(default_factory=list)
    target_group_other: str = ""
    topics: list[str] = field(default_factory=list)
    place: str = ""
    description: str = ""
    materials: str = ""


def _require(actor: User, perm: str) -> None:
    if not actor.has_perm(perm) or actor.municipality is None:
        raise PermissionDenied


def _validate(data: ActivityInput, activity: Activity | None) -> None:
    errors: dict[str, list[str]] = {}
    if data.type not in ActivityType.values:
        errors["type"] = [_("Kies een soort activiteit.")]
    if not data.title.strip():
        errors["title"] = [_("Geef de activiteit een titel.")]
    unknown_groups = [code for code in data.target_groups if code not in TargetGroup.values]
    if unknown_groups:
        errors["target_groups"] = [_("Onbekende doelgroep.")]
    elif not data.target_groups and not data.target_group_other.strip():
        errors["target_groups"] = [_("Kies minstens één doelgroep of beschrijf de doelgroep.")]
    if any(code not in ExploitationForm.values for code in data.topics):
        errors["topics"] = [_("Onbekend onderwerp.")]
    if data.date > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
        errors["date"] = [_("De datum ligt meer dan een jaar in de toekomst.")]
    elif activity is not None and activity.officers.exists() and data.date > timezone.localdate():
        errors["date"] = [
            _("Er zijn al aandachtsfunctionarissen aanwezig gemeld; de datum kan niet in de toekomst liggen.")
        ]
    if not data.organiser.is_active:
        errors["organiser"] = [_("Deze organisatie is niet meer actief.")]
    if errors:
        raise ValidationError(errors)


def _training_title(activity: Activity) -> str:
    return f"{activity.get_type_display()}: {activity.title}"[:200]


@transaction.atomic
def activity_save(*, actor: User, data: ActivityInput, activity: Activity | None = None) -> Activity:
    """Create an activity, or update one of the actor's municipality."""
    _require(actor, "prevention.change_activity" if activity else "prevention.add_activity")
    if activity is not None and activity.municipality_id != actor.municipality.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    _validate(data, activity)
    creating = activity is None
    if activity is None:
        activity = Activity(municipality=actor.municipality, created_by=actor)
    activity.type = data.type
    activity.title = data.title.strip()
    activity.organiser = data.organiser
    activity.date = data.date
    activity.target_groups = [code for code in TargetGroup.values if code in data.target_groups]
    activity.target_group_other = data.target_group_other.strip()
    activity.topics = [code for code in ExploitationForm.values if code in data.topics]
    activity.place = data.place.strip()
    activity.description = data.description.strip()
    activity.materials = data.materials.strip()
    activity.save()
    if not creating:
        # The registry's training rows follow the activity: one source of truth, kept in step.
        LiaisonTraining.objects.filter(prevention_attendance__activity=activity).update(
            date=activity.date, title=_training_title(activity)
        )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.UPDATE,
        obj=activity,
        purpose="preventie",
        detail={"type": activity.type},
    )
    return activity


@transaction.atomic
def attendance_add(
    *, actor: User, activity: Activity, count: int, organisation: Organisation | None = None, department: str = ""
) -> Attendance:
    _require(actor, "prevention.change_activity")
    if activity.municipality_id != actor.municipality.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if organisation is None and not department.strip():
        errors["organisation"] = [_("Kies een organisatie of vul een afdeling of groep in.")]
    if count < 1:
        errors["count"] = [_("Het aantal deelnemers is minstens 1.")]
    elif count > MAX_ATTENDANCE:
        errors["count"] = [_("Dat aantal is onwaarschijnlijk hoog; controleer het.")]
    if errors:
        raise ValidationError(errors)
    row = Attendance.objects.create(
        activity=activity, organisation=organisation, department=department.strip(), count=count
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, purpose="preventie", detail={"activity": activity.pk})
    return row


@transaction.atomic
def attendance_remove(*, actor: User, row: Attendance) -> None:
    _require(actor, "prevention.change_activity")
    if row.activity.municipality_id != actor.municipality.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    audit_record(
        actor=actor, action=AuditAction.DELETE, obj=row, purpose="preventie", detail={"activity": row.activity_id}
    )
    row.delete()


@transaction.atomic
def officer_attendance_add(*, actor: User, activity: Activity, officer: LiaisonOfficer) -> OfficerAttendance:
    """Record that a liaison officer attended; this creates the registry's training row."""
    _require(actor, "prevention.change_activity")
    if activity.municipality_id != actor.municipality.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not officer.is_active:
        errors["officer"] = [_("Deze aandachtsfunctionaris is niet meer actief.")]
    elif not officer.organisation.municipalities.filter(pk=activity.municipality_id).exists():
        errors["officer"] = [_("Deze aandachtsfunctionaris werkt niet voor deze gemeente.")]
    elif OfficerAttendance.objects.filter(activity=activity, officer=officer).exists():
        errors["officer"] = [_("Deze aandachtsfunctionaris staat al bij deze activiteit.")]
    if activity.date > timezone.localdate():
        errors["officer"] = [_("Aanwezigheid kan pas worden vastgelegd als de activiteit heeft plaatsgevonden.")]
    if errors:
        raise ValidationError(errors)
    training = LiaisonTraining.objects.create(officer=officer, date=activity.date, title=_training_title(activity))
    link = OfficerAttendance.objects.create(activity=activity, officer=officer, training=training)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=training,
        purpose="preventie: training aandachtsfunctionaris",
        detail={"activity": activity.pk, "officer": officer.pk},
    )
    return link


@transaction.atomic
def officer_attendance_remove(*, actor: User, link: OfficerAttendance) -> None:
    _require(actor, "prevention.change_activity")
    if link.activity.municipality_id != actor.municipality.pk:  # type: ignore[union-attr]
        raise PermissionDenied
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=link.training,
        purpose="preventie: training aandachtsfunctionaris",
        detail={"activity": link.activity_id, "officer": link.officer_id},
    )
    link.training.delete()  # cascades to the link
