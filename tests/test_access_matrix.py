"""A generated access matrix: every role against every named URL of Schakel and its API.

The URL list is not written by hand: ``named_urls()`` walks the project's URL resolver and
every named pattern of a Schakel app or the API must be classified in ``MATRIX`` below. A new
URL without an entry fails ``test_every_url_is_classified`` with the message to classify it.

Classifications:

- ``Record``: a page, download or action on ONE record. Its factory builds (or reuses) the
  record for a scope and the viewing role and returns the URL kwargs:
    * ``own``   – a record of the viewer's own organisation (reported by them, shared with
                  their organisation, ...);
    * ``other`` – a record of another organisation in the same municipality (NLA);
    * ``none``  – a record of no organisation (an anonymous report on the public page).
  Per scope the entry lists the roles that may see it: they get 200 (or, for a POST action,
  anything but 404/5xx); every other role gets a 404, never a 403.
- ``Page``: a list, dashboard or form without one record: the listed roles get 200, others 404.
- ``ApiRecord``: an API endpoint on one record, authenticated with an organisation token: the
  token of the owning organisation gets 2xx, another organisation's token 404.
- ``Open``: reachable without need-to-know (public page, sign-in, one's own account, health,
  the API schema); the reason says why and where it is tested.

Adding an app (cases, enforcement, care, prevention, privacy): add one entry per URL name,
with a factory ``(world, scope, role) -> kwargs`` that creates the app's object for that
scope (``world.org_of(role)`` and ``world.user_for(role)`` give the owner; ``world.signal``
gives a signal of the scope to hang the object on). Return ``None`` when a scope cannot exist
for that role; it is then skipped for that role.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from schakel.accounts.models import User
from schakel.accounts.roles import Role
from schakel.signals.models import Signal
from tests.conftest import verified_client
from tests.matrix import care, cases, enforcement, prevention, privacy
from tests.matrix.base import (
    ALL,
    DIRECTOR,
    ENTITY_RECORD,
    NOBODY,
    PARTNERS,
    REPORTERS,
    ROLES,
    SCOPES,
    SIGNAL_RECORD,
    ApiRecord,
    Open,
    Page,
    Record,
    World,
    _api_share,
    _api_signal,
    _attachment,
    _entity,
    _place,
    _share,
    _share_attachment,
    _share_on_signal,
    _signal,
    _suggestion,
    url_of,
)  # fmt: skip

pytestmark = pytest.mark.django_db

MATRIX: dict[str, Record | Page | ApiRecord | Open] = {
    # --- signals ----------------------------------------------------------------------------
    "signals:list": Page(REPORTERS),
    "signals:new": Page(REPORTERS),
    "signals:detail": Record(_signal, **SIGNAL_RECORD),
    "signals:received": Record(_signal, **SIGNAL_RECORD),
    "signals:add_entities": Record(_signal, DIRECTOR, DIRECTOR, DIRECTOR),
    "signals:attachment": Record(_attachment, **SIGNAL_RECORD),
    "signals:transition": Record(_signal, DIRECTOR, DIRECTOR, DIRECTOR, method="post", data={"to_status": "x"}),
    "signals:triage": Record(_signal, DIRECTOR, DIRECTOR, DIRECTOR, method="post"),
    "signals:close": Record(_signal, DIRECTOR, DIRECTOR, DIRECTOR, method="post"),
    "signals:share": Record(_signal, DIRECTOR, DIRECTOR, DIRECTOR, method="post", data={"partner": "1"}),
    "signals:share_answer": Record(_share_on_signal, DIRECTOR, DIRECTOR, None, method="post"),
    "signals:share_withdraw": Record(_share_on_signal, DIRECTOR, DIRECTOR, None, method="post"),
    # --- routing (shares) -------------------------------------------------------------------
    "routing:share_list": Page(PARTNERS),
    "routing:share_detail": Record(_share, PARTNERS, NOBODY, None),
    "routing:share_attachment": Record(_share_attachment, PARTNERS, NOBODY, None),
    # --- entities ---------------------------------------------------------------------------
    "entities:detail": Record(_entity, **ENTITY_RECORD),
    "entities:network": Record(_entity, **ENTITY_RECORD),
    "entities:open_links": Page(DIRECTOR),
    "entities:decide": Record(_suggestion, DIRECTOR, NOBODY, None, method="post", data={"decision": "confirmed"}),
    "entities:place": Record(_place, **ENTITY_RECORD),
    "entities:place_network": Record(_place, **ENTITY_RECORD),
    # --- monitoring (aggregates only, no records) -------------------------------------------
    "monitoring:dashboard": Page(frozenset({Role.CHAIN_DIRECTOR, Role.ANALYST})),
    "monitoring:plan": Page(frozenset({Role.CHAIN_DIRECTOR, Role.ANALYST})),
    "monitoring:export": Page(
        frozenset({Role.CHAIN_DIRECTOR, Role.ANALYST}), kwargs=lambda w: {"table": "district", "fmt": "csv"}
    ),
    # --- audit and accounts ----------------------------------------------------------------
    "audit:event_list": Page(frozenset({Role.AUDITOR})),
    "accounts:liaison_list": Page(frozenset({Role.CHAIN_DIRECTOR, Role.FUNCTIONAL_ADMIN})),
    "accounts:organisation_list": Page(ALL),
    "accounts:organisation_detail": Page(ALL, kwargs=lambda w: {"pk": w.other_user.organisation_id}),
    "accounts:login": Open("sign-in flow; tests/test_auth.py"),
    "accounts:second_factor": Open("sign-in flow; tests/test_auth.py"),
    "accounts:enrol": Open("sign-in flow; tests/test_auth.py"),
    "accounts:recovery_codes": Open("the signed-in user's own codes; tests/test_auth.py"),
    "accounts:recovery_codes_new": Open("the signed-in user's own codes; tests/test_auth.py"),
    "accounts:account": Open("the signed-in user's own account; tests/test_auth.py"),
    "accounts:logout": Open("signing out"),
    "accounts:logout_everywhere": Open("signing out"),
    "core:home": Open("start page per role, no records; tests/test_foundation.py"),
    "core:accessibility": Open("public accessibility statement"),
    "core:health": Open("liveness probe, no data"),
    "core:ready": Open("readiness probe, no data"),
    "set_language": Open("language switch, no data"),
    # --- public page (anonymous by design; tests/test_public.py) ----------------------------
    "public:report": Open("anonymous public reporting page"),
    "public:report_lang": Open("anonymous public reporting page"),
    "public:follow_up": Open("anonymous follow-up, authorised by the receipt code"),
    "public:follow_up_lang": Open("anonymous follow-up, authorised by the receipt code"),
    # --- partner API (organisation token) -------------------------------------------------
    "api:signal-list": Open("lists only the token's organisation's signals; tests/test_api.py"),
    "api:share-list": Open("lists only the token's organisation's shares; tests/test_api.py"),
    "api:schema": Open("OpenAPI schema, no data"),
    "api:docs": Open("Swagger UI, no data"),
    "api:signal-detail": ApiRecord(_api_signal),
    "api:share-detail": ApiRecord(_api_share),
    "api:share-acknowledge": ApiRecord(_api_share, method="post"),
    "api:share-feedback": ApiRecord(_api_share, method="post", data={"outcome": "investigating", "text": "x"}),
}
for _fragment in (cases, enforcement, care, prevention, privacy):
    assert not set(_fragment.ENTRIES) & set(MATRIX), f"{_fragment.__name__} classifies a URL twice"
    MATRIX.update(_fragment.ENTRIES)


def named_urls() -> Iterator[tuple[str, URLPattern]]:
    """Every named URL pattern of a Schakel app or the API (the Django admin is left out:
    it has no need-to-know data and is guarded by Django's own staff permissions)."""

    def walk(patterns: list[Any], namespace: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner or namespace)
            elif pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                module = getattr(pattern.callback, "__module__", "")
                if namespace == "admin":
                    continue
                if module.startswith("schakel.") or namespace == "api" or name == "set_language":
                    yield name, pattern

    yield from walk(get_resolver().url_patterns, "")


def test_every_url_is_classified() -> None:
    names = {name for name, _pattern in named_urls()}
    unclassified = sorted(names - set(MATRIX))
    assert not unclassified, (
        f"Classify these URLs in MATRIX in tests/test_access_matrix.py (who may see own, other and "
        f"no-organisation records): {unclassified}"
    )
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"MATRIX entries for URLs that no longer exist: {stale}"


@pytest.fixture
def world(make_user: Callable[..., User]) -> World:
    return World(make_user)


def _request(client: Client, method: str, url: str, data: dict[str, Any]) -> int:
    if method == "get":
        return client.get(url).status_code
    return client.post(url, data).status_code


def _check(status: int, allowed: bool, method: str, where: tuple[object, ...]) -> None:
    assert status < 500, where
    if not allowed:
        assert status == 404, (*where, status, "must be 404")
    elif method == "get":
        assert status == 200, (*where, status, "must be 200")
    else:
        assert status != 404, (*where, status, "allowed action answered 404")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_exactly_its_pages_and_records(role: str, world: World) -> None:
    client = verified_client(world.user_for(role))
    checked = 0
    actions: list[tuple[str, Record, str, dict[str, Any]]] = []
    for name, entry in MATRIX.items():
        if isinstance(entry, Page):
            url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)
            _check(client.get(url).status_code, role in entry.allowed, "get", (role, name))
            checked += 1
        elif isinstance(entry, Record):
            for scope in SCOPES:
                allowed_roles = getattr(entry, scope)
                if allowed_roles is None:
                    continue
                kwargs = entry.factory(world, scope, role)
                if kwargs is None:
                    continue
                if entry.method == "get":
                    status = client.get(url_of(name, kwargs)).status_code
                    _check(status, role in allowed_roles, "get", (role, name, scope))
                    checked += 1
                else:
                    actions.append((name, entry, scope, kwargs))
    # State-changing actions last, so they cannot change what the reads above see.
    for name, entry, scope, kwargs in actions:
        allowed_roles = getattr(entry, scope)
        status = _request(client, entry.method, url_of(name, kwargs), entry.data)
        _check(status, role in allowed_roles, entry.method, (role, name, scope))
        checked += 1
    assert checked >= 30


def test_api_records_are_404_for_another_organisations_token(world: World) -> None:
    for name, entry in MATRIX.items():
        if not isinstance(entry, ApiRecord):
            continue
        for scope in ("other", "own"):
            kwargs = entry.factory(world, "own" if scope == "own" else "other")
            # The Politie token asks for its own record, then for NLA's.
            auth = {"HTTP_AUTHORIZATION": f"Token {world.token('own')}"}
            url = reverse(name, kwargs=kwargs)
            if entry.method == "get":
                response = Client().get(url, **auth)
            else:
                response = Client().post(url, json.dumps(entry.data), content_type="application/json", **auth)
            if scope == "own":
                assert 200 <= response.status_code < 300, (name, response.status_code)
            else:
                assert response.status_code == 404, (name, response.status_code)


def test_a_partner_of_another_organisation_gets_404_on_every_record(world: World) -> None:
    client = verified_client(world.other_user)
    for name, entry in MATRIX.items():
        if not isinstance(entry, Record):
            continue
        kwargs = entry.factory(world, "own", Role.CHAIN_DIRECTOR) or entry.factory(world, "none", Role.CHAIN_DIRECTOR)
        if kwargs is None:
            continue
        assert _request(client, entry.method, url_of(name, kwargs), entry.data) == 404, name
    assert "Olena" not in client.get("/signalen/").content.decode()


def test_anonymous_users_are_sent_to_sign_in_and_the_api_refuses_sessions(world: World) -> None:
    for name, entry in MATRIX.items():
        if isinstance(entry, Page):
            url = reverse(name, kwargs=entry.kwargs(world) if entry.kwargs else None)
        elif isinstance(entry, Record) and entry.method == "get":
            kwargs = entry.factory(world, "none", Role.CHAIN_DIRECTOR) or entry.factory(world, "own", Role.PARTNER_USER)
            if kwargs is None:
                continue
            url = url_of(name, kwargs)
        else:
            continue
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/aanmelden/"), name
    for url in ("/api/v1/signals/", "/api/v1/shares/"):
        assert verified_client(world.director).get(url).status_code == 401


def test_workflow_actions_change_nothing_for_other_roles(world: World) -> None:
    signal = world.signal("none", "")
    before = list(Signal.objects.values_list("pk", "status").order_by("pk"))
    for role in ROLES:
        if role == Role.CHAIN_DIRECTOR:
            continue
        client = verified_client(world.user_for(role))
        for name in ("signals:transition", "signals:close", "signals:share"):
            entry = MATRIX[name]
            assert isinstance(entry, Record)
            assert client.post(reverse(name, kwargs={"pk": signal.pk}), entry.data).status_code == 404
    assert list(Signal.objects.values_list("pk", "status").order_by("pk")) == before
