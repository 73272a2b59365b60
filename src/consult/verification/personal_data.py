"""verification's part of a person's data file: how they were verified
(never an IIN: the site does not keep one), and the KATO code of the
territory a verification recorded (the census list's)."""

from .models import records_of


def _entry(name, record):
    entry = {"method": name, "level": record.level, "when": record.when}
    kato = (record.data or {}).get("kato")
    if kato:
        entry["kato"] = kato
    return entry


def verifications_data(request, principal):
    return [_entry(name, record) for name, record in sorted(records_of(principal).items())]
