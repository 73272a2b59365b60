"""The table: every setting consult reads, declared once, by section, and
its typed default."""

from .appeals import APPEALS
from .capabilities import CAPABILITIES
from .petitions import PETITIONS
from .signatures import SIGNATURES
from .site import GARBAGE_COLLECTOR, SITE

SECTIONS = (*SITE, *CAPABILITIES, PETITIONS, SIGNATURES, APPEALS, GARBAGE_COLLECTOR)

TABLE = {setting.name: setting for _title, settings in SECTIONS for setting in settings}


def _parsed_default(setting):
    if setting.default == "" and not setting.kind.blank_is_value:
        return None
    return setting.kind.parse(setting.default)


DEFAULTS = {name: _parsed_default(setting) for name, setting in TABLE.items()}


def default_of(name):
    """The typed default of setting `name` (for a constructor's keyword default)."""
    return DEFAULTS[name]
