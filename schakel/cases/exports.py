"""Minutes per partner (the data, a PDF) and the meeting's calendar file.

A partner's minutes hold only the agenda items of cases that partner takes part in, and
only that partner's own new actions; the selectors decide, this module only formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from schakel.accounts.models import Organisation, User
from schakel.cases import selectors
from schakel.cases.models import Action, AgendaItem, Meeting, MeetingAttendee
from schakel.core.pdf import SchakelPDF


@dataclass
class MinutesItem:
    item: AgendaItem
    actions: list[Action] = field(default_factory=list)


@dataclass
class Minutes:
    meeting: Meeting
    organisation: Organisation | None
    attendees: list[MeetingAttendee]
    items: list[MinutesItem]


def minutes_for(*, actor: User, meeting: Meeting, organisation: Organisation | None = None) -> Minutes:
    """The chain director gets the full minutes or, with ``organisation``, that partner's
    version; anyone else always gets their own organisation's version."""
    if not selectors.is_manager(actor):
        organisation = actor.organisation
    items = list(selectors.agenda_items(actor=actor, meeting=meeting, organisation=organisation))
    rows = []
    for item in items:
        actions = Action.objects.filter(agenda_item=item).select_related("organisation", "owner")
        if organisation is not None:
            actions = actions.filter(organisation=organisation)
        rows.append(MinutesItem(item, list(actions)))
    attendees = list(meeting.attendees.select_related("organisation"))
    return Minutes(meeting, organisation, attendees, rows)


def minutes_pdf(minutes: Minutes) -> bytes:
    meeting = minutes.meeting
    title = _("Verslag %(meeting)s") % {"meeting": str(meeting)}
    pdf = SchakelPDF(title=title)
    pdf.heading(title)
    when = timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M")
    lines = [f"{_('Datum en tijd')}: {when}", f"{_('Plaats')}: {meeting.place or '—'}"]
    if meeting.chair:
        lines.append(f"{_('Voorzitter')}: {meeting.chair.full_name}")
    if minutes.organisation is not None:
        lines.append(
            _("Versie voor %(org)s: alleen de casussen waarin u deelneemt.") % {"org": minutes.organisation.name}
        )
    pdf.paragraph("\n".join(lines))
    if minutes.attendees:
        pdf.heading(_("Aanwezigheid"), 2)
        pdf.table_rows(
            [_("Naam"), _("Organisatie"), _("Aanwezigheid")],
            [[a.name, a.organisation.display_name, str(a.get_status_display())] for a in minutes.attendees],
        )
    pdf.heading(_("Agendapunten"), 2)
    if not minutes.items:
        pdf.paragraph(_("Geen agendapunten."))
    for row in minutes.items:
        item = row.item
        pdf.heading(f"{item.order}. {item.case.code} – {item.case.title}", 3)
        if item.summary:
            pdf.paragraph(f"{_('Stand van zaken')}:\n{item.summary}", size=9)
        pdf.paragraph(f"{_('Besproken')}: {item.discussion or '—'}")
        pdf.paragraph(f"{_('Besluiten')}: {item.decisions or '—'}")
        if row.actions:
            pdf.table_rows(
                [_("Nieuwe actie"), _("Ketenpartner"), _("Uiterlijk")],
                [
                    [
                        f"{a.type_display}: {a.description}",
                        a.organisation.display_name,
                        a.deadline.strftime("%d-%m-%Y") if a.deadline else "—",
                    ]
                    for a in row.actions
                ],
            )
    return pdf.output_bytes()


def meeting_ics(meeting: Meeting, url: str) -> bytes:
    """One VEVENT without case content: type, time, place and a link."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Schakel//casusoverleg//NL")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{meeting.uuid}@schakel")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", str(meeting.get_type_display()))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", _("Agenda en verslag in Schakel: %(url)s") % {"url": url})
    event.add("url", url)
    calendar.add_component(event)
    return bytes(calendar.to_ical())
