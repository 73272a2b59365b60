"""Every setting consult reads, declared once (`TABLE`): its name, its type,
its default, the environment variable that may give it instead of the ini
file, and one line of help.

`read_settings` turns an ini's `[app:main]` (with the environment's
overrides, `with_environment`) into a frozen `Settings` of typed values, at
start-up: `config.configure` for the site, `scripts.cli` for the console
commands. A value that is not of its type, a required setting that is
missing, or a `consult.*` name that is not in the table (a typo, which would
otherwise be ignored while the default applied) stops the start with an
error that names the setting; all of them at once when there are several.
Modules read the typed values from `request.registry.consult_settings`
(`settings_of(request)`), made once, so a request converts nothing (the
services used to turn strings into numbers on every request).

Settings of the libraries consult includes (`zodbconn.*`, `tm.*`,
`retry.*`, `mail.*`, `pyramid.*`) are theirs; the table lists those consult
gives a default or an environment variable to, and `configure` passes them
on as text.

The list in docs/operations.md ("Settings") is generated from this table
(`make settings-doc`); tests/unit/test_settings.py fails when they differ."""

import difflib
import math
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from limits import parse_many

PREFIX = "consult."


class SettingError(ValueError):
    """A setting is missing, malformed or unknown; the message names it."""


class PublicURLError(SettingError):
    """`consult.public_url` is missing or is not an http(s) address."""


# -- types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """How a setting's text becomes its value. `parse` raises ValueError
    saying what is wrong; `blank_is_value` when an empty value means
    something ("off", "none") rather than "the default"."""

    description: str
    parse: object
    blank_is_value: bool = False
    empty: str = "none"  # what an empty value means, for the operator's list


def whole(minimum=0):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise ValueError("must be a whole number") from None
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return Kind(f"whole number, {minimum} or more", parse)


def number(minimum=0.0, above=False):
    bound = f"{minimum:g}"

    def parse(text):
        try:
            value = float(text)
        except ValueError:
            raise ValueError("must be a number") from None
        if not math.isfinite(value):
            raise ValueError("must be a number")
        if value < minimum or (above and value == minimum):
            raise ValueError(
                f"must be more than {bound}" if above else f"must not be less than {bound}"
            )
        return value

    return Kind(f"number, more than {bound}" if above else f"number, {bound} or more", parse)


def _share(text):
    value = number().parse(text)
    if value > 1:
        raise ValueError("must be a share between 0 and 1")
    return value


_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


def _boolean(text):
    word = text.lower()
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError("must be true or false")


def choice(*values):
    def parse(text):
        if text not in values:
            raise ValueError("must be one of " + ", ".join(values))
        return text

    return Kind(" or ".join(f"`{value}`" for value in values), parse)


def _limits(text):
    """A tuple of `limits` RateLimitItems from "5/minute;10/10 minutes" (the
    parts may also be on separate lines); () for an empty value (off)."""
    parts = [part.strip() for part in text.replace("\n", ";").split(";") if part.strip()]
    try:
        return tuple(parse_many(";".join(parts))) if parts else ()
    except ValueError:
        raise ValueError("must be limits such as 5/minute;100/day (or empty: off)") from None


def _storage(text):
    if "://" not in text:
        raise ValueError("must be a storage URI such as memory:// or redis://host:6379")
    return text


# The engines search.backends knows by name (a test keeps the two in step):
# named here so that the settings, plumbing every capability reads, import none.
SEARCH_ENGINES = ("memory", "whoosh", "tantivy")


def _backend(text):
    if text not in SEARCH_ENGINES and "." not in text:
        raise ValueError("must be " + ", ".join(SEARCH_ENGINES) + " or the dotted name of an index")
    return text


def parse_thresholds(value):
    """`"20000 20 20"` as a tuple of three positive whole numbers, or None
    for an empty value; ValueError with the setting's name otherwise."""
    if value is None or not str(value).strip():
        return None
    parts = str(value).split()
    try:
        numbers = tuple(int(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 3 or any(part <= 0 for part in numbers):
        raise ValueError(
            f"consult.gc.thresholds must be three positive whole numbers, as in "
            f"'20000 20 20' (generation 0, 1 and 2); got {value!r}"
        )
    return numbers


def read_public_url(value):
    """The configured public address without its trailing slash, e.g.
    "https://consult.gov.kz" or "https://gov.kz/consult"; PublicURLError
    saying what to set when `value` is missing or not an http(s) address
    (urls.py says why links are built from it)."""
    value = (value or "").strip()
    if not value:
        raise PublicURLError(
            "consult.public_url must be set (or CONSULT_PUBLIC_URL): the address people reach "
            "the site at, e.g. https://consult.example.kz. Links in mail and downloads use it."
        )
    parts = urlsplit(value)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        raise PublicURLError(
            f"consult.public_url = {value!r} is not an address such as "
            "https://consult.example.kz (http or https, a host, an optional port and path; "
            "no query, no user)."
        )
    return value.rstrip("/")


def _optional(text):
    return text or None


RATIO = Kind("number between 0 and 1", _share)
BOOLEAN = Kind("`true` or `false`", _boolean)
TEXT = Kind("text", str)
OPTIONAL = Kind("text", _optional, blank_is_value=True)
SECRET = Kind("secret text", str)
OPTIONAL_SECRET = Kind("secret text", _optional, blank_is_value=True)
ADDRESS = Kind("http(s) address", read_public_url)
LIMITS = Kind("limits, `;` between them", _limits, blank_is_value=True, empty="off")
STORAGE = Kind("`limits` storage URI", _storage)
BACKEND = Kind("`memory`, `whoosh`, `tantivy` or a dotted name", _backend)
THRESHOLDS = Kind("three whole numbers", parse_thresholds, blank_is_value=True, empty="Python's")


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    name: str
    kind: Kind
    default: str  # as an ini file would write it; "" for none
    help: str
    environment: str = None  # a variable that overrides the ini
    required: bool = False
    error: type = SettingError  # the class of the error that names it
    recommended: str = None  # for a public site, where it differs from the default


_ARGON2 = PasswordHasher()

# What each abuse limit counts, and what it counts by besides the client
# address (limits.py, docs/operations.md "Abuse limits").
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


SECTIONS = (
    (
        "The site",
        (
            Setting(
                "consult.public_url",
                ADDRESS,
                "",
                "the address people reach the site at; links in mail, downloads and the API "
                "are built from it, never from the Host header",
                environment="CONSULT_PUBLIC_URL",
                required=True,
                error=PublicURLError,
            ),
            Setting(
                "consult.secure_cookies",
                BOOLEAN,
                "false",
                "send the session cookie over HTTPS only (true behind TLS)",
            ),
            Setting(
                "consult.source_url",
                OPTIONAL,
                "",
                "where users of a modified site get its source (AGPL section 13)",
            ),
            Setting(
                "pyramid.default_locale_name",
                choice("ru", "kk", "en"),
                "ru",
                "the language of a visitor whose browser asks for none of ours",
            ),
        ),
    ),
    (
        "Secrets",
        (
            Setting(
                "consult.session_secret",
                SECRET,
                "",
                "signs session cookies, and nothing else: change it to sign everyone out",
                environment="CONSULT_SESSION_SECRET",
                required=True,
            ),
            Setting(
                "consult.hash_secret",
                SECRET,
                "",
                "keys the stored hashes of IINs, addresses and e-mail addresses, invitation "
                "links and export pseudonyms; change it only with `consult rotate-hash-secret`",
                environment="CONSULT_HASH_SECRET",
                required=True,
            ),
            Setting(
                "consult.previous_hash_secret",
                OPTIONAL_SECRET,
                "",
                "the hash secret before the last rotation, still matched until the date "
                "`consult rotate-hash-secret` gives",
                environment="CONSULT_PREVIOUS_HASH_SECRET",
            ),
        ),
    ),
    (
        "Database, transactions and mail",
        (
            Setting(
                "zodbconn.uri",
                TEXT,
                "",
                "the database (pyramid_zodbconn): a file://, zeo:// or RelStorage URI",
                environment="CONSULT_ZODB_URI",
                required=True,
            ),
            # Conflicts are resolved by re-running the request; under a burst of
            # posts a request may need more than two retries (issue 6's benchmark).
            Setting(
                "retry.attempts",
                whole(1),
                "5",
                "how many times a request that met a write conflict is run (pyramid_retry)",
            ),
            Setting(
                "tm.manager_hook",
                TEXT,
                "pyramid_tm.explicit_manager",
                "the transaction manager pyramid_tm uses: the request's own (`request.tm`)",
            ),
            Setting(
                "tm.commit_veto",
                TEXT,
                "consult.csrf.commit_veto",
                "an unsafe request without its CSRF token never commits (csrf.py)",
            ),
            Setting(
                "mail.debug_directory",
                OPTIONAL,
                "",
                "write mail to files in this directory instead of sending it (development); "
                "otherwise pyramid_mailer's `mail.*` SMTP settings apply",
                environment="CONSULT_MAIL_DIRECTORY",
            ),
            Setting("mail.default_sender", TEXT, "consult@localhost", "the From address of mail"),
        ),
    ),
    (
        "Sessions and passwords",
        (
            Setting(
                "consult.session.idle_minutes",
                number(above=True),
                "20",
                "a session ends after this long without a request",
            ),
            Setting(
                "consult.session.lifetime_hours",
                number(above=True),
                "12",
                "a session ends this long after sign-in, however active",
            ),
            # argon2-cffi's defaults (RFC 9106's low-memory profile); production.ini
            # sets OWASP's minimum for argon2id (accounts/passwords.py says why).
            Setting(
                "consult.argon2.time_cost",
                whole(1),
                str(_ARGON2.time_cost),
                "argon2 passes per password hash",
                recommended="2",
            ),
            Setting(
                "consult.argon2.memory_cost",
                whole(8),
                str(_ARGON2.memory_cost),
                "KiB of memory per password hash",
                recommended="19456",
            ),
            Setting(
                "consult.argon2.parallelism",
                whole(1),
                str(_ARGON2.parallelism),
                "argon2 lanes per password hash",
                recommended="1",
            ),
        ),
    ),
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
    (
        "Garbage collector",
        (
            Setting(
                "consult.gc.thresholds",
                THRESHOLDS,
                "",
                "the collector's thresholds, e.g. `20000 20 20` (collector.py)",
                recommended="20000 20 20",
            ),
            Setting(
                "consult.gc.freeze",
                BOOLEAN,
                "false",
                "once the application is built, leave what is alive out of every collection",
                recommended="true",
            ),
        ),
    ),
)

TABLE = {setting.name: setting for _title, settings in SECTIONS for setting in settings}


def _parsed_default(setting):
    if setting.default == "" and not setting.kind.blank_is_value:
        return None
    return setting.kind.parse(setting.default)


DEFAULTS = {name: _parsed_default(setting) for name, setting in TABLE.items()}


def default_of(name):
    """The typed default of setting `name` (for a constructor's keyword default)."""
    return DEFAULTS[name]


# -- reading -----------------------------------------------------------------------------


class Settings(Mapping):
    """The typed value of every setting in TABLE, read-only."""

    __slots__ = ("_values",)

    def __init__(self, values):
        self._values = dict(values)

    def __getitem__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"{name} is not in consult.settings.TABLE") from None

    def __iter__(self):
        return iter(self._values)

    def __len__(self):
        return len(self._values)

    def __repr__(self):
        return f"<Settings of {len(self)}>"


def with_environment(raw):
    """`raw` with the settings the environment gives put in their place, so
    that secrets never have to live in a committed file: the site and the
    console commands read the same."""
    raw = dict(raw)
    for setting in TABLE.values():
        if setting.environment and os.environ.get(setting.environment):
            raw[setting.name] = os.environ[setting.environment]
    return raw


def _unknown(name):
    near = difflib.get_close_matches(name, TABLE, n=1, cutoff=0.8)
    hint = f" (did you mean {near[0]}?)" if near else ""
    return SettingError(
        f'{name} is not a setting of consult{hint}; docs/operations.md, "Settings", lists them'
    )


def _problem(setting, text, error):
    message = str(error)
    if setting.name not in message:
        message = f"{setting.name} = {text!r}: {message}"
    return setting.error(message)


def _missing(setting):
    environment = f" (or {setting.environment})" if setting.environment else ""
    return setting.error(f"{setting.name} must be set{environment}: {setting.help}")


def read_settings(raw, require=True):
    """The typed Settings of the ini values `raw` (text, as PasteDeploy
    gives them; missing ones take their default). Raises SettingError (or
    the setting's own error class) naming every setting that is malformed,
    unknown or, with `require`, required and missing."""
    problems = [
        _unknown(name) for name in sorted(raw) if name.startswith(PREFIX) and name not in TABLE
    ]
    values = {}
    for name, setting in TABLE.items():
        text = raw.get(name)
        text = None if text is None else str(text).strip()
        if text is None or (text == "" and not setting.kind.blank_is_value):
            if setting.required and require:
                problems.append(_missing(setting))
            values[name] = DEFAULTS[name]
            continue
        try:
            values[name] = setting.kind.parse(text)
        except ValueError as error:
            problems.append(_problem(setting, text, error))
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SettingError(
            f"{len(problems)} settings are wrong:\n"
            + "\n".join(f"  {problem}" for problem in problems)
        )
    return Settings(values)


def require(settings, *names):
    """Raise the error of each of `names` that the typed `settings` leave
    unset (what a command needs that the site requires anyway)."""
    problems = [_missing(TABLE[name]) for name in names if settings[name] is None]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise SettingError("\n".join(str(problem) for problem in problems))


@lru_cache(maxsize=1)
def _defaults():
    return read_settings({}, require=False)


def as_settings(settings):
    """`settings` if they are typed already, else the typed Settings of the
    ini values given (required ones may be missing): what a service built
    outside a request (a console command, a test) is given."""
    if isinstance(settings, Settings):
        return settings
    if not settings:
        return _defaults()
    return read_settings(settings, require=False)


def settings_of(request):
    """The application's typed Settings, read once at start-up
    (`registry.consult_settings`); `request` may also be a registry. A
    registry that `config.configure` did not build (pyramid.testing's) has
    its text settings read through the table on each call."""
    registry = getattr(request, "registry", request)
    values = getattr(registry, "consult_settings", None)
    return values if values is not None else as_settings(registry.settings or {})


# -- the operator's list -----------------------------------------------------------------

BEGIN = "<!-- settings: generated from src/consult/settings.py by `make settings-doc` -->"
END = "<!-- end of settings -->"


def _cell(text):
    return text.replace("|", "\\|")


def settings_markdown():
    """The list of settings for docs/operations.md, between BEGIN and END."""
    lines = [BEGIN, ""]
    for title, settings in SECTIONS:
        lines += [
            f"#### {title}",
            "",
            "| Setting | Type | Default | What it does |",
            "|---|---|---|---|",
        ]
        for setting in settings:
            if setting.default:
                default = f"`{setting.default}`"
            else:
                default = "**required**" if setting.required else setting.kind.empty
            sentence = setting.help[0].upper() + setting.help[1:]
            notes = [sentence if sentence.endswith("...") else sentence + "."]
            if setting.recommended and setting.recommended != setting.default:
                notes.append(f"Recommended: `{setting.recommended}`.")
            if setting.environment:
                notes.append(f"`{setting.environment}` overrides it.")
            lines.append(
                f"| `{setting.name}` | {_cell(setting.kind.description)} | "
                f"{_cell(default)} | {_cell(' '.join(notes))} |"
            )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def write_settings_doc(path):
    """Replace the list between BEGIN and END in `path` with the table's."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    before, begin, rest = text.partition(BEGIN)
    _old, end, after = rest.partition(END)
    if not begin or not end:
        raise SystemExit(f"{path} has no {BEGIN} ... {END} block")
    path.write_text(before + settings_markdown() + after, encoding="utf-8")


if __name__ == "__main__":  # make settings-doc
    write_settings_doc(sys.argv[1])
