"""What the rest of consult may ask of appeals:
`request.find_service(IAppealService)`."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class AppealError(Refusal):
    """A refusal a person can act on; `message` says what to change."""


def require(condition, message):
    """AppealError(`message`) unless `condition`."""
    if not condition:
        raise AppealError(message)


class IAppealService(Interface):
    appeals = Attribute("The Appeals container (models.Appeals).")
    calendar = Attribute("The working-day calendar (workdays.WorkingCalendar).")
    clock = Attribute("The clock (clock.IClock).")

    def save_category(code, title, parent=None):
        """Add the category `code` or rename it ({language: name}).

        :raises AppealError: malformed code, no name, unknown parent or a
            parent that would make a loop.
        """

    def set_rule(category, kato, organisation):
        """Route appeals of `category` ("*": any) in the territory `kato`
        ("*": anywhere) to the organisation at address `organisation`.

        :raises AppealError: unknown category, territory or organisation.
        """

    def remove_rule(category, kato):
        """Remove a rule; returns whether there was one."""

    def route(category, kato):
        """(organisation address, (category, kato) of the rule used) of the
        most specific rule (the category first, then the territory, each
        from itself up to "*"); (fallback setting or None, None) when no
        rule covers them."""

    def similar(text, category, kato, limit=5):
        """The open public appeals of the same category and territory whose
        words are like `text` (Jaccard of word sets), best first.

        :returns: [(models.Appeal, similarity 0–1)].
        """

    def file(
        author, kind, category, kato, address, text, public, coordinates=None, location="hidden"
    ):
        """Add an appeal by the account `author`, routed to its organisation.
        `coordinates` is (latitude, longitude) or None; `location` (a key of
        models.LOCATIONS) how much of it the public sees if it is public.

        :returns: the new models.Appeal (state RECEIVED).
        :raises AppealError: an unknown kind, category, territory or
            location choice, no text, coordinates outside the map, no
            organisation to route to.
        """

    def support(appeal, userid):
        """`userid` has the same problem ("this is my problem too").

        :raises AppealError: private, not open, the author, already added.
        """

    def register(appeal, userid):
        """The holding organisation registers it: the term starts.

        :raises AppealError: not waiting for registration.
        """

    def progress(appeal, userid, state, note):
        """Move a running appeal to IN_PROGRESS or PLANNED with a note."""

    def forward(appeal, userid, target, reason):
        """Send the appeal to the organisation `target` (address) with a
        reason; late when later than the forwarding term after it arrived.

        :returns: the models.Forward recorded.
        :raises AppealError: not open, no reason, unknown or same target.
        """

    def extend(appeal, userid, until, reason):
        """Extend the term to the date `until` with a reasoned decision.

        :raises AppealError: not running, the term is over, extended
            already, `until` not after the term or beyond the maximum.
        """

    def answer(appeal, userid, disposition, reason, outcome):
        """Answer with a disposition (responses.models.DISPOSITIONS) and its
        reason; `outcome` is ANSWERED, FIXED or UNABLE. A second review
        (after "not resolved") is answered by the head role only.

        :raises AppealError: not running, unknown disposition or outcome,
            a reason too short, not the head on a second review.
        """

    def mark_duplicate(appeal, userid, original, note):
        """Close the appeal as a duplicate of `original` (an Appeal)."""

    def rate(appeal, userid, resolved, comment=""):
        """The author rates the answer: resolved closes the appeal, not
        resolved reopens it for a second review by the head role.

        :raises AppealError: not the author, no answer to rate, rated.
        """

    def reopen(appeal, userid, reason):
        """Anyone reopens a public appeal marked fixed, within the reopening
        period, with a reason.

        :raises AppealError: private, not fixed, too late, no reason.
        """

    def assign(appeal, userid, assignee):
        """Give the appeal to the official `assignee` (a userid holding a
        role in the organisation; None: nobody)."""

    def add_note(appeal, userid, text):
        """An internal note the citizen never sees."""

    def queue(
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
        """(total, [Appeal]) of the organisation's appeals matching the
        filters, the nearest term first, from `start`."""

    def listed(start=0, size=20):
        """(total, [Appeal]) of the public appeals, newest first."""

    def dashboard(address, today):
        """Counts per state, median working days to answer, on-time rate
        and satisfaction, per category and per official."""

    def this_month():
        """The "YYYY-MM" key of the clock's month (UTC)."""

    def ranking_entries(key, order="count"):
        """[ranking.Entry] of the month `key` (every (category, region) with
        an appeal filed in it) in the ranking's `order`: "count", "growth",
        "overdue" or "not_resolved"; [] for a month without appeals."""

    def responsible(category, region):
        """The organisation the routing rules give a ranking entry, or None."""

    def may_answer_entry(userid, category, region):
        """Whether `userid` is an answerer or administrator of the entry's
        responsible organisation."""

    def answer_entry(userid, key, category, region, text):
        """Publish (or replace) the responsible organisation's public answer
        on the entry (month `key`, category, region).

        :returns: the tally.SystemicAnswer.
        :raises AppealError: no such entry, not the organisation's answerer
            or administrator, a text shorter than 20 or longer than 4 000
            characters.
        """


class IAppealApiKeys(Interface):
    """The partners' Open311 keys (appeals.api_keys):
    `request.find_service(IAppealApiKeys)`."""

    def issue(partner, email, issued_by):
        """A new key for `partner`, whose appeals are filed by the account of
        `email`; only its keyed hash is stored.

        :returns: the key (shown once).
        :raises AppealError: no partner name, no account with that e-mail.
        """

    def revoke(prefix):
        """Remove the key beginning with `prefix`; returns whether there was one."""

    def listed():
        """[api_keys.ApiKey] in the order issued."""

    def holder(plain):
        """The api_keys.ApiKey of the key `plain`, or None."""
