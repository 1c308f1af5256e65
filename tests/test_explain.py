"""A suggestion's "Waarom?" in words, not in the engine's names."""

from __future__ import annotations

import pytest
from django.utils import translation

from matching.model import default_model
from schakel.accounts.models import User
from schakel.entities.explain import COMPARISONS, LEVELS, LEVELS_OF, describe
from schakel.entities.models import LinkSuggestion
from schakel.entities.services import link_signal
from schakel.signals import entities as e
from tests.conftest import make_signal, verified_client


def test_every_comparison_and_level_of_the_engine_has_words() -> None:
    missing = [
        f"{comparison.name}/{level.name}"
        for comparison in default_model().comparisons
        for level in comparison.levels
        if comparison.name not in COMPARISONS
        or ((comparison.name, level.name) not in LEVELS_OF and level.name not in LEVELS)
    ]
    assert missing == []


def test_words_in_dutch_and_in_english() -> None:
    assert describe({"comparison": "surname", "level": "exact"}) == "achternaam: gelijk"
    assert describe({"comparison": "date_of_birth", "level": "swapped"}) == "geboortedatum: dag en maand omgedraaid"
    assert describe({"comparison": "surname", "level": "swapped"}) == "achternaam: voor- en achternaam omgedraaid"
    with translation.override("en"):
        assert (
            describe({"comparison": "plate", "level": "one_char"})
            == "licence plate: one character different (misread?)"
        )
    # Something the app does not know yet is shown as the engine names it, not hidden.
    assert describe({"comparison": "shoe_size", "level": "exact"}) == "shoe_size: gelijk"


@pytest.mark.django_db
def test_the_signal_page_explains_in_words(chain_director: User, liaison: User) -> None:
    make_signal(liaison, entities=[e.phone("06-41234567")])
    signal = make_signal(liaison, entities=[e.phone("+31641234567")])
    link_signal(signal.pk)
    assert LinkSuggestion.objects.count() == 1
    page = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert "telefoonnummer: gelijk (+" in page and "phone: exact" not in page
