"""The engine's explanation of a score in the words of the people who judge it.

The engine (``matching``) names its comparisons and levels in English for developers
("surname: exact"); a suggestion shows them as "achternaam: gelijk" (or the English words in
the English interface). Every comparison and level of ``matching.model.default_model`` has
words here; a test keeps it so.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

COMPARISONS = {
    "surname": _("achternaam"),
    "given_name": _("voornaam"),
    "date_of_birth": _("geboortedatum"),
    "address": _("adres"),
    "phone": _("telefoonnummer"),
    "email": _("e-mailadres"),
    "plate": _("kenteken"),
    "iban": _("rekeningnummer"),
    "kvk": _("KvK-nummer"),
    "id_number": _("document- of burgerservicenummer"),
    "url": _("advertentie"),
    "organisation_name": _("naam van de organisatie"),
}

LEVELS = {
    "exact": _("gelijk"),
    "disagree": _("verschilt"),
    "fuzzy_high": _("bijna gelijk geschreven"),
    "fuzzy": _("lijkt erop"),
    "particles_differ": _("gelijk, tussenvoegsel anders of weggelaten"),
    "token_subset": _("de ene naam is deel van de andere"),
    "initials": _("voorletters passen bij de namen"),
    "typo": _("één cijfer anders of verwisseld"),
    "partial_month": _("jaar en maand gelijk, dag onbekend"),
    "partial_year": _("jaar gelijk, maand onbekend"),
    "generation": _("twaalf jaar of meer verschil (ouder en kind?)"),
    "street_number": _("zelfde straat en huisnummer"),
    "number_match": _("zelfde pand: huisnummer gelijk, toevoeging anders"),
    "postcode": _("zelfde postcode, ander huisnummer"),
    "street": _("zelfde straat, ander huisnummer"),
    "city": _("alleen de plaats gelijk"),
    "local_part": _("zelfde naam vóór de @, andere aanbieder"),
    "one_char": _("één teken anders (verkeerd gelezen?)"),
    "one_edit": _("één teken anders"),
}

# A level whose words depend on the comparison.
LEVELS_OF = {
    ("surname", "swapped"): _("voor- en achternaam omgedraaid"),
    ("given_name", "swapped"): _("voor- en achternaam omgedraaid"),
    ("date_of_birth", "swapped"): _("dag en maand omgedraaid"),
}


def describe(contribution: dict[str, Any]) -> str:
    """ "achternaam: gelijk" for one contribution; unknown names are shown as they are."""
    comparison, level = contribution.get("comparison", ""), contribution.get("level", "")
    words = LEVELS_OF.get((comparison, level)) or LEVELS.get(level) or level
    return f"{COMPARISONS.get(comparison, comparison)}: {words}"
