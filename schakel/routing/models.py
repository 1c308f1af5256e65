"""The reporting route (meldroute): rules that suggest partners, shares with a legal basis,
and what partners report back. A partner sees a share's projection, never the signal itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation, OrganisationType
from schakel.core.encryption import EncryptedTextField
from schakel.intake.models import ExploitationForm
from schakel.signals.models import PersonRole, Signal, Urgency


class LegalBasis(models.Model):
    """Why sharing is lawful: GDPR article plus statute or covenant. Maintained as data."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("omschrijving"), max_length=200)
    gdpr_article = models.CharField(_("AVG-artikel"), max_length=60)
    statute = models.CharField(_("wet of convenant"), max_length=200)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("grondslag")
        verbose_name_plural = _("grondslagen")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.gdpr_article}; {self.statute})"


class SharePart(models.TextChoices):
    NARRATIVE = "narrative", _("Wat is er gezien (beschrijving)")
    LOCATION = "location", _("Plaats (adres en wijk)")
    ASSESSMENT = "assessment", _("Vorm, urgentie en indicatoren")
    PERSONS = "persons", _("Betrokken personen (geen slachtoffers)")
    VICTIM_IDENTITY = "victim_identity", _("Identiteit van mogelijke slachtoffers")
    DETAILS = "details", _("Adressen, bedrijven, kentekens, nummers, advertenties, rekeningen")
    ATTACHMENTS = "attachments", _("Bijlagen")
    REPORTER = "reporter", _("Wie het signaal meldde")


DEFAULT_PARTS = [SharePart.NARRATIVE, SharePart.LOCATION, SharePart.ASSESSMENT, SharePart.DETAILS]
# Victim identity goes to care coordination only (and Veilig Thuis, the route for minors).
VICTIM_IDENTITY_ORGANISATION_TYPES = {OrganisationType.CARE_COORDINATION, OrganisationType.VEILIG_THUIS}


class RoutingRule(models.Model):
    """One line of the reporting route. Rules are read in order; for each partner the first
    matching rule gives the purpose and legal basis of the suggestion; a rule marked 'stop'
    ends the reading. All conditions set on a rule must hold."""

    order = models.PositiveSmallIntegerField(_("volgorde"))
    name = models.CharField(_("naam"), max_length=120)
    is_active = models.BooleanField(_("actief"), default=True)
    minor_involved = models.BooleanField(_("minderjarige betrokken"), null=True, blank=True)
    form = models.CharField(_("vorm"), max_length=22, choices=ExploitationForm.choices, blank=True)
    person_role = models.CharField(_("persoon met rol in beeld"), max_length=22, choices=PersonRole.choices, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=8, choices=Urgency.choices, blank=True)
    partners = models.ManyToManyField(Organisation, verbose_name=_("voorgestelde ketenpartners"))
    purpose = models.CharField(_("doel"), max_length=200)
    legal_basis = models.ForeignKey(LegalBasis, verbose_name=_("grondslag"), on_delete=models.PROTECT)
    stop = models.BooleanField(_("hierna stoppen"), default=False)

    class Meta:
        verbose_name = _("regel meldroute")
        verbose_name_plural = _("meldroute")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

    def matches(self, signal: Signal, roles: set[str] | None = None) -> bool:
        if self.minor_involved is not None and (signal.minor_involved == "yes") != self.minor_involved:
            return False
        if self.form and self.form not in signal.forms:
            return False
        if self.urgency and signal.urgency != self.urgency:
            return False
        if self.person_role:
            if roles is None:
                roles = set(signal.entities.filter(kind="person").values_list("role", flat=True))
            if self.person_role not in roles:
                return False
        return True


class ShareStatus(models.TextChoices):
    NEW = "new", _("Nieuw")
    ACKNOWLEDGED = "acknowledged", _("Ontvangen door ketenpartner")
    ANSWERED = "answered", _("Teruggekoppeld")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Share(models.Model):
    """A signal, or only the parts a partner needs, shared with one partner."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="shares")
    partner = models.ForeignKey(
        Organisation, verbose_name=_("ketenpartner"), on_delete=models.PROTECT, related_name="shares"
    )
    purpose = models.CharField(_("doel"), max_length=200)
    legal_basis = models.ForeignKey(LegalBasis, verbose_name=_("grondslag"), on_delete=models.PROTECT)
    parts = models.JSONField(_("gedeelde onderdelen"), default=list)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    shared_at = models.DateTimeField(_("gedeeld op"), default=timezone.now)
    expires_on = models.DateField(_("zichtbaar tot"))
    status = models.CharField(_("status"), max_length=14, choices=ShareStatus.choices, default=ShareStatus.NEW)
    feedback_deadline = models.DateField(_("terugkoppeling uiterlijk"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("gedeeld signaal")
        verbose_name_plural = _("gedeelde signalen")
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["partner", "status", "-shared_at"], name="share_partner_idx")]

    def __str__(self) -> str:
        return f"{self.signal.reference} → {self.partner.display_name}"

    def has_part(self, part: str) -> bool:
        return part in self.parts

    @property
    def is_open(self) -> bool:
        return self.status != ShareStatus.WITHDRAWN and self.expires_on >= timezone.localdate()


class FeedbackOutcome(models.TextChoices):
    INVESTIGATING = "investigating", _("Onderzoek gestart")
    MEASURES_TAKEN = "measures_taken", _("Maatregelen genomen")
    VICTIM_IN_CARE = "victim_in_care", _("Slachtoffer in zorg")
    CRIMINAL_REFERRAL = "criminal_referral", _("Strafrechtelijk traject")
    REFERRED = "referred", _("Doorverwezen")
    NO_ACTION = "no_action", _("Geen actie: geen aanleiding gevonden")
    NOT_COMPETENT = "not_competent", _("Niet onze taak; terug naar ketenregisseur")


class ShareMessageKind(models.TextChoices):
    QUESTION = "question", _("Vraag")
    ANSWER = "answer", _("Antwoord")
    FEEDBACK = "feedback", _("Terugkoppeling")


class ShareMessage(models.Model):
    """Questions, answers and feedback on a share, between the partner and the chain director."""

    share = models.ForeignKey(Share, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=10, choices=ShareMessageKind.choices)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=FeedbackOutcome.choices, blank=True)
    text = EncryptedTextField(_("tekst"))  # encrypted at rest (ADR 0017)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_label = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("bericht over gedeeld signaal")
        verbose_name_plural = _("berichten over gedeelde signalen")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y})"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Wacht op verzending")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")


class Notification(models.Model):
    """An e-mail without personal data (a link and a count), sent after commit and retried.

    Failures stay visible to the administrator; nothing is dropped silently.
    """

    recipient = models.EmailField(_("ontvanger"))
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("tekst"))
    kind = models.CharField(_("soort"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.get_status_display()})"


__all__ = ["Any"]
