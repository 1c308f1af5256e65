"""How a signal shows what was reported: postcodes as people write them, a person's particulars
in words rather than codes."""

from __future__ import annotations

from datetime import date

import pytest

from schakel.accounts.models import User
from schakel.core.text import postcode_display
from schakel.signals import entities as e
from schakel.signals.entities import person_details
from schakel.signals.services import Location
from tests.conftest import make_signal, verified_client


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("6831HK", "6831 HK"), ("6831 hk", "6831 HK"), ("", ""), ("B-1000", "B-1000"), ("0831HK", "0831HK")],
)
def test_a_postcode_is_shown_with_its_space(stored: str, shown: str) -> None:
    assert postcode_display(stored) == shown


def test_a_persons_particulars_in_one_line() -> None:
    person = e.person(
        role="possible_victim",
        name="Kasia Stan",
        description="lange vrouw, rood jack",
        sex="female",
        birth_date=date(1992, 3, 1),
        nationality="HU",
        languages="Hongaars, Engels",
    )
    assert person_details(person.attributes) == (
        "lange vrouw, rood jack; vrouw; geboren 1 maart 1992; Hongaarse nationaliteit; talen: Hongaars, Engels"
    )
    # Nothing known besides the name: nothing, and no stray separators.
    assert person_details(e.person(role="witness", name="Anna Jansen").attributes) == ""
    only_year = e.person(role="witness", name="Anna Jansen", birth_year=1980, nationality="XX")
    assert person_details(only_year.attributes) == "geboren in 1980"
    # The description is the display when there is no name, so it is not repeated.
    assert person_details(e.person(role="witness", description="man met baard", sex="male").attributes) == "man"


@pytest.mark.django_db
def test_the_signal_page_shows_particulars_and_postcode_in_words(chain_director: User, liaison: User) -> None:
    signal = make_signal(
        liaison,
        location=Location(street="Vredenburgweg", house_number=100, postcode="6831HK", city="Arnhem"),
        entities=[e.person(role="possible_victim", name="Kasia Stan", nationality="HU", birth_date=date(1992, 3, 1))],
    )
    page = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert "Vredenburgweg 100, 6831 HK Arnhem" in page
    assert "geboren 1 maart 1992; Hongaarse nationaliteit</td>" in page
    assert "HU;" not in page


@pytest.mark.django_db
def test_suggestions_and_entity_pages_show_the_particulars_to_judge_by(chain_director: User, liaison: User) -> None:
    from schakel.entities.models import LinkSuggestion
    from schakel.entities.services import link_signal

    born = date(1990, 5, 17)
    older = make_signal(
        liaison, entities=[e.person(role="witness", name="Piotr Nowak", birth_date=born, nationality="PL")]
    )
    newer = make_signal(liaison, entities=[e.person(role="possible_perpetrator", name="Piotr Nowak", sex="male")])
    link_signal(newer.pk)
    suggestion = LinkSuggestion.objects.get()
    client = verified_client(chain_director)
    page = client.get(f"/signalen/{newer.pk}/").content.decode()
    group = page.split('data-testid="suggestions-of-', 1)[1]
    # The own person's particulars under its heading, the other's next to its name.
    assert '<p class="utrecht-paragraph schakel-muted">man</p>' in group
    assert "(geboren 17 mei 1990; Poolse nationaliteit)" in group
    own = newer.entities.get()
    entity_page = client.get(f"/entiteiten/{own.pk}/").content.decode()
    assert "Gemeld: man" in entity_page
    assert f"suggestion-{suggestion.pk}" not in entity_page  # the entity page marks it by its form
    assert '<span class="schakel-muted">geboren 17 mei 1990; Poolse nationaliteit</span>' in entity_page
    assert older.reference in entity_page


@pytest.mark.django_db
def test_a_case_lists_its_people_with_their_particulars(chain_director: User, liaison: User) -> None:
    from schakel.cases import services as cases

    signal = make_signal(
        liaison, entities=[e.person(role="possible_perpetrator", name="Marek Zielinski", nationality="PL", sex="male")]
    )
    case = cases.case_create(actor=chain_director, title="Uitzendbureau (synthetisch)", signals=[signal])
    cases.case_add_entity(actor=chain_director, case=case, entity=signal.entities.get())
    page = verified_client(chain_director).get(f"/casussen/{case.pk}/").content.decode()
    assert 'Marek Zielinski</a> <span class="schakel-muted">– man; Poolse nationaliteit</span>' in page
