"""The signal: one report of something that may point at human trafficking.

A signal belongs to a municipality from its first moment (rule 9). Involved people and
things are ``SignalEntity`` rows: one table for every kind, with the normalised key the
linking engine matches on. Identifying details of possible victims are need-to-know: the
selectors withhold them from everyone without ``accounts.view_victim_details``.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schakel.accounts.models import Organisation
from schakel.core.encryption import EncryptedTextField
from schakel.core.models import AppendOnlyModel, District, Municipality
from schakel.core.text import postcode_display
from schakel.intake.models import ExploitationForm, Indicator, IndicatorCatalogue


class Channel(models.TextChoices):
    INTERNAL = "internal", _("Intern meldpunt")
    PARTNER = "partner", _("Aandachtsfunctionaris ketenpartner")
    PUBLIC = "public", _("Openbaar meldpunt (anoniem)")
    INSPECTION = "inspection", _("Controle")
    API = "api", _("Systeem van ketenpartner (API)")


class Urgency(models.TextChoices):
    ACUTE = "acute", _("Acuut gevaar")
    HIGH = "high", _("Hoog")
    NORMAL = "normal", _("Normaal")


URGENCY_RANK = {Urgency.ACUTE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class MinorInvolved(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nee")
    UNKNOWN = "unknown", _("Weet ik niet")


class SourceReliability(models.TextChoices):
    RELIABLE = "reliable", _("Betrouwbaar")
    USUALLY = "usually", _("Meestal betrouwbaar")
    DOUBTFUL = "doubtful", _("Twijfelachtig")
    UNKNOWN = "unknown", _("Onbekend")


class InformationReliability(models.TextChoices):
    CONFIRMED = "confirmed", _("Zelf waargenomen of bevestigd")
    PROBABLE = "probable", _("Waarschijnlijk juist")
    HEARSAY = "hearsay", _("Van horen zeggen")
    UNKNOWN = "unknown", _("Onbekend")


class SignalStatus(models.TextChoices):
    RECEIVED = "received", _("Ontvangen")
    TRIAGE = "triage", _("Triage")
    VERIFICATION = "verification", _("Verificatie")
    SHARED = "shared", _("Gedeeld met ketenpartner(s)")
    AWAITING_FEEDBACK = "awaiting_feedback", _("Wacht op terugkoppeling")
    CLOSED = "closed", _("Afgesloten")


class Outcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Ongegrond")
    INSUFFICIENT_INFORMATION = "insufficient_information", _("Onvoldoende informatie")
    SERIOUS_DISADVANTAGE = "serious_disadvantage", _("Ernstige benadeling")
    TRAFFICKING_SUSPECTED = "trafficking_suspected", _("Vermoeden van mensenhandel (casus)")
    REFERRED_VEILIG_THUIS = "referred_veilig_thuis", _("Doorverwezen naar Veilig Thuis")
    HANDLED_BY_PARTNER = "handled_by_partner", _("Afgehandeld door ketenpartner")
    DUPLICATE = "duplicate", _("Dubbele melding")


class Priority(models.TextChoices):
    HIGH = "high", _("Hoog")
    NORMAL = "normal", _("Normaal")
    LOW = "low", _("Laag")


FORM_FIELDS = {
    ExploitationForm.SEXUAL: "form_sexual",
    ExploitationForm.LABOUR: "form_labour",
    ExploitationForm.CRIMINAL: "form_criminal",
    ExploitationForm.ORGAN: "form_organ",
    ExploitationForm.SERIOUS_DISADVANTAGE: "form_serious_disadvantage",
    ExploitationForm.UNKNOWN: "form_unknown",
}


# "SG-2026-000123": year of receipt and number, as people quote a signal.
REFERENCE_PATTERN = re.compile(r"^\s*SG-(\d{4})-0*(\d+)\s*$", re.IGNORECASE)


def parse_reference(text: str) -> tuple[int, int] | None:
    """(year, pk) of a quoted reference, or None."""
    match = REFERENCE_PATTERN.match(text or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


class Signal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="signals")
    channel = models.CharField(_("ingang"), max_length=12, choices=Channel.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_signals"
    )
    reporter_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="reported_signals"
    )
    partner_reference = models.CharField(_("eigen kenmerk ketenpartner"), max_length=80, blank=True)
    source_label = models.CharField(
        _("bron"), max_length=40, blank=True, help_text=_("Bijvoorbeeld VIOS of BOTOC, als het signaal daaruit komt.")
    )

    observed_on = models.DateField(_("waargenomen op"), null=True, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)

    street = models.CharField(_("straat"), max_length=120, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    city = models.CharField(_("plaats"), max_length=80, blank=True)
    address_key = models.CharField(max_length=40, blank=True, db_index=True)
    district = models.ForeignKey(District, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("wijk"))
    location_description = models.CharField(_("omschrijving van de plek"), max_length=300, blank=True)

    form_sexual = models.BooleanField(default=False)
    form_labour = models.BooleanField(default=False)
    form_criminal = models.BooleanField(default=False)
    form_organ = models.BooleanField(default=False)
    form_serious_disadvantage = models.BooleanField(default=False)
    form_unknown = models.BooleanField(default=False)

    catalogue = models.ForeignKey(IndicatorCatalogue, on_delete=models.PROTECT, related_name="signals")
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="signals")
    narrative = EncryptedTextField(_("wat is er gezien"))  # encrypted at rest (ADR 0017)

    minor_involved = models.CharField(
        _("minderjarige betrokken"), max_length=8, choices=MinorInvolved.choices, default=MinorInvolved.UNKNOWN
    )
    urgency = models.CharField(_("urgentie"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    urgency_rank = models.PositiveSmallIntegerField(default=2, editable=False)
    source_reliability = models.CharField(
        _("betrouwbaarheid bron"), max_length=10, choices=SourceReliability.choices, default=SourceReliability.UNKNOWN
    )
    information_reliability = models.CharField(
        _("betrouwbaarheid informatie"),
        max_length=10,
        choices=InformationReliability.choices,
        default=InformationReliability.UNKNOWN,
    )

    meldcode_applicable = models.BooleanField(_("melder valt onder de meldcode"), default=False)
    meldcode_answers = models.JSONField(default=dict, blank=True)
    meldcode_report_to_veilig_thuis = models.BooleanField(_("melden bij Veilig Thuis"), null=True, blank=True)
    meldcode_reason = models.TextField(_("afweging meldcode"), blank=True)

    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices, default=SignalStatus.RECEIVED)
    status_entered_at = models.DateTimeField(_("status sinds"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_signals",
    )
    deadline = models.DateField(_("termijn"), null=True, blank=True)
    priority = models.CharField(_("prioriteit"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    veilig_thuis_route_followed = models.BooleanField(_("Veilig Thuis-route gevolgd"), null=True, blank=True)
    verified_at = models.DateTimeField(_("geverifieerd op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("toelichting uitkomst"), blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("dubbel van"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    # Namespaced ("api:<org>:<key>", "form:<token>") so one unique column serves every door.
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    receipt_id = models.CharField(max_length=12, null=True, blank=True, unique=True)
    receipt_hash = models.CharField(max_length=200, blank=True)

    is_synthetic = models.BooleanField(_("synthetisch (demo)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        indexes = [
            # The chain director's inbox: most urgent, then newest, keyset-paged.
            models.Index(fields=["municipality", "urgency_rank", "-received_at", "-id"], name="signal_inbox_idx"),
            models.Index(fields=["municipality", "-received_at"], name="signal_received_idx"),
            models.Index(fields=["reporter", "-received_at"], name="signal_reporter_idx"),
            models.Index(fields=["reporter_organisation", "-received_at"], name="signal_reporter_org_idx"),
            models.Index(fields=["municipality", "status", "deadline"], name="signal_deadline_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.urgency_rank = URGENCY_RANK[Urgency(self.urgency)]
        super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        """The reference people quote: year of receipt and number (no personal data)."""
        return f"SG-{self.received_at:%Y}-{self.pk:06d}" if self.pk else "SG-nieuw"

    @property
    def forms(self) -> list[str]:
        return [form for form, field in FORM_FIELDS.items() if getattr(self, field)]

    def get_forms_display(self) -> list[str]:
        return [str(ExploitationForm(form).label) for form in self.forms]

    @property
    def address_display(self) -> str:
        number = f"{self.house_number or ''}{self.house_letter}"
        if self.house_number_addition:
            number += f"-{self.house_number_addition}"
        line = " ".join(part for part in (self.street, number) if part)
        place = " ".join(part for part in (postcode_display(self.postcode), self.city) if part)
        return ", ".join(part for part in (line, place) if part)


class SignalStatusChange(AppendOnlyModel):
    """Append-only history of a signal's workflow (who, when, why)."""

    append_only_message = "Status history is append-only."

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    to_status = models.CharField(max_length=20, choices=SignalStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    deadline = models.DateField(null=True, blank=True)
    reason = EncryptedTextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class DeadlineRule(models.Model):
    """Working days allowed in a status, per form and urgency; the most specific rule applies.

    Seeded with Arnhem's agreements; the functional administrator edits them.
    """

    status = models.CharField(_("status"), max_length=20, choices=SignalStatus.choices)
    form = models.CharField(_("vorm"), max_length=22, choices=ExploitationForm.choices, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=8, choices=Urgency.choices, blank=True)
    working_days = models.PositiveSmallIntegerField(_("werkdagen"))

    class Meta:
        verbose_name = _("termijnregel")
        verbose_name_plural = _("termijnregels")
        ordering = ["status", "urgency", "form"]
        constraints = [models.UniqueConstraint(fields=["status", "form", "urgency"], name="unique_deadline_rule")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.form or '*'} {self.urgency or '*'}: {self.working_days}"

    @classmethod
    def working_days_for(cls, *, status: str, forms: list[str], urgency: str) -> int | None:
        best: tuple[int, int] | None = None
        for rule in cls.objects.filter(status=status):
            if rule.urgency and rule.urgency != urgency:
                continue
            if rule.form and rule.form not in forms:
                continue
            specificity = (1 if rule.urgency else 0) + (1 if rule.form else 0)
            # Most specific wins; among equals the shortest term (the strictest agreement).
            if best is None or specificity > best[0] or (specificity == best[0] and rule.working_days < best[1]):
                best = (specificity, rule.working_days)
        return best[1] if best else None


class EntityKind(models.TextChoices):
    PERSON = "person", _("Persoon")
    ADDRESS = "address", _("Adres")
    ORGANISATION = "organisation", _("Organisatie of bedrijf")
    VEHICLE = "vehicle", _("Voertuig (kenteken)")
    PHONE = "phone", _("Telefoonnummer")
    EMAIL = "email", _("E-mailadres")
    ADVERT = "advert", _("Online advertentie")
    BANK_ACCOUNT = "bank_account", _("Bankrekening (IBAN)")


class PersonRole(models.TextChoices):
    POSSIBLE_VICTIM = "possible_victim", _("Mogelijk slachtoffer")
    POSSIBLE_PERPETRATOR = "possible_perpetrator", _("Mogelijke dader")
    FACILITATOR = "facilitator", _("Facilitator")
    WITNESS = "witness", _("Getuige")
    UNKNOWN = "unknown", _("Onbekend")


class Sex(models.TextChoices):
    FEMALE = "female", _("Vrouw")
    MALE = "male", _("Man")
    OTHER = "other", _("Anders")
    UNKNOWN = "unknown", _("Onbekend")


class SignalEntity(models.Model):
    """A person or thing involved in a signal, as reported, with its normalised match key."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="entities")
    kind = models.CharField(_("soort"), max_length=14, choices=EntityKind.choices)
    role = models.CharField(_("rol"), max_length=22, choices=PersonRole.choices, blank=True)
    # What was reported, normalised per kind (see schakel/signals/entities.py).
    attributes = models.JSONField(default=dict)
    display = models.CharField(_("omschrijving"), max_length=300)
    match_key = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("betrokkene of betrokken gegeven")
        verbose_name_plural = _("betrokkenen en betrokken gegevens")
        indexes = [models.Index(fields=["kind", "match_key"], name="signal_entity_key_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display}"

    @property
    def is_victim_detail(self) -> bool:
        return is_victim_detail(self.kind, self.role)


def is_victim_detail(kind: str, role: str) -> bool:
    """Whether a mention of this kind and role identifies a possible victim (shown only to some)."""
    return kind == EntityKind.PERSON and role == PersonRole.POSSIBLE_VICTIM


def _attachment_path(instance: SignalAttachment, filename: str) -> str:
    # A random name: the original file name may itself be personal data.
    return f"signals/{instance.signal_id}/{uuid.uuid4().hex}"


class SignalAttachment(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name

    @property
    def download_name(self) -> str:
        """A file name without the original name (which may itself be personal data)."""
        extension = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}.get(self.content_type, "")
        return f"{self.signal.reference}-{self.pk}{extension}"


class MessageDirection(models.TextChoices):
    TO_REPORTER = "to_reporter", _("Vraag aan melder")
    FROM_REPORTER = "from_reporter", _("Antwoord of aanvulling van melder")


class ReporterMessage(models.Model):
    """Questions to an anonymous reporter and what they send back with their receipt code."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="reporter_messages")
    direction = models.CharField(max_length=14, choices=MessageDirection.choices)
    text = EncryptedTextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bericht met melder")
        verbose_name_plural = _("berichten met melder")

    def __str__(self) -> str:
        return f"{self.get_direction_display()} ({self.created_at:%d-%m-%Y})"


class ApiClient(models.Model):
    """A partner system allowed to submit signals for its organisation (token stored hashed)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_clients")
    name = models.CharField(_("naam"), max_length=100)
    token_prefix = models.CharField(max_length=8, unique=True)
    token_hash = models.CharField(max_length=64)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("API-koppeling")
        verbose_name_plural = _("API-koppelingen")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"

    # DRF treats the authenticated principal as a user; an API client is always authenticated.
    is_authenticated = True
    is_anonymous = False

    @property
    def audit_label(self) -> str:
        return f"api:{self.token_prefix} ({self.name})"
