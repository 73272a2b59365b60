"""Appeals received off the site (by phone, on paper, at a visit) and filed
by the organisation's staff, one by one or from a file (consult.imports).

Such an appeal goes through the same routing as one filed on the site. Its
legal clock runs from the day it was received, not from the day it was
typed in: an organisation that received a letter on the 1st and imports it
on the 10th owes the answer by the 1st plus the term. The person has no
account: their name and contact as given are kept on the appeal for its
staff only (`person`), and the public sees the first name and the initial
of the surname (`public_person_name`).

The organisation's registration number (`external_id`) names the appeal
for good: filing the same number again finds the appeal filed before
(`Appeals.received`), so a file imported twice adds nothing."""

from types import SimpleNamespace

from ..i18n import _
from ..layout import LOCAL_ZONE
from .interfaces import require
from .models import REGISTERED, Change

#: How an appeal reached the organisation ("online": filed on the site).
CHANNELS = {
    "online": _("On this site"),
    "phone": _("By phone"),
    "paper": _("On paper"),
    "visit": _("At a visit"),
}
OFFLINE_CHANNELS = ("phone", "paper", "visit")
MAX_EXTERNAL_ID, MAX_NAME, MAX_CONTACT = 100, 200, 300


def public_person_name(name):
    """The first name and the initial of the next word ("Aigerim S."), as an
    account's public name; the first word alone when there is one."""
    words = (name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[1][0]}."


def received_author(organisation, external_id):
    """The author of an appeal received off the site: no account has it."""
    return f"received:{organisation}:{external_id}"


class Intake:
    """AppealService's filing of appeals received off the site."""

    def find_received(self, organisation, external_id):
        """The appeal `organisation` filed as `external_id`, or None."""
        number = self.appeals.received.get((organisation, external_id))
        return None if number is None else self.appeals.get(number)

    def file_received(
        self,
        organisation,
        external_id,
        received,
        channel,
        kind,
        category,
        kato,
        address,
        text,
        public,
        name="",
        contact="",
        by=None,
    ):
        """Add the appeal `organisation` received on `received` (an aware
        datetime) by `channel` with its registration number `external_id`;
        registered at once on that day when the routing gives it to
        `organisation`, else waiting for the competent one.

        :returns: the new models.Appeal.
        :raises AppealError: as `file`, and a number filed before, a channel
            not offline, a date in the future.
        """
        external_id = (external_id or "").strip()
        require(
            external_id and len(external_id) <= MAX_EXTERNAL_ID,
            _("Give the appeal's registration number."),
        )
        require(
            self.find_received(organisation, external_id) is None,
            _("An appeal with this registration number was filed already."),
        )
        require(channel in OFFLINE_CHANNELS, _("Say how the appeal was received."))
        require(received <= self.clock.now(), _("The date received is in the future."))
        author = received_author(organisation, external_id)
        appeal = self.file(SimpleNamespace(id=author), kind, category, kato, address, text, public)
        appeal.channel = channel
        appeal.external_id = external_id
        appeal.person = {
            "name": " ".join((name or "").split())[:MAX_NAME],
            "contact": (contact or "").strip()[:MAX_CONTACT],
        }
        appeal.created = appeal.arrived = received
        appeal.history[0] = Change(appeal.state, received, by or author)
        if appeal.organisation == organisation:
            appeal.registered = received
            # The register's day is Almaty's: 10 February there is still
            # the 9th in UTC until 19:00.
            appeal.due = self.calendar.add_working_days(
                received.astimezone(LOCAL_ZONE).date(), self._setting("answer_working_days")
            )
            appeal.record(REGISTERED, received, by or author)
        self.appeals.received[(organisation, external_id)] = appeal.name
        self._reindex(appeal)  # registered, with its term: the desk must know
        return appeal
