"""Partner organisations, the people who work in them, and the liaison-officer registry."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from schakel.core.models import Municipality


class OrganisationType(models.TextChoices):
    MUNICIPALITY_DEPARTMENT = "municipality_department", _("Gemeentelijke afdeling")
    POLICE = "police", _("Politie")
    PUBLIC_PROSECUTOR = "public_prosecutor", _("Openbaar Ministerie")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Nederlandse Arbeidsinspectie")
    RIEC = "riec", _("RIEC")
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Zorg- en Veiligheidshuis")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    CARE_COORDINATION = "care_coordination", _("Zorgcoördinatie")
    MEE = "mee", _("MEE")
    COMENSHA = "comensha", _("CoMensha")
    HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Anders")


class Covenant(models.Model):
    """A covenant (or statute-based arrangement) under which partners share data."""

    name = models.CharField(_("naam"), max_length=200, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("convenant")
        verbose_name_plural = _("convenanten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A partner in the chain, or a department of the municipality.

    Regional partners (police unit, Veilig Thuis, RIEC) serve several municipalities; the
    municipalities they serve decide which municipalities' shares can reach them.
    """

    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(_("korte naam"), max_length=60, blank=True)
    type = models.CharField(_("soort organisatie"), max_length=40, choices=OrganisationType.choices)
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("werkgebied (gemeenten)"), related_name="organisations", blank=True
    )
    contact_mailbox = models.EmailField(
        _("functionele mailbox"), blank=True, help_text=_("Hierheen gaan meldingen zonder persoonsgegevens.")
    )
    covenants = models.ManyToManyField(Covenant, verbose_name=_("ondertekende convenanten"), blank=True)
    role_description = models.TextField(_("rol in de keten"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Roles are groups (see roles.py); the organisation scopes data."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="users", null=True
    )
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot beheer"), default=False, help_text=_("Mag de beheeromgeving gebruiken.")
    )
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    # Raised by "sign out everywhere": every session signed with the old value stops working.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django invalidates sessions when the password changes; including the generation
        # lets "sign out everywhere" do the same without touching the password.
        key_salt = "schakel.accounts.User.session_auth_hash"
        return salted_hmac(
            key_salt, f"{self.password}:{self.session_generation}", secret=secret, algorithm="sha256"
        ).hexdigest()

    @property
    def role_codes(self) -> set[str]:
        if not hasattr(self, "_role_codes"):
            self._role_codes = set(self.groups.values_list("name", flat=True))
        return self._role_codes

    def has_role(self, role: str) -> bool:
        return role in self.role_codes

    @property
    def municipality(self) -> Municipality | None:
        """The municipality whose records a municipal user works with (None for regional partners)."""
        if self.organisation is None:
            return None
        if self.organisation.type != OrganisationType.MUNICIPALITY_DEPARTMENT:
            return None
        return self.organisation.municipalities.first()


class Capability(models.Model):
    """Holds the application's own permissions; it has no table.

    Roles (groups) are granted these, and code checks ``user.has_perm("accounts.<code>")``,
    never a role name, so that a municipality can compose roles differently.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_all_signals", "Alle signalen van de eigen gemeente inzien"),
            ("report_signal", "Signalen melden"),
            ("receive_shares", "Gedeelde signalen en taken voor de eigen organisatie ontvangen"),
            ("view_victim_details", "Identificerende gegevens van slachtoffers inzien"),
            ("manage_care", "Zorgtrajecten beheren"),
            ("manage_cases", "Casussen en casusoverleggen beheren"),
            ("manage_inspections", "Controles en panden beheren"),
            ("view_aggregates", "Geaggregeerde cijfers inzien"),
            ("view_liaison_registry", "Register van aandachtsfunctionarissen inzien"),
            ("manage_reference_data", "Referentiegegevens beheren"),
            ("manage_users", "Gebruikers beheren"),
            ("view_audit_trail", "Audittrail inzien"),
        ]

    def __str__(self) -> str:
        return "capability"


class LiaisonKind(models.TextChoices):
    INTERNAL = "internal", _("Intern (gemeente)")
    EXTERNAL = "external", _("Extern (ketenpartner)")


class LiaisonOfficer(models.Model):
    """A trained contact person (aandachtsfunctionaris) in a department or partner."""

    full_name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=LiaisonKind.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="liaison_officers"
    )
    department = models.CharField(_("afdeling of team"), max_length=150, blank=True)
    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="liaison_officer",
    )
    active_since = models.DateField(_("actief sinds"), null=True, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("aandachtsfunctionaris")
        verbose_name_plural = _("aandachtsfunctionarissen")
        ordering = ["organisation__name", "full_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def last_trained_on(self) -> Any:
        latest = self.trainings.order_by("-date").first()
        return latest.date if latest else None


class LiaisonTraining(models.Model):
    """A training a liaison officer attended (the prevention module links its activities here)."""

    officer = models.ForeignKey(LiaisonOfficer, on_delete=models.CASCADE, related_name="trainings")
    date = models.DateField(_("datum"))
    title = models.CharField(_("training"), max_length=200)

    class Meta:
        verbose_name = _("gevolgde training")
        verbose_name_plural = _("gevolgde trainingen")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d-%m-%Y})"
