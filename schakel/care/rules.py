"""The care trajectory's rules in one place: allowed steps, CoMensha consent, reminder days.

Laws and covenants change, so each rule is a table or a short function here, named in
docs/adr/0014-victim-care.md.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from schakel.care.models import ComenshaReporter, TrajectoryStatus

T = TrajectoryStatus

#: The steps a trajectory may move between. Steps are entered by recording what happened
#: (the CoMensha registration, the start of the B8 period, the decision); closing needs an outcome.
TRANSITIONS: dict[str, set[str]] = {
    T.REFERRED: {T.COMENSHA, T.REFLECTION, T.SUPPORT, T.CLOSED},
    T.COMENSHA: {T.REFLECTION, T.SUPPORT, T.CLOSED},
    T.REFLECTION: {T.SUPPORT, T.CLOSED},
    T.SUPPORT: {T.CLOSED},
    T.CLOSED: {T.SUPPORT},  # reopening, with a reason
}

#: The order of the steps, for "move forward only" when a step is recorded.
ORDER = [T.REFERRED, T.COMENSHA, T.REFLECTION, T.SUPPORT, T.CLOSED]


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, set())


def is_forward(from_status: str, to_status: str) -> bool:
    return ORDER.index(T(to_status)) > ORDER.index(T(from_status))


#: Organisations that must register presumed victims with CoMensha by law, without consent.
#: Every other reporter (the care coordinator included) needs the victim's consent.
CONSENT_EXEMPT_REPORTERS: frozenset[str] = frozenset(
    {ComenshaReporter.POLICE, ComenshaReporter.KMAR, ComenshaReporter.LABOUR_INSPECTORATE}
)


def comensha_consent_required(reporter: str) -> bool:
    """Whether registering with CoMensha needs the victim's consent.

    Police, KMar and the Labour Inspectorate have a duty to report presumed victims; any
    other reporter may register only with the victim's consent.
    """
    return reporter not in CONSENT_EXEMPT_REPORTERS


#: Days before the end of a B8 period on which the care coordinators are reminded.
DEFAULT_REMINDER_DAYS: tuple[int, ...] = (14, 3)


def reminder_days() -> tuple[int, ...]:
    """The configured reminder days, largest first (``SCHAKEL_CARE_REMINDER_DAYS`` in settings)."""
    configured: Iterable[int] = getattr(settings, "SCHAKEL_CARE_REMINDER_DAYS", DEFAULT_REMINDER_DAYS)
    return tuple(sorted({int(day) for day in configured if int(day) >= 0}, reverse=True))
