"""An open petition to a ministry and people to sign it, made directly in
the database (the petition's earlier life is test_petitions')."""

from datetime import timedelta

from consult.organisations.services import OrganisationService
from consult.petitions.models import OPEN, Petition
from consult.verification.models import VerificationRecord, add_record

ASTANA, YESIL, KARAGANDA = "710000000", "711210000", "350000000"


def open_petition(root, author, now, threshold=3, signature_level=2):
    """A petition by `author` (an id) open for 30 days; returns its name."""
    ministry = OrganisationService(root["organisations"]).for_ministry(
        {"en": "Ministry of Justice"}
    )
    petition = Petition(
        author,
        "Open the courts' decisions",
        "Hard to find.",
        "Publish them",
        ministry.name,
        "",
        now,
    )
    name = root["petitions"].next_name()
    root["petitions"].add(name, petition)
    petition.state = OPEN
    petition.decided = now
    petition.closes = now + timedelta(days=30)
    petition.threshold = threshold
    petition.signature_level = signature_level
    return name


def verify(principal, now, level=2, kato=None):
    """Record a verification of `principal` at `level`, with a territory."""
    data = {"kato": kato} if kato else {}
    add_record(principal, VerificationRecord("census", level, now, data=data))
