"""The digests (a part of NotificationService): what waits for a person's
daily or weekly digest, in one message grouped by consultation, plain
text with short lines for a phone.

A digest of a period ("daily:2026-12-07" in Almaty time, "weekly:2026-W50")
is sent once per person. Each person is one claim and one confirmation,
each in its own transaction: the claim records the period and takes the
notifications out of the waiting list, and is committed before the mail
server is asked; if the server fails, the claim is taken back (and the
notifications put back) for the next run, and the run goes on with the
next person. A second run, at the same time or later, finds the claim and
sends nothing. A crash between the claim and the answer of the mail server
leaves the claim "claimed": that digest is not sent again rather than
perhaps twice (the notifications stay in the person's centre)."""

import logging

from ..i18n import _, localizer_for, translate_deep
from ..layout import LOCAL_ZONE, pick_language
from .kinds import DAILY, DIGESTS, WEEKLY
from .models import DigestRecord
from .stages import announce_stages

log = logging.getLogger(__name__)

SUBJECTS = {
    DAILY: _("Your daily digest: ${count} new"),
    WEEKLY: _("Your weekly digest: ${count} new"),
}
GREETING = _("Hello ${name},\n\nhere is what happened since your last digest.")
ELSEWHERE = _("Elsewhere on the site")


def period_of(frequency, now):
    local = now.astimezone(LOCAL_ZONE)
    if frequency == DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


class Digests:
    """Reads `self.root`, `self.clock`, `self.mail`, `self.registry` and
    `self.foot` (NotificationService)."""

    def send_digests(self, transaction_manager, now=None):
        now = now or self.clock.now()
        tm = transaction_manager
        done = {"sent": 0, "failed": 0, "announced": 0}
        with tm:
            done["announced"] = announce_stages(self, now)
        with tm:
            userids = list(self.container.inboxes.keys()) if self.container is not None else []
        for userid in userids:
            for frequency in DIGESTS:
                outcome = self._send_digest(tm, userid, frequency, period_of(frequency, now), now)
                if outcome:
                    done[outcome] += 1
        return done

    def _send_digest(self, tm, userid, frequency, period, now):
        with tm:
            inbox = self.container.inbox(userid)
            principal = self.root["principals"].get(userid)
            waiting = list(inbox.pending[frequency]) if inbox is not None else []
            if not waiting or period in inbox.digests or principal is None:
                return None
            inbox.digests[period] = DigestRecord(waiting, now)
            for key in waiting:
                inbox.pending[frequency].remove(key)
            subject, body, language = self._digest(inbox, principal, frequency, waiting)
            email = principal.email
        try:
            self.mail.send_now(
                email, subject, body, language, headers=self.unsubscribe_headers(userid, frequency)
            )
        except Exception:  # the server refused or is down: the next run tries again
            log.exception("could not send the %s digest of %s", period, userid)
            with tm:
                inbox = self.container.inbox(userid)
                del inbox.digests[period]
                inbox.pending[frequency].update(waiting)
            return "failed"
        with tm:
            record = self.container.inbox(userid).digests[period]
            record.state, record.sent_at = "sent", self.clock.now()
        return "sent"

    def _digest(self, inbox, principal, frequency, keys):
        """(subject, body, language) of the digest of `keys`."""
        language = self.language_of(principal.id)
        localizer = localizer_for(self.registry, language)
        groups = {}
        for key in keys:
            notification = inbox.items.get(key)
            if notification is not None:
                about = notification.consultation or (None, None)
                groups.setdefault(about[0], (about[1], []))[1].append(notification)
        lines = [translate_deep(localizer, _(GREETING, mapping={"name": principal.first_name}))]
        for path, (titles, notifications) in sorted(
            groups.items(), key=lambda item: (item[0] is None, item[0] or "")
        ):
            if titles:
                shown = pick_language(titles, language)
                heading = titles[shown] if shown else path
            else:
                heading = localizer.translate(ELSEWHERE)
            lines.append("")
            lines.append(f"■ {heading}")
            for notification in sorted(notifications, key=lambda n: n.created):
                lines.append(f"• {translate_deep(localizer, notification.subject_message())}")
                lines.append(f"  {notification.url}")
        lines.append("")
        lines.append(self.foot(localizer, principal.id, frequency))
        count = sum(len(found) for _titles, found in groups.values())
        subject = _(SUBJECTS[frequency], mapping={"count": count})
        return subject, "\n".join(lines), language
