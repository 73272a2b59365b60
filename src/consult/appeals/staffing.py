"""An organisation's work on its appeals: the queue with its filters and
paging, and the dashboard (counts, time to answer, on-time rate and
satisfaction, per category and per official). Read from the organisation's
desk (appeals.desks): ranges, intersections and counters, never every
appeal it holds."""

import datetime
from itertools import islice

from BTrees.LLBTree import LLTreeSet

from ..i18n import _
from .desks import Desk, day_bound, number_of, reindex
from .interfaces import AppealError
from .models import RUNNING, STATES, AnswerTemplate

FAR_DAYS = 3660  # a term is not set ten years ahead


class Staffing:
    """Mixed into services.AppealService (which gives `appeals` and `calendar`)."""

    def save_template(self, address, title, text):
        title, text = (title or "").strip(), (text or "").strip()
        if not title or not text:
            raise AppealError(_("Give the template a title and a text."))
        existing = [
            number for held, number in self.appeals.answer_templates.keys() if held == address
        ]
        number = max(existing, default=0) + 1
        self.appeals.answer_templates[(address, number)] = AnswerTemplate(title[:200], text[:4000])
        return number

    def remove_template(self, address, number):
        self.appeals.answer_templates.pop((address, number), None)

    def templates_of(self, address):
        """[(number, AnswerTemplate)] of the organisation, in the order made."""
        return [
            (number, template)
            for (held, number), template in self.appeals.answer_templates.items()
            if held == address
        ]

    def redact(self, appeal, userid, text):
        text = (text or "").strip()
        if not text:
            raise AppealError(_("Write the text without the personal data."))
        if appeal.original_text is None:
            appeal.original_text = appeal.text
        appeal.text = text
        appeal.notes.append((self.clock.now(), userid, _("Personal data removed from the text")))

    def _reindex(self, appeal):
        """Bring the indexes in step after a change of the appeal."""
        reindex(self.appeals, appeal, self.calendar)
        self.appeals.keep_place(appeal)

    def days_left(self, appeal, today):
        """Working days left in the term (negative once overdue), or None."""
        if appeal.due is None or appeal.state not in RUNNING:
            return None
        if today <= appeal.due:
            return self.calendar.working_days_between(today, appeal.due)
        return -self.calendar.working_days_between(appeal.due, today)

    def _latest_due(self, today, days_left):
        """The last day a running appeal's term may end on to have at most
        `days_left` working days left (fewer than none: overdue by as many)."""
        one, day, counted = datetime.timedelta(days=1), today, 0
        if days_left >= 0:
            for _step in range(FAR_DAYS):
                if self.calendar.is_working_day(day + one):
                    if counted == days_left:
                        break
                    counted += 1
                day += one
            return day
        for _step in range(FAR_DAYS):
            if counted >= -days_left:
                break
            counted += self.calendar.is_working_day(day)
            day -= one
        return day

    def queue(
        self,
        address,
        today,
        state=None,
        category=None,
        kato=None,
        overdue=False,
        days_left=None,
        start=0,
        size=20,
    ):
        """(how many, one page of appeals) held by the organisation, the
        nearest term first, read from its desk."""
        desk = self.appeals.desks.get(address)
        if desk is None:
            return 0, []
        sets, bound = [], None
        if state:
            sets.append(desk.by_state.get(state, LLTreeSet()))
        if category:
            categories = self.appeals.categories
            sets.append(
                desk.among(desk.by_category, lambda code: category in categories.chain(code))
            )
        if kato:
            sets.append(desk.among(desk.by_kato, lambda place: kato in self.territory_chain(place)))
        if overdue or days_left is not None:
            sets.append(desk.running)
            latest = today - datetime.timedelta(days=1) if overdue else today.max
            if days_left is not None:
                latest = min(latest, self._latest_due(today, days_left))
            bound = day_bound(latest)
        total, keys = desk.select(sets, bound)
        page = islice(keys, start, start + size)
        return total, [self.appeals[number_of(key)] for key in page]

    def dashboard(self, address, today):
        desk = self.appeals.desks.get(address) or Desk()
        groups = {"category": {}, "official": {}}
        for (group, key), tally in desk.tallies.items():
            if tally.total():
                groups[group][key or None] = tally.row()
        overdue = len(desk.running.keys(max=day_bound(today - datetime.timedelta(days=1))))
        counts = {state: desk.count(state) for state in STATES}
        return {"counts": counts, "overdue": overdue, **groups}
