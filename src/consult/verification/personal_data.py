"""verification's part of a person's data file: how they were verified
(never an IIN: the site does not keep one)."""

from .models import records_of


def verifications_data(request, principal):
    return [
        {"method": name, "level": record.level, "when": record.when}
        for name, record in sorted(records_of(principal).items())
    ]
