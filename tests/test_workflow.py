"""Triage, verification, deadlines, routing rules, shares and partner feedback (issue 4)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings

from schakel.accounts.models import Organisation, User
from schakel.accounts.roles import Role
from schakel.routing import services as routing
from schakel.routing.api import ShareList  # noqa: F401  (the API module must import cleanly)
from schakel.routing.models import LegalBasis, Notification, NotificationStatus, RoutingRule, Share, ShareStatus
from schakel.routing.notifications import deliver
from schakel.signals.api import api_client_create
from schakel.signals.deadlines import add_working_days, is_working_day, subtract_working_days, working_days_between
from schakel.signals.entities import person, phone
from schakel.signals.models import Signal, SignalStatus, SignalStatusChange
from schakel.signals.workflow import TRANSITIONS, punctuality, transition
from tests.conftest import make_signal, verified_client

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


# --- the deadline calculator -------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 → Monday
        (date(2026, 11, 28), 0, date(2026, 11, 30)),  # Saturday, same day → Monday
        (date(2026, 4, 24), 1, date(2026, 4, 28)),  # Friday; Monday 27 April is King's Day
        (date(2026, 12, 24), 1, date(2026, 12, 28)),  # Christmas and Boxing Day, then the weekend
        (date(2026, 12, 31), 1, date(2027, 1, 4)),  # year end: New Year's Day, then the weekend
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # Ascension Day (Thursday 14 May 2026)
        (date(2026, 5, 22), 1, date(2026, 5, 26)),  # Whit Monday 25 May 2026
        (date(2026, 11, 23), 10, date(2026, 12, 7)),  # two working weeks
    ],
)
def test_working_day_deadlines(start: date, days: int, expected: date) -> None:
    assert add_working_days(start, days) == expected


def test_working_day_helpers_agree() -> None:
    assert not is_working_day(date(2026, 4, 27)) and not is_working_day(date(2026, 12, 26))
    assert is_working_day(date(2026, 12, 29))
    for start in (date(2026, 12, 20), date(2026, 4, 20)):
        for days in range(0, 15):
            end = add_working_days(start, days)
            assert working_days_between(start, end) == days or not is_working_day(start)
            if days and is_working_day(start):
                assert subtract_working_days(end, days) == start


# --- the status table ---------------------------------------------------------------------
def _signal_in(status: str, reporter: User) -> Signal:
    signal = make_signal(reporter)
    Signal.objects.filter(pk=signal.pk).update(status=status)
    signal.refresh_from_db()
    return signal


@pytest.mark.parametrize(("current", "target"), list(itertools.permutations(SignalStatus.values, 2)))
def test_every_transition_is_allowed_or_refused_by_the_table(
    current: str, target: str, chain_director: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    signal = _signal_in(current, reporter)
    kwargs = {"outcome": "unfounded", "reason": "heropenen"} if target in ("closed", "triage") else {}
    if target in TRANSITIONS[current]:
        transition(actor=chain_director, signal=signal, to_status=target, **kwargs)  # type: ignore[arg-type]
        assert Signal.objects.get(pk=signal.pk).status == target
        change = SignalStatusChange.objects.get(signal=signal)
        assert (change.from_status, change.to_status, change.actor) == (current, target, chain_director)
    else:
        with pytest.raises(ValidationError) as error:
            transition(actor=chain_director, signal=signal, to_status=target, **kwargs)  # type: ignore[arg-type]
        assert error.value.code == "forbidden_transition"
        assert Signal.objects.get(pk=signal.pk).status == current
        assert not SignalStatusChange.objects.filter(signal=signal).exists()


def test_closing_requires_an_outcome_and_duplicates_name_the_original(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    original, signal = make_signal(reporter), make_signal(reporter)
    with pytest.raises(ValidationError, match="Kies een uitkomst"):
        transition(actor=chain_director, signal=signal, to_status="closed")
    with pytest.raises(ValidationError, match="dubbele melding"):
        transition(actor=chain_director, signal=signal, to_status="closed", outcome="duplicate")
    transition(actor=chain_director, signal=signal, to_status="closed", outcome="duplicate", duplicate_of=original)
    signal.refresh_from_db()
    assert signal.status == "closed" and signal.duplicate_of == original and signal.deadline is None
    with pytest.raises(ValidationError, match="reden"):
        transition(actor=chain_director, signal=signal, to_status="triage")
    transition(actor=chain_director, signal=signal, to_status="triage", reason="Nieuwe informatie")
    signal.refresh_from_db()
    assert signal.outcome == "" and signal.duplicate_of is None


def test_minor_requires_the_veilig_thuis_route_before_verification(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"), minor_involved="yes")
    transition(actor=chain_director, signal=signal, to_status="triage")
    with pytest.raises(ValidationError, match="Veilig Thuis-route"):
        transition(actor=chain_director, signal=signal, to_status="verification")
    client = verified_client(chain_director)
    response = client.post(
        f"/signalen/{signal.pk}/triage/",
        {
            "forms_of_exploitation": ["criminal"],
            "urgency": "high",
            "priority": "high",
            "minor_involved": "yes",
            "veilig_thuis_route_followed": "yes",
        },
    )
    assert response.status_code == 302
    transition(actor=chain_director, signal=signal, to_status="verification")
    signal.refresh_from_db()
    assert signal.status == "verification" and signal.veilig_thuis_route_followed and signal.form_criminal


def test_only_the_municipalitys_chain_director_runs_the_workflow(
    chain_director: User, police_user: User, make_user: Callable[..., User]
) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    with pytest.raises(PermissionDenied):
        transition(actor=police_user, signal=signal, to_status="triage")
    response = verified_client(police_user).post(f"/signalen/{signal.pk}/status/", {"to_status": "triage"})
    assert response.status_code == 404
    assert Signal.objects.get(pk=signal.pk).status == "received"


def test_deadlines_are_set_per_status_and_urgency_with_frozen_time(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    with time_machine.travel(datetime(2026, 12, 23, 10, 0, tzinfo=AMS), tick=False):
        normal = make_signal(reporter, urgency="normal")
        acute = make_signal(reporter, urgency="acute")
        assert normal.deadline == date(2026, 12, 28)  # received: 2 working days over Christmas
        assert acute.deadline == date(2026, 12, 23)  # same day
        assert normal.owner == chain_director  # new signals go to the chain director
        transition(actor=chain_director, signal=normal, to_status="triage")
        assert normal.deadline == date(2026, 12, 29)  # triage: 3 working days
    with time_machine.travel(datetime(2027, 1, 8, 9, 0, tzinfo=AMS), tick=False):
        assert punctuality(normal) == "very_late"
        assert punctuality(acute) == "very_late"
    # On 4 January: the triage deadline (29 Dec) is 3 working days past, the acute one (23 Dec) 6.
    with time_machine.travel(datetime(2027, 1, 4, 9, 0, tzinfo=AMS), tick=False):
        assert punctuality(normal) == "late"
        assert punctuality(acute) == "very_late"
        body = verified_client(chain_director).get("/signalen/", {"punctuality": "late"}).content.decode()
        assert normal.reference in body and acute.reference not in body
        body = verified_client(chain_director).get("/signalen/", {"punctuality": "very_late"}).content.decode()
        assert acute.reference in body and normal.reference not in body


def test_history_is_append_only(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    transition(actor=chain_director, signal=signal, to_status="triage")
    change = SignalStatusChange.objects.get()
    change.reason = "edited"
    with pytest.raises(PermissionError):
        change.save()


# --- routing rules ---------------------------------------------------------------------------
def _names(signal: Signal) -> set[str]:
    return {s.partner.short_name for s in routing.suggest_partners(signal)}


def test_every_shipped_routing_rule(make_user: Callable[..., User]) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    assert RoutingRule.objects.count() == 9
    assert _names(make_signal(reporter, forms=["unknown"], urgency="acute")) == {"Politie"}
    assert _names(make_signal(reporter, forms=["unknown"], minor_involved="yes")) == {"Veilig Thuis"}
    assert _names(make_signal(reporter, forms=["labour"])) == {"NLA"}
    assert _names(make_signal(reporter, forms=["serious_disadvantage"])) == {"NLA"}
    perpetrator = make_signal(reporter, forms=["unknown"], entities=[person(role="possible_perpetrator", name="X Y")])
    assert _names(perpetrator) == {"RIEC"}
    facilitator = make_signal(reporter, forms=["unknown"], entities=[person(role="facilitator", name="X Z")])
    assert _names(facilitator) == {"RIEC"}
    victim = make_signal(reporter, forms=["unknown"], entities=[person(role="possible_victim", name="V W")])
    assert _names(victim) == {"ZVH", "Moviera"}
    assert _names(make_signal(reporter, forms=["sexual"])) == {"Politie"}
    assert _names(make_signal(reporter, forms=["criminal"])) == {"Politie"}
    assert _names(make_signal(reporter, forms=["unknown"])) == set()


def test_first_matching_rule_gives_the_purpose_and_stop_ends_the_route(make_user: Callable[..., User]) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    signal = make_signal(reporter, forms=["sexual"], urgency="acute", minor_involved="yes")
    suggestions = routing.suggest_partners(signal)
    police = next(s for s in suggestions if s.partner.short_name == "Politie")
    assert police.rule.order == 10 and police.legal_basis.code == "vitaal-belang"
    assert [s.partner.short_name for s in suggestions] == ["Politie", "Veilig Thuis"]
    RoutingRule.objects.filter(order=10).update(stop=True)
    assert _names(signal) == {"Politie"}


def test_admin_tests_a_rule_with_a_sample_signal(admin_user_: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"), forms=["labour"])
    body = (
        verified_client(admin_user_)
        .get("/beheer/routing/routingrule/test/", {"signal": signal.reference})
        .content.decode()
    )
    assert 'data-testid="rule-30">ja' in body and 'data-testid="rule-60">nee' in body


# --- shares and need-to-know ---------------------------------------------------------------------
SECRET_NARRATIVE = "GEHEIM-VERHAAL-7781"
VICTIM_NAME = "Olena Geheimenko"
PERP_NAME = "Dader Zichtbaar"


def _shared_signal(chain_director: User, reporter: User) -> Signal:
    signal = make_signal(
        reporter,
        forms=["labour"],
        narrative=SECRET_NARRATIVE,
        entities=[
            person(role="possible_victim", name=VICTIM_NAME),
            person(role="possible_perpetrator", name=PERP_NAME),
            phone("06-41234567"),
        ],
    )
    transition(actor=chain_director, signal=signal, to_status="triage")
    transition(actor=chain_director, signal=signal, to_status="verification")
    return signal


def _basis(code: str = "aangifte-melding-politie") -> LegalBasis:
    return LegalBasis.objects.get(code=code)


def test_partners_see_only_their_share_and_only_its_parts(
    chain_director: User, police_user: User, moviera_user: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    nla_user = make_user(Role.PARTNER_USER, "Nederlandse Arbeidsinspectie")
    signal = _shared_signal(chain_director, reporter)
    org = Organisation.objects.get
    to_police = routing.share_create(
        actor=chain_director, signal=signal, partner=org(short_name="Politie"), purpose="Beoordeling",
        legal_basis=_basis(), parts=["location", "assessment", "persons"],
    )  # fmt: skip
    to_nla = routing.share_create(
        actor=chain_director, signal=signal, partner=org(short_name="NLA"), purpose="Onderzoek",
        legal_basis=_basis("arbeidsinspectie"), parts=["narrative", "details"],
    )  # fmt: skip
    to_moviera = routing.share_create(
        actor=chain_director, signal=signal, partner=org(short_name="Moviera"), purpose="Zorg",
        legal_basis=_basis("wgs-zvh"), parts=["victim_identity"],
    )  # fmt: skip
    signal.refresh_from_db()
    assert signal.status == "shared" and signal.verified_at is not None
    police = verified_client(police_user)
    page = police.get(f"/gedeeld/{to_police.uuid}/")
    body = page.content.decode()
    assert page.status_code == 200 and PERP_NAME in body
    for withheld in (SECRET_NARRATIVE, VICTIM_NAME, "+31641234567"):
        assert withheld not in body
    assert police.get(f"/gedeeld/{to_nla.uuid}/").status_code == 404
    assert police.get(f"/gedeeld/{to_moviera.uuid}/").status_code == 404
    assert police.get(f"/signalen/{signal.pk}/").status_code == 404
    listing = police.get("/gedeeld/").content.decode()
    assert str(to_police.uuid) in listing and str(to_nla.uuid) not in listing
    nla_body = verified_client(nla_user).get(f"/gedeeld/{to_nla.uuid}/").content.decode()
    assert (
        SECRET_NARRATIVE in nla_body
        and "+31641234567" in nla_body
        and VICTIM_NAME not in nla_body
        and PERP_NAME not in nla_body
    )
    moviera_body = verified_client(moviera_user).get(f"/gedeeld/{to_moviera.uuid}/").content.decode()
    assert VICTIM_NAME in moviera_body and SECRET_NARRATIVE not in moviera_body


def test_victim_identity_goes_only_to_care_coordination_or_veilig_thuis(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    with pytest.raises(ValidationError) as error:
        routing.share_create(
            actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="Politie"),
            purpose="x", legal_basis=_basis(), parts=["victim_identity"],
        )  # fmt: skip
    assert "zorgcoördinatie of Veilig Thuis" in str(error.value)
    assert not Share.objects.exists()


def test_share_form_errors_are_dutch_and_nothing_is_shared(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    police = Organisation.objects.get(short_name="Politie")
    response = verified_client(chain_director).post(
        f"/signalen/{signal.pk}/delen/",
        {
            "partner": police.pk,
            "purpose": "x",
            "legal_basis": _basis().pk,
            "parts": ["victim_identity"],
            "expires_on": "2099-01-01",
        },
    )
    assert response.status_code == 400
    assert (
        "De identiteit van slachtoffers deel je alleen met zorgcoördinatie of Veilig Thuis."
        in response.content.decode()
    )
    assert not Share.objects.exists()


def test_sharing_before_verification_is_refused(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    with pytest.raises(ValidationError, match="vanaf de verificatie"):
        routing.share_create(
            actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="Politie"),
            purpose="x", legal_basis=_basis(), parts=["location"],
        )  # fmt: skip


def test_partner_acknowledges_asks_and_reports_back(
    chain_director: User, police_user: User, make_user: Callable[..., User]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    share = routing.share_create(
        actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="Politie"),
        purpose="Beoordeling", legal_basis=_basis(), parts=["location"],
    )  # fmt: skip
    police = verified_client(police_user)
    assert police.post(f"/gedeeld/{share.uuid}/", {"action": "acknowledge"}).status_code == 302
    signal.refresh_from_db()
    assert signal.status == "awaiting_feedback"
    police.post(f"/gedeeld/{share.uuid}/", {"action": "question", "text": "Is er een foto van het pand?"})
    bad = police.post(f"/gedeeld/{share.uuid}/", {"action": "feedback", "outcome": "", "text": ""})
    assert bad.status_code == 400 and "Kies…" in bad.content.decode()
    assert (
        police.post(
            f"/gedeeld/{share.uuid}/", {"action": "feedback", "outcome": "investigating", "text": "Zaak geopend."}
        ).status_code
        == 302
    )
    share.refresh_from_db()
    assert share.status == ShareStatus.ANSWERED
    director_page = verified_client(chain_director).get(f"/signalen/{signal.pk}/").content.decode()
    assert (
        "Is er een foto van het pand?" in director_page
        and "Zaak geopend." in director_page
        and "Onderzoek gestart" in director_page
    )
    verified_client(chain_director).post(
        f"/signalen/{signal.pk}/delen/{share.pk}/antwoord/", {"text": "Nee, helaas niet."}
    )
    assert "Nee, helaas niet." in police.get(f"/gedeeld/{share.uuid}/").content.decode()


def test_withdrawn_share_disappears_for_the_partner(
    chain_director: User, police_user: User, make_user: Callable[..., User]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    share = routing.share_create(
        actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="Politie"),
        purpose="x", legal_basis=_basis(), parts=["location"],
    )  # fmt: skip
    verified_client(chain_director).post(f"/signalen/{signal.pk}/delen/{share.pk}/intrekken/")
    assert verified_client(police_user).get(f"/gedeeld/{share.uuid}/").status_code == 404


# --- notifications ---------------------------------------------------------------------------------
def test_share_notifies_the_partner_mailbox_without_personal_data(
    chain_director: User, make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        routing.share_create(
            actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="NLA"),
            purpose="Onderzoek", legal_basis=_basis("arbeidsinspectie"), parts=["narrative"],
        )  # fmt: skip
    assert [m.to for m in mail.outbox] == [["nla@arbeidsinspectie.example"]]
    message = mail.outbox[0]
    for withheld in (SECRET_NARRATIVE, VICTIM_NAME, PERP_NAME, "0641234567"):
        assert withheld not in message.body and withheld not in message.subject
    assert "/gedeeld/" in message.body
    assert Notification.objects.get().status == NotificationStatus.SENT


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=1, EMAIL_TIMEOUT=2
)
def test_failed_delivery_is_retried_then_visible(admin_user_: User) -> None:
    from schakel.routing.notifications import MAX_ATTEMPTS, notify

    notification = notify(recipient="someone@example.nl", subject="s", body="b", kind="test")
    assert notification is not None
    statuses = [deliver(notification.pk) for _ in range(MAX_ATTEMPTS)]
    assert statuses == [NotificationStatus.PENDING] * (MAX_ATTEMPTS - 1) + [NotificationStatus.FAILED]
    notification.refresh_from_db()
    assert notification.attempts == MAX_ATTEMPTS and notification.last_error == "ConnectionRefusedError"
    client = verified_client(admin_user_)
    assert "1 notificatie kon niet worden verstuurd" in client.get("/").content.decode()
    assert "someone@example.nl" in client.get("/beheer/routing/notification/?status__exact=failed").content.decode()


def test_daily_reminder_counts_overdue_signals_per_owner(chain_director: User, make_user: Callable[..., User]) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=AMS), tick=False):
        make_signal(reporter)
        make_signal(reporter)
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=AMS), tick=False):
        make_signal(reporter)  # not overdue yet
        assert routing.send_daily_reminders() == 1
    reminder = Notification.objects.get(kind="daily_reminder")
    assert reminder.recipient == chain_director.email and "2 signaal/signalen" in reminder.body


# --- the chain director's home -----------------------------------------------------------------------
def test_home_shows_new_overdue_awaiting_verified_and_median(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    with time_machine.travel(datetime(2026, 11, 2, 9, 0, tzinfo=AMS), tick=False):
        old = make_signal(reporter)
        verified = make_signal(reporter)
        transition(actor=chain_director, signal=verified, to_status="triage")
        transition(actor=chain_director, signal=verified, to_status="verification")
    with time_machine.travel(datetime(2026, 11, 6, 9, 0, tzinfo=AMS), tick=False):
        transition(actor=chain_director, signal=verified, to_status="closed", outcome="unfounded")
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=AMS), tick=False):
        make_signal(reporter)
        body = verified_client(chain_director).get("/").content.decode()
    assert old.status == "received"
    assert 'data-testid="stat-new">2<' in body
    assert 'data-testid="stat-overdue">1<' in body
    assert 'data-testid="stat-verified">33%<' in body
    assert 'data-testid="stat-median">4,0<' in body


# --- the partner API for shares ------------------------------------------------------------------------
def test_partner_api_lists_reads_acknowledges_and_reports_back(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    police_org = Organisation.objects.get(short_name="Politie")
    share = routing.share_create(
        actor=chain_director, signal=signal, partner=police_org, purpose="Beoordeling",
        legal_basis=_basis(), parts=["location", "persons"],
    )  # fmt: skip
    to_nla = routing.share_create(
        actor=chain_director, signal=signal, partner=Organisation.objects.get(short_name="NLA"), purpose="Onderzoek",
        legal_basis=_basis("arbeidsinspectie"), parts=["narrative"],
    )  # fmt: skip
    token = api_client_create(organisation=police_org, name="BVH")[1]
    auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
    client = Client()
    listing = client.get("/api/v1/shares/", **auth)
    assert [row["id"] for row in listing.json()] == [str(share.uuid)]
    detail = client.get(f"/api/v1/shares/{share.uuid}/", **auth)
    text = detail.content.decode()
    assert (
        PERP_NAME in text
        and SECRET_NARRATIVE not in text
        and VICTIM_NAME not in text
        and "narrative" not in detail.json()
    )
    assert client.get(f"/api/v1/shares/{to_nla.uuid}/", **auth).status_code == 404
    assert (
        client.post(
            f"/api/v1/shares/{to_nla.uuid}/feedback/",
            json.dumps({"outcome": "no_action", "text": "x"}),
            content_type="application/json",
            **auth,
        ).status_code
        == 404
    )
    assert client.post(f"/api/v1/shares/{share.uuid}/acknowledge/", **auth).json()["status"] == "acknowledged"
    bad = client.post(
        f"/api/v1/shares/{share.uuid}/feedback/",
        json.dumps({"outcome": "maybe"}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 400 and {e["field"] for e in bad.json()["errors"]} == {"outcome", "text"}
    good = client.post(
        f"/api/v1/shares/{share.uuid}/feedback/",
        json.dumps({"outcome": "investigating", "text": "Opgepakt."}),
        content_type="application/json",
        **auth,
    )
    assert good.status_code == 201 and good.json()["status"] == "answered"


def test_overdue_and_with_partner_filters_match_the_home_figures(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    reporter = make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken")
    with time_machine.travel(datetime(2026, 10, 1, 9, 0, tzinfo=AMS), tick=False):
        very_late = make_signal(reporter)
    with time_machine.travel(datetime(2026, 11, 16, 9, 0, tzinfo=AMS), tick=False):
        late = make_signal(reporter)
        shared = _shared_signal(chain_director, reporter)
        routing.share_create(
            actor=chain_director, signal=shared, partner=Organisation.objects.get(short_name="Politie"),
            purpose="x", legal_basis=_basis(), parts=["location"],
        )  # fmt: skip
    with time_machine.travel(datetime(2026, 11, 20, 9, 0, tzinfo=AMS), tick=False):
        client = verified_client(chain_director)
        overdue = client.get("/signalen/", {"punctuality": "overdue"}).content.decode()
        assert very_late.reference in overdue and late.reference in overdue
        with_partners = client.get("/signalen/", {"status": "with_partners"}).content.decode()
        assert shared.reference in with_partners and late.reference not in with_partners


def test_notification_without_recipient_is_visible_as_failed(
    chain_director: User, make_user: Callable[..., User]
) -> None:
    organisation = Organisation.objects.get(short_name="NLA")
    organisation.contact_mailbox = ""
    organisation.save()
    signal = _shared_signal(chain_director, make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    routing.share_create(
        actor=chain_director, signal=signal, partner=organisation, purpose="x",
        legal_basis=_basis("arbeidsinspectie"), parts=["location"],
    )  # fmt: skip
    failed = Notification.objects.get(kind="share_created")
    assert failed.status == NotificationStatus.FAILED and "no recipient" in failed.last_error


def test_reference_search_respects_the_year(chain_director: User, make_user: Callable[..., User]) -> None:
    signal = make_signal(make_user(Role.INTERNAL_LIAISON, "Gemeente Arnhem – Burgerzaken"))
    client = verified_client(chain_director)
    assert signal.reference in client.get("/signalen/", {"q": signal.reference}).content.decode()
    wrong_year = signal.reference.replace(f"SG-{signal.received_at:%Y}", "SG-1999")
    assert "Geen signalen gevonden." in client.get("/signalen/", {"q": wrong_year}).content.decode()
