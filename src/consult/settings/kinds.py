"""The vocabulary of the settings table: how a setting's text becomes its
value (`Kind`, and the kinds the table uses), what a declared setting is
(`Setting`), and the errors that name it."""

import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from limits import parse_many


class SettingError(ValueError):
    """A setting is missing, malformed or unknown; the message names it."""


class PublicURLError(SettingError):
    """`consult.public_url` is missing or is not an http(s) address."""


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
