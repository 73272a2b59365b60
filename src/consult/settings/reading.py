"""Reading an ini's settings through the table: typed, checked at start-up,
with errors that name the setting."""

import difflib
import os
from collections.abc import Mapping
from functools import lru_cache

from .kinds import SettingError
from .table import DEFAULTS, TABLE

PREFIX = "consult."


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
