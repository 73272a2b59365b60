"""An organisation's work on its appeals: the queue with its filters and
paging, and the dashboard (counts, time to answer, on-time rate and
satisfaction, per category and per official). Read from the organisation's
own index of appeals (models.Appeals.by_organisation), never the whole
container."""

import statistics

from ..i18n import _
from .interfaces import AppealError
from .models import OUTCOMES, RUNNING, STATES, AnswerTemplate


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

    def held(self, address):
        return [self.appeals[name] for name in self.appeals.held_by(address)]

    def days_left(self, appeal, today):
        """Working days left in the term (negative once overdue), or None."""
        if appeal.due is None or appeal.state not in RUNNING:
            return None
        if today <= appeal.due:
            return self.calendar.working_days_between(today, appeal.due)
        return -self.calendar.working_days_between(appeal.due, today)

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
        found = []
        for appeal in self.held(address):
            if state and appeal.state != state:
                continue
            if category and category not in self.appeals.categories.chain(appeal.category):
                continue
            if kato and kato not in self.territory_chain(appeal.kato):
                continue
            if overdue and not appeal.overdue(today):
                continue
            left = self.days_left(appeal, today)
            if days_left is not None and (left is None or left > days_left):
                continue
            found.append(appeal)
        far = today.replace(year=today.year + 100)
        found.sort(key=lambda appeal: (appeal.due or far, int(appeal.name)))
        return len(found), found[start : start + size]

    def dashboard(self, address, today):
        counts = dict.fromkeys(STATES, 0)
        groups = {"category": {}, "official": {}}
        for appeal in self.held(address):
            counts[appeal.state] += 1
            answer = appeal.answer
            for group, key in (("category", appeal.category), ("official", appeal.assignee)):
                row = groups[group].setdefault(
                    key,
                    {
                        "total": 0,
                        "answered": 0,
                        "on_time": 0,
                        "days": [],
                        "rated": 0,
                        "resolved": 0,
                    },
                )
                row["total"] += 1
                if answer is None or appeal.state not in (*OUTCOMES, "closed"):
                    continue
                row["answered"] += 1
                row["on_time"] += answer["on_time"]
                row["days"].append(
                    self.calendar.working_days_between(
                        appeal.registered.date(), answer["when"].date()
                    )
                )
                if appeal.rating is not None:
                    row["rated"] += 1
                    row["resolved"] += appeal.rating["resolved"]
        for rows in groups.values():
            for row in rows.values():
                days = row.pop("days")
                row["median_days"] = statistics.median(days) if days else None
                row["on_time_rate"] = _percent(row["on_time"], row["answered"])
                row["satisfaction"] = _percent(row["resolved"], row["rated"])
        overdue = sum(appeal.overdue(today) for appeal in self.held(address))
        return {"counts": counts, "overdue": overdue, **groups}


def _percent(part, whole):
    return None if not whole else round(100 * part / whole)
