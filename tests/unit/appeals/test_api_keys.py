"""Partners' Open311 keys: only a keyed hash is stored, a key is found by
its holder under the current or the previous hash secret, revoked by its
first characters; step 31 gives an older container its keys and puts its
public appeals in the change feed."""

import pytest
from factories import NOW

from consult.accounts.models import Principal, Principals
from consult.appeals import evolve
from consult.appeals.api_keys import ApiKeyService
from consult.appeals.interfaces import AppealError
from consult.appeals.models import Appeal, Appeals
from consult.clock import FixedClock
from consult.hashing import HashKeys


@pytest.fixture
def principals():
    principals = Principals()
    principals.add_principal(Principal("partner@example.kz", "City", "App", "", NOW))
    return principals


def service(principals):
    return ApiKeyService(Appeals(), HashKeys("secret"), FixedClock(NOW), principals)


def test_only_a_keyed_hash_is_stored_and_the_key_finds_its_holder(principals):
    keys = service(principals)
    plain = keys.issue("City app", "partner@example.kz", "admin")
    assert plain not in list(keys.stored.keys()) and len(plain) >= 40
    holder = keys.holder(plain)
    assert (
        holder.partner == "City app"
        and holder.userid == principals.find_by_email("partner@example.kz").id
    )
    assert keys.holder("not-a-key") is None and keys.holder("") is None


def test_a_key_outlives_a_hash_secret_rotation_while_the_previous_secret_is_set(principals):
    before = service(principals)
    plain = before.issue("City app", "partner@example.kz", "admin")
    rotated = ApiKeyService(before.appeals, HashKeys("new", "secret"), FixedClock(NOW), principals)
    assert rotated.holder(plain) is not None
    after = ApiKeyService(before.appeals, HashKeys("new"), FixedClock(NOW), principals)
    assert after.holder(plain) is None


def test_revoking_by_prefix(principals):
    keys = service(principals)
    plain = keys.issue("City app", "partner@example.kz", "admin")
    assert [key.prefix for key in keys.listed()] == [plain[:8]]
    assert keys.revoke(plain[:8]) and keys.holder(plain) is None
    assert not keys.revoke(plain[:8])


@pytest.mark.parametrize(
    "partner, email", [("", "partner@example.kz"), ("City app", "nobody@example.kz")]
)
def test_a_key_needs_a_partner_and_an_account(principals, partner, email):
    with pytest.raises(AppealError):
        service(principals).issue(partner, email, "admin")


def test_step_31_gives_the_keys_and_feeds_the_public_appeals(monkeypatch):
    appeals = Appeals()
    del appeals.api_keys
    for public in (True, False):
        appeals.add_appeal(Appeal("u", "complaint", "roads", "1", "", "text", public, NOW))
    fed = []
    monkeypatch.setattr(evolve, "appeal_changed", fed.append)
    evolve.evolve_30_appeals_in_search({"appeals": appeals})
    assert len(appeals.api_keys) == 0
    assert [appeal.name for appeal in fed] == ["1"]
