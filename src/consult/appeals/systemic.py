"""The ranking of systemic problems in the appeals' service: the month's
entries in order, and the responsible organisation's public answer on an
entry (category × region × month), which its answerers and administrators
publish."""

from ..i18n import _
from . import ranking
from .interfaces import AppealError
from .tally import SystemicAnswer, month_of

# The organisation's roles that speak for it on a systemic problem.
ANSWERING_ROLES = ("organisation_administrator", "answerer")
MIN_ANSWER, MAX_ANSWER = 20, 4000


class Systemic:
    """Mixed into services.AppealService (which gives `appeals`, `clock`,
    `organisations` and `route`)."""

    def this_month(self):
        return month_of(self.clock.now())

    def ranking_entries(self, key, order="count"):
        today = self.clock.now().date()
        return ranking.ranked(ranking.entries(self.appeals.ranking, key, today), order)

    def responsible(self, category, region):
        """The organisation (models.Organisation) the routing rules give an
        entry's category and region, or None."""
        address, _rule = self.route(category, region)
        return self.organisations.get(address)

    def may_answer_entry(self, userid, category, region):
        organisation = self.responsible(category, region)
        if organisation is None or userid is None:
            return False
        return bool(set(organisation.local_roles.get(userid, ())) & set(ANSWERING_ROLES))

    def answer_entry(self, userid, key, category, region, text):
        """Publish (or replace) the answer on an entry of the ranking."""
        month = self.appeals.ranking.months.get(key)
        if month is None or (category, region) not in month.cells:
            raise AppealError(_("There is no such entry in the ranking."))
        if not self.may_answer_entry(userid, category, region):
            raise AppealError(_("Only the responsible organisation's staff answer here."))
        text = (text or "").strip()
        if not MIN_ANSWER <= len(text) <= MAX_ANSWER:
            raise AppealError(
                _(
                    "Write the answer in ${low} to ${high} characters.",
                    mapping={"low": MIN_ANSWER, "high": MAX_ANSWER},
                )
            )
        organisation = self.responsible(category, region)
        answer = SystemicAnswer(organisation.__name__, text, self.clock.now(), userid)
        self.appeals.ranking.answers[(key, category, region)] = answer
        return answer
