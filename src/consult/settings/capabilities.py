"""The settings of the capabilities: comments, reports, burst signals, abuse
limits, search, campaign detection and juries (sections of the table, in
the order docs/operations.md lists them)."""

from .kinds import BACKEND, BOOLEAN, LIMITS, OPTIONAL, RATIO, STORAGE, Setting, number, whole

# What each abuse limit counts, and what it counts by besides the client
# address (consult.limits, docs/operations.md "Abuse limits").
_LIMITED = {
    "comment": ("comments posted", "account"),
    "support": ("supports given", "account"),
    "report": ("reports made", "account"),
    "register": ("registrations", "e-mail address registered"),
    "signin": ("failed sign-ins, with a growing delay", "account"),
    "signin.lock": ("failed sign-ins that lock the account (mailed to its owner)", "account"),
    "forgot": ("reset links asked for", "e-mail address"),
    "jury_application": ("jury applications (each tests an IIN and an address)", "account"),
    "verification": ("IINs typed for census verification", "account"),
    "petition_draft": ("petitions drafted", "account"),
    "petition_sponsor": ("petitions sponsored", "account"),
    "petition_sign": ("petition signatures given or withdrawn", "account"),
}
# Each limit's value for a public site, and which apply when the ini does not
# name them: those on guessing and on mail (a deployment that forgot them
# would be open to guessing); those on posting apply only when the ini sets
# them (load tests post far faster than people).
_LIMITS = (
    # (name, recommended, applies by default)
    ("comment", "10/minute;100/day", False),
    ("comment.address", "30/minute;300/day", False),
    ("support", "60/minute", False),
    ("support.address", "300/minute", False),
    ("report", "10/hour", False),
    ("report.address", "30/hour", False),
    ("register", "3/hour;10/day", True),
    ("register.address", "5/hour", True),
    # Per account a growing delay (a minute after 5, up to ten after 10),
    # then the lock; per address stricter than the lock, so that one address
    # can never lock anyone out.
    ("signin", "5/minute;10/10 minutes", True),
    ("signin.lock", "20/hour;50/day", True),
    ("signin.address", "5/minute;10/10 minutes;15/hour;40/day", True),
    ("forgot", "3/hour;10/day", True),
    ("forgot.address", "10/hour;30/day", True),
    # Each try tests an IIN: few per person, more per address, which many
    # people share (mobile operators' NAT, a library, a hearing room).
    ("jury_application", "5/hour;20/day", True),
    ("jury_application.address", "20/hour;100/day", True),
    ("verification", "5/hour;10/day", True),
    ("verification.address", "20/hour;100/day", True),
    # Petitions: a person drafts a few, sponsors and signs more; an address
    # (a NAT, a hearing room) far more. Off unless set, as for comments: the
    # petitions benchmark signs from one address.
    ("petition_draft", "3/hour;10/day", False),
    ("petition_draft.address", "20/hour;50/day", False),
    ("petition_sponsor", "20/hour;100/day", False),
    ("petition_sponsor.address", "200/hour", False),
    ("petition_sign", "30/hour;200/day", False),
    ("petition_sign.address", "600/hour", False),
)


def _limit(name, recommended, by_default):
    action, by_address, _rest = name.partition(".address")
    what, counted_by = _LIMITED[action]
    per = "client address" if by_address else counted_by
    return Setting(
        f"consult.limits.{name}",
        LIMITS,
        recommended if by_default else "",
        f"{what}, per {per}",
        recommended=recommended,
    )


CAPABILITIES = (
    (
        "Comments",
        (
            Setting(
                "consult.comments_per_page",
                whole(1),
                "20",
                "top-level comments on one page of a thread",
            ),
            Setting(
                "consult.max_comment_length",
                whole(1),
                "10000",
                "characters in a comment (and in an answer or a jury's text)",
            ),
            Setting(
                "consult.edit_window_minutes",
                whole(0),
                "15",
                "how long an author may edit a comment nobody has answered, replied to or "
                "moderated",
            ),
            Setting(
                "consult.max_addendum_length",
                whole(1),
                "2000",
                "characters in an addendum an author adds under a frozen comment",
            ),
            Setting("consult.max_addenda", whole(0), "5", "addenda under one comment"),
            Setting(
                "consult.min_answer_length",
                whole(0),
                "30",
                "characters at least in the ministry's answer to comments or to a jury's findings",
            ),
            # Some 10 000 comments of ordinary length (Cyrillic takes 2 bytes a
            # character in memory).
            Setting(
                "consult.render_cache_chars",
                whole(0),
                "8000000",
                "characters of rendered comment HTML a process keeps (0: no cache)",
            ),
        ),
    ),
    (
        "Reports and their weight",
        (
            Setting(
                "consult.reports_to_hide",
                number(above=True),
                "3",
                "the weight of reports since the last review that hides a comment",
            ),
            Setting(
                "consult.report_weight.new_account_hours",
                number(),
                "24",
                "an account younger than this weighs at most `new_account`",
            ),
            Setting(
                "consult.report_weight.new_account",
                number(),
                "0",
                "what a report from a new account weighs at most",
            ),
            Setting(
                "consult.report_weight.email",
                number(),
                "1",
                "what a report from an account with a confirmed address weighs",
            ),
            Setting(
                "consult.report_weight.identity",
                number(),
                "2",
                "what a report from a verified identity (census, staff, signature) weighs",
            ),
        ),
    ),
    (
        "Burst signals",
        (
            Setting(
                "consult.signals.window_minutes",
                number(above=True),
                "10",
                "the length of the window a burst is counted in",
            ),
            Setting(
                "consult.signals.new_account_hours",
                number(),
                "24",
                "an account younger than this is new",
            ),
            Setting(
                "consult.signals.new_accounts",
                whole(1),
                "20",
                "(a) comments, supports and reports from new accounts in a window",
            ),
            Setting(
                "consult.signals.one_address",
                whole(1),
                "15",
                "(b) comments, supports and reports from one address in a window",
            ),
            Setting(
                "consult.signals.supports_on_one_comment",
                whole(1),
                "30",
                "(c) supports of one comment in a window...",
            ),
            Setting(
                "consult.signals.new_share",
                RATIO,
                "0.5",
                "...at least this share of them from new accounts",
            ),
            Setting(
                "consult.signals.campaign_growth",
                whole(1),
                "25",
                "(d) new members of one form-letter campaign in a window",
            ),
            Setting(
                "consult.signals.reports_on_one_comment",
                whole(1),
                "10",
                "(e) reports of one comment in a window...",
            ),
            Setting(
                "consult.signals.report_share",
                RATIO,
                "0.5",
                "...at least this share from new accounts or from one address",
            ),
            Setting(
                "consult.signals.signature_spike",
                whole(1),
                "100",
                "(f) signatures of one petition in a window",
            ),
            Setting(
                "consult.signals.retention_days",
                number(above=True),
                "7",
                "days of activity kept and looked at",
            ),
        ),
    ),
    (
        "Abuse limits",
        (
            *(_limit(*row) for row in _LIMITS),
            Setting(
                "consult.limits.storage",
                STORAGE,
                "memory://",
                "where the counts live: memory:// (each process its own) or a shared "
                "redis://host:6379",
            ),
        ),
    ),
    (
        "Search",
        (
            Setting(
                "consult.search.backend",
                BACKEND,
                "whoosh",
                "the search engine (tantivy for large sites)",
            ),
            Setting(
                "consult.search.path",
                OPTIONAL,
                "",
                "the index directory, one per process (required but for `memory`)",
            ),
            Setting(
                "consult.search.feed_thread",
                BOOLEAN,
                "true",
                "feed the index from a background thread (tests feed it themselves)",
            ),
            Setting(
                "consult.search.poll_seconds",
                number(above=True),
                "1",
                "how often the feeder looks for other processes' commits",
            ),
            Setting(
                "consult.search.window_seconds",
                number(above=True),
                "30",
                "how far behind its watermark the feeder reads the change log again",
            ),
            Setting(
                "consult.search.batch_delay_seconds",
                number(),
                "0.05",
                "after a wake-up the feeder waits this long, so one engine commit takes more",
            ),
            # Under a burst of posts the feeder was woken by every commit, and each
            # tantivy commit opens a writer, merges and reloads
            # (benchmarks/README.md, "Load behind nginx").
            Setting(
                "consult.search.min_interval_seconds",
                number(),
                "0.5",
                "the feeder's engine commits start at least this far apart",
            ),
        ),
    ),
    (
        "Campaign detection",
        (
            Setting(
                "consult.campaigns.worker",
                BOOLEAN,
                "true",
                "place comments in campaigns in this process (true in one process only)",
            ),
            Setting(
                "consult.campaigns.poll_seconds",
                number(above=True),
                "2",
                "how often the worker looks for other processes' commits",
            ),
            # Each cycle re-reads the change log's last 30 s; woken after every
            # commit (40 a second in the load benchmark) that took a fifth of the GIL.
            Setting(
                "consult.campaigns.min_interval_seconds",
                number(),
                "1",
                "the worker's cycles start at least this far apart",
            ),
            Setting(
                "consult.campaigns.processes",
                whole(0),
                "1",
                "extra processes that sign texts in a first pass over old comments",
            ),
        ),
    ),
    (
        "Comment imports",
        (
            Setting(
                "consult.imports.worker",
                BOOLEAN,
                "true",
                "run the import page's jobs in this process",
            ),
            Setting(
                "consult.imports.poll_seconds",
                number(above=True),
                "5",
                "how often the import worker looks for jobs queued by other processes",
            ),
        ),
    ),
    (
        "Juries",
        (
            Setting(
                "consult.juries.isolated_draws",
                BOOLEAN,
                "true",
                "run each lottery in a child process, which a timeout can stop",
            ),
            # maximin took 75 s for a pool of 500 and over 28 minutes for 2 000
            # (benchmarks/README.md).
            Setting(
                "consult.juries.draw_timeout_seconds",
                number(above=True),
                "21600",
                "a draw still running after this long is stopped and marked failed",
            ),
        ),
    ),
)
