"""The agenda of a jury's workspace: its items, kept in order, and the
iCalendar file calendars subscribe to. Part of
workspace.services.WorkspaceService."""

from datetime import UTC, datetime

import icalendar

from ...i18n import LANGUAGES, _
from ...layout import Localized
from .interfaces import WorkspaceError
from .models import AgendaItem


class AgendaWorkflows:
    """Reads `self.clock` and checks with `self._require` (see
    WorkspaceService)."""

    def _agenda_times(self, data):
        starts, ends = data["starts"], data["ends"]
        if starts.tzinfo is None or ends.tzinfo is None:
            raise ValueError("agenda times must be aware")
        if ends <= starts:
            raise WorkspaceError(_("The session must end after it starts."), "ends")
        return starts.astimezone(UTC), ends.astimezone(UTC)

    def add_agenda_item(self, jury, person, data):
        self._require(jury, person, "organiser")
        starts, ends = self._agenda_times(data)
        item = AgendaItem(
            _texts(data["title"], required=True),
            starts,
            ends,
            _texts(data.get("place")),
            _texts(data.get("description")),
            person.id,
        )
        jury.workspace.agenda.add(item.id, item)
        return item

    def edit_agenda_item(self, jury, person, item, data):
        self._require(jury, person, "organiser")
        title = _texts(data["title"], required=True)
        item.starts, item.ends = self._agenda_times(data)
        item.title = title
        item.place = _texts(data.get("place"))
        item.description = _texts(data.get("description"))
        return item

    def remove_agenda_item(self, jury, person, item):
        self._require(jury, person, "organiser")
        jury.workspace.agenda.remove(item.__name__)

    @staticmethod
    def agenda(jury):
        return sorted(jury.workspace.agenda.values(), key=lambda i: (i.starts, i.id))

    def icalendar(self, jury, name, url=None, language="ru"):
        """The agenda as an iCalendar file (bytes): one VEVENT per item in
        `language` where it has one, its UID stable across downloads so
        calendars update rather than duplicate."""
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//consult//citizens' jury agenda//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", name)
        stamp = self.clock.now().astimezone(UTC)
        for item in self.agenda(jury):
            event = icalendar.Event()
            event.add("uid", f"{jury.uid}-{item.id}@consult")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.starts.astimezone(UTC))
            event.add("dtend", item.ends.astimezone(UTC))
            event.add("summary", Localized(item.title, language).text)
            place = Localized(item.place, language)
            if place:
                event.add("location", place.text)
            description = Localized(item.description, language)
            if description:
                event.add("description", description.text)
            if url:
                event.add("url", url)
            calendar.add_component(event)
        return calendar.to_ical()


def _texts(texts, required=False):
    """{language: text} of the interface languages, blanks left out."""
    kept = {
        language: text.strip()
        for language, text in (texts or {}).items()
        if language in LANGUAGES and text and text.strip()
    }
    if required and not kept:
        raise WorkspaceError(_("Give the title in at least one language."), "title")
    return kept


def local_instant(day, clock_time, zone):
    """A date and an "HH:MM" in `zone` as an aware datetime."""
    hours, minutes = (int(part) for part in clock_time.split(":")[:2])
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone)
