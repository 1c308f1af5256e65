"""Turning what a reporter typed into normalised entity data, with Dutch errors.

One function per kind, all through the pure ``matching`` package, so the intake forms, the
API and the demo generator normalise identically and the linking engine can match on
``match_key``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import normalise as n
from schakel.signals.models import EntityKind, PersonRole, Sex

# Nationalities most relevant to trafficking cases in the Netherlands; ISO 3166-1 alpha-2.
NATIONALITIES = [
    ("NL", gettext_lazy("Nederlandse")),
    ("PL", gettext_lazy("Poolse")),
    ("RO", gettext_lazy("Roemeense")),
    ("BG", gettext_lazy("Bulgaarse")),
    ("UA", gettext_lazy("Oekraïense")),
    ("HU", gettext_lazy("Hongaarse")),
    ("LT", gettext_lazy("Litouwse")),
    ("LV", gettext_lazy("Letse")),
    ("SK", gettext_lazy("Slowaakse")),
    ("CZ", gettext_lazy("Tsjechische")),
    ("DE", gettext_lazy("Duitse")),
    ("PT", gettext_lazy("Portugese")),
    ("ES", gettext_lazy("Spaanse")),
    ("MA", gettext_lazy("Marokkaanse")),
    ("TR", gettext_lazy("Turkse")),
    ("SR", gettext_lazy("Surinaamse")),
    ("NG", gettext_lazy("Nigeriaanse")),
    ("GH", gettext_lazy("Ghanese")),
    ("ER", gettext_lazy("Eritrese")),
    ("SY", gettext_lazy("Syrische")),
    ("AF", gettext_lazy("Afghaanse")),
    ("VN", gettext_lazy("Vietnamese")),
    ("CN", gettext_lazy("Chinese")),
    ("TH", gettext_lazy("Thaise")),
    ("PH", gettext_lazy("Filipijnse")),
    ("IN", gettext_lazy("Indiase")),
    ("BR", gettext_lazy("Braziliaanse")),
    ("CO", gettext_lazy("Colombiaanse")),
    ("VE", gettext_lazy("Venezolaanse")),
    ("XX", gettext_lazy("Anders / onbekend")),
]
NATIONALITY_CODES = {code for code, _label in NATIONALITIES}


@dataclass
class EntityData:
    kind: str
    display: str
    match_key: str = ""
    role: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


def _required(value: str | None, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(message, code="required")
    return text


def person(
    *,
    role: str,
    name: str = "",
    description: str = "",
    sex: str = Sex.UNKNOWN,
    age: int | None = None,
    birth_year: int | None = None,
    birth_date: date | None = None,
    nationality: str = "",
    languages: str = "",
    today: date | None = None,
) -> EntityData:
    today = today or date.today()
    name, description = (name or "").strip(), (description or "").strip()
    if not name and not description:
        raise ValidationError(_("Vul een naam of een omschrijving van de persoon in."), code="required")
    if role not in PersonRole.values:
        raise ValidationError(_("Kies een geldige rol."), code="invalid")
    if sex not in Sex.values:
        raise ValidationError(_("Kies een geldig geslacht."), code="invalid")
    if age is not None and not 0 <= age <= 120:
        raise ValidationError(_("Een leeftijd ligt tussen 0 en 120 jaar."), code="invalid")
    if birth_year is not None and not today.year - 120 <= birth_year <= today.year:
        raise ValidationError(_("Het geboortejaar ligt niet in een mogelijke periode."), code="invalid")
    if birth_date is not None and not date(today.year - 120, 1, 1) <= birth_date <= today:
        raise ValidationError(_("De geboortedatum ligt niet in een mogelijke periode."), code="invalid")
    if nationality and nationality not in NATIONALITY_CODES:
        raise ValidationError(_("Kies een nationaliteit uit de lijst."), code="invalid")
    if birth_date is not None:
        birth_year = birth_date.year
    parts = n.full_name_parts(name) if name else None
    key = n.sorted_name_key(name) if name else ""
    display = name or description
    if age is not None:
        display += f" ({age})"
    return EntityData(
        kind=EntityKind.PERSON,
        role=role,
        display=display[:300],
        match_key=key or "",
        attributes={
            "name": name,
            "description": description,
            "sex": sex,
            "age": age,
            "birth_year": birth_year,
            "birth_date": birth_date.isoformat() if birth_date else None,
            "nationality": nationality,
            "languages": languages.strip(),
            "given": " ".join(parts.given) if parts else "",
            "family": " ".join((*parts.particles, *parts.surname)) if parts else "",
        },
    )


def person_details(attributes: dict[str, Any]) -> str:
    """What was reported about a person besides the name, in one line for a table cell:
    "vrouw; geboren 1 maart 1992; Hongaarse nationaliteit; talen: Hongaars, Engels"."""
    parts: list[str] = []
    if attributes.get("description") and attributes.get("name"):
        parts.append(attributes["description"])
    sex = attributes.get("sex")
    if sex in Sex.values and sex != Sex.UNKNOWN:
        parts.append(str(Sex(sex).label).lower())
    if attributes.get("birth_date"):
        born = date_format(date.fromisoformat(attributes["birth_date"]), "j F Y")
        parts.append(_("geboren %(date)s") % {"date": born})
    elif attributes.get("birth_year"):
        parts.append(_("geboren in %(year)s") % {"year": attributes["birth_year"]})
    nationality = attributes.get("nationality")
    if nationality and nationality != "XX":
        label = str(dict(NATIONALITIES).get(nationality, nationality))
        parts.append(_("%(nationality)s nationaliteit") % {"nationality": label})
    if attributes.get("languages"):
        parts.append(_("talen: %(languages)s") % {"languages": attributes["languages"]})
    return "; ".join(parts)


def address(value: str) -> EntityData:
    text = _required(value, _("Vul een adres in."))
    parts = n.parse_address(text)
    if parts is None or parts.house_number is None or not (parts.postcode or (parts.street and parts.city)):
        raise ValidationError(
            _("Vul een adres in met straat en huisnummer en een postcode (1234 AB) of plaats."), code="invalid"
        )
    return EntityData(
        kind=EntityKind.ADDRESS,
        display=text[:300],
        match_key=parts.key or "",
        attributes={
            "street": parts.street,
            "house_number": parts.house_number.key(),
            "postcode": parts.postcode,
            "city": parts.city,
        },
    )


def organisation(value: str, kvk: str = "", org_type: str = "") -> EntityData:
    name = _required(value, _("Vul de naam van de organisatie in."))
    kvk_number = ""
    if kvk.strip():
        kvk_number = n.normalise_kvk(kvk) or ""
        if not kvk_number:
            raise ValidationError(_("Een KvK-nummer bestaat uit 8 cijfers."), code="invalid")
    return EntityData(
        kind=EntityKind.ORGANISATION,
        display=name[:300],
        match_key=f"kvk:{kvk_number}" if kvk_number else f"name:{n.normalise_organisation_name(name) or ''}",
        attributes={"name": name, "kvk": kvk_number, "type": org_type},
    )


def vehicle(value: str) -> EntityData:
    text = _required(value, _("Vul een kenteken in."))
    plate = n.normalise_plate(text)
    key = n.plate_key(text)
    if not key:
        raise ValidationError(_("Dit is geen geldig kenteken."), code="invalid")
    return EntityData(
        kind=EntityKind.VEHICLE,
        display=plate or text,
        match_key=key,
        attributes={"plate": plate or text.upper(), "dutch": plate is not None},
    )


def phone(value: str) -> EntityData:
    text = _required(value, _("Vul een telefoonnummer in."))
    e164 = n.normalise_phone(text)
    if not e164:
        raise ValidationError(
            _("Dit is geen geldig telefoonnummer. Gebruik bijvoorbeeld 06-12345678 of +48 601 234 567."), code="invalid"
        )
    return EntityData(kind=EntityKind.PHONE, display=e164, match_key=e164, attributes={"e164": e164})


def email(value: str) -> EntityData:
    text = _required(value, _("Vul een e-mailadres in."))
    normalised = n.normalise_email(text, canonical_gmail=False)
    if not normalised:
        raise ValidationError(_("Dit is geen geldig e-mailadres."), code="invalid")
    key = n.normalise_email(text) or normalised
    return EntityData(kind=EntityKind.EMAIL, display=normalised, match_key=key, attributes={"email": normalised})


def advert(value: str, advert_id: str = "", site: str = "") -> EntityData:
    text = (value or "").strip()
    advert_id = (advert_id or "").strip()
    if not text and not advert_id:
        raise ValidationError(_("Vul de link naar de advertentie of het advertentienummer in."), code="required")
    url = ""
    key = ""
    if text:
        url = n.normalise_url(text) or ""
        if not url:
            raise ValidationError(_("Dit is geen geldige link (URL)."), code="invalid")
        key = n.url_key(text) or url
    if not key:
        # Without a link, the site plus the advert number identifies the advert.
        key = f"{site.strip().lower()}#{advert_id.lower()}"
    return EntityData(
        kind=EntityKind.ADVERT,
        display=(url or f"{site} {advert_id}".strip())[:300],
        match_key=key[:200],
        attributes={"url": url, "advert_id": advert_id, "site": site.strip()},
    )


def bank_account(value: str) -> EntityData:
    text = _required(value, _("Vul een IBAN in."))
    iban = n.normalise_iban(text)
    if not iban:
        raise ValidationError(_("Dit is geen geldig IBAN. Controleer het nummer."), code="invalid")
    return EntityData(kind=EntityKind.BANK_ACCOUNT, display=iban, match_key=iban, attributes={"iban": iban})


def from_kind(kind: str, value: str, extra: str = "") -> EntityData:
    """The non-person kinds from one value (and one extra field: KvK number or advert id)."""
    if kind == EntityKind.ADDRESS:
        return address(value)
    if kind == EntityKind.ORGANISATION:
        return organisation(value, kvk=extra)
    if kind == EntityKind.VEHICLE:
        return vehicle(value)
    if kind == EntityKind.PHONE:
        return phone(value)
    if kind == EntityKind.EMAIL:
        return email(value)
    if kind == EntityKind.ADVERT:
        return advert(value, advert_id=extra)
    if kind == EntityKind.BANK_ACCOUNT:
        return bank_account(value)
    raise ValidationError(_("Kies wat voor gegeven dit is."), code="invalid")
