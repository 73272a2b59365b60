"""How the outcome report writes time: instants as ISO 8601 in UTC, days as
calendar days in Asia/Almaty."""

from ..layout import LOCAL_ZONE


def iso(when):
    return when.isoformat() if when is not None else None


def local_day(when):
    return when.astimezone(LOCAL_ZONE).date().isoformat()
