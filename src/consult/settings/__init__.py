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
(`make settings-doc`); tests/unit/test_settings.py fails when they differ.

The parts: `kinds` (the types and `Setting`), `table` (the sections of
`site` and `capabilities`, assembled), `reading` (typed values, checked),
`docs` (the operator's list)."""

from .docs import BEGIN, END, settings_markdown, write_settings_doc
from .kinds import (
    SEARCH_ENGINES,
    PublicURLError,
    Setting,
    SettingError,
    parse_thresholds,
    read_public_url,
)
from .reading import (
    PREFIX,
    Settings,
    as_settings,
    read_settings,
    require,
    settings_of,
    with_environment,
)
from .table import DEFAULTS, SECTIONS, TABLE, default_of

__all__ = [
    "BEGIN",
    "DEFAULTS",
    "END",
    "PREFIX",
    "PublicURLError",
    "SEARCH_ENGINES",
    "SECTIONS",
    "Setting",
    "SettingError",
    "Settings",
    "TABLE",
    "as_settings",
    "default_of",
    "parse_thresholds",
    "read_public_url",
    "read_settings",
    "require",
    "settings_markdown",
    "settings_of",
    "with_environment",
    "write_settings_doc",
]
