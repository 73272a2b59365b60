"""Evolution step 27 on petitions signed before it: each signature (a time
until then) becomes a Signature at its signer's level today, and the
counters are made from them."""

from factories import NOW, principal

from consult.config import evolution_steps
from consult.petitions.counts import Signature
from consult.petitions.evolve import evolve_27_signature_counts
from consult.petitions.models import Petition
from consult.resources.models import Root
from consult.verification.models import VerificationRecord, add_record


def test_signatures_become_records_and_are_counted():
    root = Root()
    steps = evolution_steps()
    for number in range(1, 27):
        steps._steps[number](root)
    verified = principal("v@example.kz", "Vera", "V")
    add_record(verified, VerificationRecord("census", 2, NOW))
    root["principals"].add_principal(verified)
    petition = Petition("author", "T", "Text", "Asks", "body", "", NOW)
    del petition.tally  # as stored before step 27
    root["petitions"].add("1", petition)
    for userid in (verified.id, "closed-account"):
        petition.signatures[userid] = NOW
        petition.signature_count.change(1)
    evolve_27_signature_counts(root)
    assert petition.signatures[verified.id] == Signature(NOW, 2)
    assert petition.signatures["closed-account"] == Signature(NOW, 0)
    assert {level: n() for level, n in petition.tally.levels.items()} == {0: 1, 1: 0, 2: 1, 3: 0}
    assert petition.counted() == 2  # opened before levels counted: every signature
    tally = petition.tally
    evolve_27_signature_counts(root)  # run again: nothing changes
    assert petition.tally is tally and tally.at_least(0) == 2
