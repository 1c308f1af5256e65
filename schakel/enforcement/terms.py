"""Terms of the administrative-measure workflow and the year plan for inspections.

These are the defaults of the General Administrative Law Act (Awb) as Arnhem applies them;
they are data, not logic: the deadline of a step is the day the step is entered plus its
term. Documented in docs/adr/0013-premises-inspections-measures.md.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

# Status → (term in days, what must happen by the deadline). No entry: no deadline.
MEASURE_TERMS: dict[str, tuple[int, object]] = {
    # Intention sent: the party may give its view (zienswijze), usually within two weeks.
    "intention": (14, _("zienswijze indienen")),
    # View heard: decide within eight weeks (Awb 4:13, reasonable term).
    "view_heard": (56, _("besluit nemen")),
    # Decision announced: six weeks to object (Awb 6:7).
    "decision": (42, _("bezwaartermijn verloopt")),
    # Objection lodged: decide within twelve weeks (Awb 7:10, six weeks plus six with an advisory committee).
    "objection": (84, _("beslissen op bezwaar")),
    # Appeal lodged with the court: the court sets its own pace, so no deadline here.
}


def measure_deadline(status: str, entered_on: date) -> date | None:
    """The deadline of a step entered on ``entered_on``; calendar days, as the Awb counts."""
    term = MEASURE_TERMS.get(status)
    return entered_on + timedelta(days=term[0]) if term else None


# The plan 2023–2026: minimum numbers of inspections per calendar year.
PLAN_INTEGRAL_CONTROLS = 2
PLAN_BUILDING_ACTIONS = 6
