"""Cases (casussen), their plan of approach, documents, and the case meetings.

A case bundles signals and the people and things in them. It carries a pseudonymised code
("C-2026-0007") and a title without victim names. Partners take part in a case with a role;
a partner sees a case's partner-facing fields only (see selectors.py), never the signals.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.models import AppendOnlyModel, Municipality
from schakel.signals.models import Signal, SignalEntity


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Nieuw")
    ACTIVE = "active", _("Plan van aanpak loopt")
    MONITORING = "monitoring", _("Nazorg en monitoring")
    CLOSED = "closed", _("Afgesloten")


class CaseOutcome(models.TextChoices):
    VICTIMS_IN_CARE = "victims_in_care", _("Slachtoffers in zorg")
    PERPETRATORS_PROSECUTED = "perpetrators_prosecuted", _("Daders vervolgd")
    ADMINISTRATIVE_MEASURES = "administrative_measures", _("Bestuurlijke maatregelen genomen")
    NO_TRAFFICKING = "no_trafficking", _("Geen mensenhandel vastgesteld")
    TRANSFERRED = "transferred", _("Overgedragen aan andere regio")
    MERGED = "merged", _("Samengevoegd met andere casus")


class ParticipantRole(models.TextChoices):
    VICTIM_CARE = "victim_care", _("Slachtofferzorg")
    CRIMINAL = "criminal", _("Strafrechtelijk")
    ADMINISTRATIVE = "administrative", _("Bestuurlijk")
    INSPECTION = "inspection", _("Toezicht en controle")
    INFORMATION = "information", _("Informatie")
    OTHER = "other", _("Anders")


class Case(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    code = models.CharField(_("casuscode"), max_length=16, unique=True, editable=False)
    title = models.CharField(
        _("werktitel"),
        max_length=120,
        help_text=_("Zonder namen van slachtoffers; bijvoorbeeld een wijk, branche of werkwijze."),
    )
    forms = models.JSONField(_("vormen van uitbuiting"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("casuseigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    status_entered_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=CaseOutcome.choices, blank=True)
    outcome_note = models.TextField(_("toelichting uitkomst"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("samengevoegd met"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)

    class Meta:
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="case_unique_number")]
        indexes = [models.Index(fields=["municipality", "status"], name="case_status_idx")]

    def __str__(self) -> str:
        return self.code

    def get_forms_display(self) -> list[str]:
        from schakel.intake.models import ExploitationForm

        return [str(ExploitationForm(f).label) for f in self.forms if f in ExploitationForm.values]


class CaseStatusChange(AppendOnlyModel):
    """Append-only history of a case's workflow."""

    append_only_message = "Status history is append-only."

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    to_status = models.CharField(max_length=12, choices=CaseStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statuswijziging casus")
        verbose_name_plural = _("statuswijzigingen casus")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CaseParticipant(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("ketenpartner"), on_delete=models.PROTECT, related_name="case_participations"
    )
    role = models.CharField(_("rol"), max_length=16, choices=ParticipantRole.choices, default=ParticipantRole.OTHER)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("betrokken ketenpartner")
        verbose_name_plural = _("betrokken ketenpartners")
        ordering = ["organisation__name"]
        constraints = [models.UniqueConstraint(fields=["case", "organisation"], name="case_participant_once")]

    def __str__(self) -> str:
        return f"{self.case} – {self.organisation}"


class CaseSignal(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_signals")
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="case_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signaal in casus")
        verbose_name_plural = _("signalen in casus")
        constraints = [models.UniqueConstraint(fields=["case", "signal"], name="case_signal_once")]

    def __str__(self) -> str:
        return f"{self.case} – {self.signal}"


class CaseEntity(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_entities")
    entity = models.ForeignKey(SignalEntity, on_delete=models.CASCADE, related_name="case_links")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("betrokkene in casus")
        verbose_name_plural = _("betrokkenen in casus")
        constraints = [models.UniqueConstraint(fields=["case", "entity"], name="case_entity_once")]

    def __str__(self) -> str:
        return f"{self.case} – {self.entity_id}"


class ActionType(models.TextChoices):
    ADMINISTRATIVE_MEASURE = "administrative_measure", _("Bestuurlijke maatregel")
    CRIMINAL_REPORT = "criminal_report", _("Aangifte")
    POLICE_INVESTIGATION = "police_investigation", _("Politieonderzoek")
    PROSECUTION_DECISION = "prosecution_decision", _("Vervolgingsbeslissing OM")
    CARE_REFERRAL = "care_referral", _("Doorverwijzing naar zorg")
    INSPECTION = "inspection", _("Controle of inspectie")
    BARRIER = "barrier", _("Barrière opwerpen")
    INFORMATION_REQUEST = "information_request", _("Informatieverzoek")
    OTHER = "other", _("Anders")


class BarrierKind(models.TextChoices):
    ENTRANCE_IDENTITY = "entrance_identity", _("Entree en identiteit")
    HOUSING = "housing", _("Huisvesting")
    WORK = "work", _("Werk")
    FINANCES = "finances", _("Financiën")
    MOBILITY = "mobility", _("Mobiliteit")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In uitvoering")
    DONE = "done", _("Afgerond")
    CANCELLED = "cancelled", _("Vervallen")


OPEN_ACTION_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class Action(models.Model):
    """One line of a case's plan of approach."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    type = models.CharField(_("soort actie"), max_length=24, choices=ActionType.choices)
    barrier_kind = models.CharField(_("soort barrière"), max_length=20, choices=BarrierKind.choices, blank=True)
    description = models.CharField(_("omschrijving"), max_length=300, help_text=_("Zonder namen van slachtoffers."))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("verantwoordelijke ketenpartner"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_actions",
    )
    deadline = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    outcome = models.TextField(_("resultaat"), blank=True)
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("afgesproken in overleg"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="new_actions",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["organisation", "status", "deadline"], name="case_action_due_idx")]

    def __str__(self) -> str:
        return f"{self.case.code}: {self.get_type_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    def is_overdue(self, today: Any = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline is not None and self.deadline < today

    @property
    def type_display(self) -> str:
        label = str(self.get_type_display())
        return f"{label}: {self.get_barrier_kind_display()}" if self.barrier_kind else label


class DocumentKind(models.TextChoices):
    MINUTES = "minutes", _("Verslag")
    REPORT = "report", _("Rapport")
    OTHER = "other", _("Overig")


def _document_path(instance: CaseDocument, filename: str) -> str:
    # A random name: the original file name may itself be personal data.
    return f"cases/{instance.case_id}/{uuid.uuid4().hex}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("soort"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    title = models.CharField(_("titel"), max_length=120, help_text=_("Zonder namen van slachtoffers."))
    shared_with_participants = models.BooleanField(
        _("zichtbaar voor betrokken ketenpartners"),
        default=False,
        help_text=_("Anders ziet alleen de ketenregie dit document."),
    )
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document bij casus")
        verbose_name_plural = _("documenten bij casus")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(self.content_type, "")
        return f"{self.case.code}-document-{self.pk}{extension}"


class CaseEvent(AppendOnlyModel):
    """The case's timeline: one append-only line per thing that happened (codes, no names)."""

    append_only_message = "The case timeline is append-only."

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(max_length=30)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("gebeurtenis casus")
        verbose_name_plural = _("tijdlijn casus")

    def __str__(self) -> str:
        return self.text


class MeetingType(models.TextChoices):
    MDO = "mdo", _("MDO-mensenhandel")
    RIEC = "riec", _("RIEC-mensenhandeltafel")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Casusoverleg Veiligheidshuis")
    OTHER = "other", _("Ander overleg")


class Meeting(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="case_meetings")
    type = models.CharField(_("soort overleg"), max_length=16, choices=MeetingType.choices)
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=90)
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorzitter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_organisations = models.ManyToManyField(
        Organisation, verbose_name=_("uitgenodigde ketenpartners"), related_name="case_meetings", blank=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)

    class Meta:
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {timezone.localtime(self.starts_at):%d-%m-%Y}"

    @property
    def ends_at(self) -> Any:
        from datetime import timedelta

        return self.starts_at + timedelta(minutes=self.duration_minutes)


class AttendanceStatus(models.TextChoices):
    INVITED = "invited", _("Uitgenodigd")
    PRESENT = "present", _("Aanwezig")
    ABSENT = "absent", _("Afwezig")
    EXCUSED = "excused", _("Afgemeld")


class MeetingAttendee(models.Model):
    """A professional invited to a meeting, and whether they came."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT)
    name = models.CharField(_("naam"), max_length=120)
    status = models.CharField(
        _("aanwezigheid"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.INVITED
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["organisation__name", "name"]

    def __str__(self) -> str:
        return self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    summary = models.TextField(_("stand van zaken (automatisch)"), blank=True)
    discussion = models.TextField(_("besproken"), blank=True)
    decisions = models.TextField(_("besluiten"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_case_once")]

    def __str__(self) -> str:
        return f"{self.order}. {self.case.code}"
