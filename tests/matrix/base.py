"""The building blocks of the access matrix (tests/test_access_matrix.py): the lazily built
records of one test (``World``), the entry kinds and the factories of the core apps.

App fragments (``tests/matrix/<app>.py``) each export ``ENTRIES`` for their URL names and may
keep their objects in ``world.cache``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from schakel.accounts.models import Organisation, OrganisationType, User
from schakel.accounts.roles import Role
from schakel.entities.models import LinkSuggestion
from schakel.entities.services import link_signal
from schakel.routing import services as routing
from schakel.routing.models import LegalBasis, Share
from schakel.signals import entities as e
from schakel.signals.api import api_client_create
from schakel.signals.models import Channel, Signal, SignalAttachment, SignalEntity
from schakel.signals.services import _store_attachment
from schakel.signals.workflow import transition
from tests.conftest import ALL_ROLE_ORGS, make_signal

ROLES = list(ALL_ROLE_ORGS)
DIRECTOR = frozenset({Role.CHAIN_DIRECTOR})
NOBODY: frozenset[str] = frozenset()
ALL = frozenset(ROLES)
OTHER_ORG = "Nederlandse Arbeidsinspectie"
SCOPES = ("own", "other", "none")


class World:
    """The records of one test, built lazily per scope and role."""

    def __init__(self, make_user: Callable[..., User]) -> None:
        self.users = {role: make_user(role, org) for role, org in ALL_ROLE_ORGS.items()}
        self.other_user = make_user(Role.PARTNER_USER, OTHER_ORG)
        self.director = self.users[Role.CHAIN_DIRECTOR]
        self._signals: dict[tuple[str, str], Signal] = {}
        self._shares: dict[tuple[str, str], Share | None] = {}
        self._tokens: dict[str, str] = {}
        self.cache: dict[Any, Any] = {}  # app fragments keep their objects here

    def user_for(self, role: str) -> User:
        return self.users[role]

    def org_of(self, role: str) -> Organisation:
        organisation = self.users[role].organisation
        assert organisation is not None
        return organisation

    # --- signals ---------------------------------------------------------------------------
    def signal(self, scope: str, role: str) -> Signal:
        """own: reported by the viewer; other: reported by NLA; none: anonymous public report."""
        key = (scope, role if scope == "own" else "")
        if key not in self._signals:
            reporter: User | None = (
                self.users[role] if scope == "own" else (self.other_user if scope == "other" else None)
            )
            if reporter is None:
                channel = Channel.PUBLIC
            elif reporter.organisation and reporter.organisation.type == OrganisationType.MUNICIPALITY_DEPARTMENT:
                channel = Channel.INTERNAL
            else:
                channel = Channel.PARTNER
            signal = make_signal(
                reporter,
                channel=channel,
                entities=[e.person(role="possible_victim", name="Olena Testenko"), e.phone("06-41234567")],
            )
            buffer = io.BytesIO()
            Image.new("RGB", (2, 2)).save(buffer, "PNG")
            _store_attachment(signal, SimpleUploadedFile("a.png", buffer.getvalue(), "image/png"))
            self._signals[key] = signal
        return self._signals[key]

    def attachment(self, scope: str, role: str) -> SignalAttachment:
        return self.signal(scope, role).attachments.get()

    def entity(self, scope: str, role: str, kind: str = "phone") -> SignalEntity:
        return self.signal(scope, role).entities.get(kind=kind)

    # --- shares ----------------------------------------------------------------------------
    def share(self, scope: str, role: str) -> Share | None:
        """own: shared with the viewer's organisation; other: shared with NLA (no 'none')."""
        if scope == "none":
            return None
        partner = self.org_of(role) if scope == "own" else self.other_user.organisation
        assert partner is not None
        key = (scope, partner.name)
        if key not in self._shares:
            signal = self.signal("other", "")
            if signal.status == "received":
                transition(actor=self.director, signal=signal, to_status="triage")
                transition(actor=self.director, signal=signal, to_status="verification")
            try:
                self._shares[key] = routing.share_create(
                    actor=self.director, signal=signal, partner=partner, purpose="matrix",
                    legal_basis=LegalBasis.objects.get(code="aangifte-melding-politie"),
                    parts=["narrative", "location", "attachments"],
                )  # fmt: skip
            except ValidationError:
                self._shares[key] = None  # this organisation is no chain partner: no such share
        return self._shares[key]

    def suggestion(self) -> LinkSuggestion:
        if not LinkSuggestion.objects.exists():
            self.signal("other", "")
            self.signal("none", "")
            for signal in Signal.objects.all():
                link_signal(signal.pk)
        return LinkSuggestion.objects.order_by("pk").first()  # type: ignore[return-value]

    def token(self, scope: str) -> str:
        name = "Politie" if scope == "own" else "NLA"
        if name not in self._tokens:
            self._tokens[name] = api_client_create(organisation=Organisation.objects.get(short_name=name), name="m")[1]
        return self._tokens[name]


Factory = Callable[[World, str, str], dict[str, Any] | None]


@dataclass(frozen=True)
class Record:
    factory: Factory
    own: frozenset[str]
    other: frozenset[str]
    none: frozenset[str] | None  # None: records of no organisation do not exist here
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]] | None = None


@dataclass(frozen=True)
class ApiRecord:
    factory: Callable[[World, str], dict[str, Any]]
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Open:
    reason: str


def _signal(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": world.signal(scope, role).pk}


def _attachment(world: World, scope: str, role: str) -> dict[str, Any]:
    attachment = world.attachment(scope, role)
    return {"pk": attachment.signal_id, "attachment_pk": attachment.pk}


def _entity(world: World, scope: str, role: str) -> dict[str, Any]:
    return {"pk": world.entity(scope, role).pk}


def _place(world: World, scope: str, role: str) -> dict[str, Any]:
    """A place (an address key, named in the query) with the scope's signal located there.

    Each scope and viewer has an address of its own, so no other signal makes it visible.
    """
    key = (scope, role if scope == "own" else "")
    places = world.cache.setdefault("places", {})
    if key not in places:
        signal = world.signal(scope, role)
        number = 100 + len(places)
        Signal.objects.filter(pk=signal.pk).update(
            street="Matrixstraat", house_number=number, postcode="6811AA", address_key=f"6811AA:{number}"
        )
        places[key] = f"6811AA:{number}"
    return {QUERY: {"adres": places[key]}}


# A factory's kwargs may carry a query under this key; see url_of().
QUERY = "?"


def url_of(name: str, kwargs: dict[str, Any] | None) -> str:
    """The URL of a named pattern for a factory's kwargs, with their query if any."""
    kwargs = dict(kwargs or {})
    query = kwargs.pop(QUERY, None)
    url = reverse(name, kwargs=kwargs or None)
    return f"{url}?{urlencode(query)}" if query else url


def _share(world: World, scope: str, role: str) -> dict[str, Any] | None:
    share = world.share(scope, role)
    return {"uuid": share.uuid} if share else None


def _share_attachment(world: World, scope: str, role: str) -> dict[str, Any] | None:
    share = world.share(scope, role)
    return {"uuid": share.uuid, "attachment_pk": share.signal.attachments.get().pk} if share else None


def _share_on_signal(world: World, scope: str, role: str) -> dict[str, Any] | None:
    # The chain director's actions on a share: the share belongs to the signal's municipality.
    share = world.share("other", role)
    return {"pk": share.signal_id, "share_pk": share.pk} if share else None


def _suggestion(world: World, scope: str, role: str) -> dict[str, Any] | None:
    return {"pk": world.suggestion().pk} if scope == "own" else None


def _api_share(world: World, scope: str) -> dict[str, Any]:
    share = world.share("own", Role.PARTNER_USER) if scope == "own" else world.share("other", Role.PARTNER_USER)
    assert share is not None
    return {"uuid": share.uuid}


def _api_signal(world: World, scope: str) -> dict[str, Any]:
    body = {"narrative": "Matrix", "forms": ["labour"]}
    response = Client().post(
        "/api/v1/signals/", json.dumps(body), content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {world.token(scope)}",
    )  # fmt: skip
    return {"uuid": response.json()["id"]}


# Roles that may read a signal they reported themselves (partners only via the partner door).
REPORTERS = frozenset(
    {Role.CHAIN_DIRECTOR, Role.INTERNAL_LIAISON, Role.PARTNER_USER, Role.CARE_COORDINATOR, Role.INSPECTOR}
)
# Who reads a signal: the chain director (whole municipality) and its reporter.
SIGNAL_RECORD = {"own": REPORTERS, "other": DIRECTOR, "none": DIRECTOR}
# Entities and their network follow the signal they were reported in.
ENTITY_RECORD = SIGNAL_RECORD
PARTNERS = frozenset({Role.PARTNER_USER, Role.CARE_COORDINATOR})
