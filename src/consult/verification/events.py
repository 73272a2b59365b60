"""Verifications of people and the census list, on the record. Details name
the method and level, never the IIN or anything else the person gave."""

from ..events import RecordedEvent
from ..i18n import _


class PersonVerified(RecordedEvent):
    """`subject`: the verified account; the actor is the staff member, or
    the person themselves."""

    action = "verification.added"
    title = _("A person was verified")

    def __init__(self, request, person, verifier, level):
        super().__init__(request, person)
        self.verifier = verifier
        self.level = level

    def details(self):
        return {"method": self.verifier, "level": self.level}


class VerificationWithdrawn(RecordedEvent):
    action = "verification.withdrawn"
    title = _("A verification was withdrawn")

    def __init__(self, request, person, record):
        super().__init__(request, person)
        self.record = record

    def details(self):
        record = self.record
        return {
            "method": record.verifier,
            "level": record.level,
            "verified at": record.when.isoformat(),
            "verified by": record.by or "self",
        }


class CensusLoaded(RecordedEvent):
    action = "verification.census_loaded"
    title = _("A census list was loaded")

    def __init__(self, request, root, upload, added):
        super().__init__(request, root)
        self.upload = upload
        self.added = added

    def details(self):
        return {
            "file": self.upload.filename,
            "rows": self.upload.rows,
            "new people": self.added,
            "replaced the list": "yes" if self.upload.replaced else "no",
        }
