"""The territory a signature counts under: the one a verification recorded
(its KATO code, or the classifier's territory a finer code lies in), before
the one the signer states."""

from factories import NOW, principal

from consult.organisations.territories import load_territories
from consult.petitions.counts import STATED, VERIFIED
from consult.petitions.signing import classifier_territory, signature_for, verified_region
from consult.verification.models import VerificationRecord, add_record

TERRITORIES = load_territories()


def test_a_code_is_its_territory_or_the_one_it_lies_in():
    assert classifier_territory("711210000", TERRITORIES) == "711210000"  # Yesil, Astana
    assert classifier_territory("711213100", TERRITORIES) == "711210000"  # inside it
    assert classifier_territory("354035100", TERRITORIES) == "350000000"  # a village: its oblast
    assert classifier_territory("712000000", TERRITORIES) == "710000000"
    for unknown in ("990000000", "71121", "", None):
        assert classifier_territory(unknown, TERRITORIES) is None


def test_the_verified_territory_comes_first_and_the_stated_one_otherwise():
    person = principal("a@example.kz", "Aliya", "S")
    assert verified_region(person, TERRITORIES) is None
    stated = signature_for(person, NOW, TERRITORIES, region="710000000")
    assert (stated.region, stated.source) == ("710000000", STATED)
    add_record(person, VerificationRecord("staff", 2, NOW, data={"note": "seen"}))
    add_record(person, VerificationRecord("census", 2, NOW, data={"kato": "354035100"}))
    assert verified_region(person, TERRITORIES) == "350000000"
    verified = signature_for(person, NOW, TERRITORIES, region="710000000")
    assert (verified.region, verified.source) == ("350000000", VERIFIED)
    # A code outside the classifier is no territory: the stated one counts.
    add_record(person, VerificationRecord("census", 2, NOW, data={"kato": "990000000"}))
    assert signature_for(person, NOW, TERRITORIES, region="710000000").source == STATED
