"""The settings of the site itself: its address, its secrets, its database,
transactions and mail, its sessions and passwords, and the garbage
collector (sections of the table, in the order docs/operations.md lists
them)."""

from argon2 import PasswordHasher

from .kinds import (
    ADDRESS,
    BOOLEAN,
    OPTIONAL,
    OPTIONAL_SECRET,
    SECRET,
    TEXT,
    THRESHOLDS,
    PublicURLError,
    Setting,
    choice,
    number,
    whole,
)

_ARGON2 = PasswordHasher()

SITE = (
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
        "Caching of anonymous pages",
        (
            # A few seconds: a front cache (etc/nginx.conf) answers a surge of
            # readers from one rendering, and a new comment shows soon after.
            Setting(
                "consult.cache.max_age",
                whole(0),
                "5",
                "seconds a shared cache may serve an anonymous page without asking "
                "(0: `no-cache`, every use asks again)",
            ),
            Setting(
                "consult.cache.stale_while_revalidate",
                whole(0),
                "30",
                "seconds more a cache may serve it while one request fetches it again",
            ),
            # Time-dependent text (a stage that opens, in a list) and a new
            # version of the code have no revision to count: the validator
            # changes this often.
            Setting(
                "consult.cache.etag_seconds",
                whole(1),
                "60",
                "seconds after which the validator of an anonymous page outside a "
                "consultation (lists, search, the home page) changes even when nothing was "
                "written",
            ),
            # Within a consultation its stages' statuses are counted exactly:
            # what is left is a new version of the code and the rare change no
            # event announces. Each page in use renders again this often.
            Setting(
                "consult.cache.counted_etag_seconds",
                whole(1),
                "600",
                "the same for a page within a consultation, whose revisions and stages' "
                "openings and closings its validator counts",
            ),
        ),
    ),
)

GARBAGE_COLLECTOR = (
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
)
