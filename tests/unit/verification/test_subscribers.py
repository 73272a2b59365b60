"""A closed account keeps no verification, and frees the census entry it
claimed or the IIN its signature bound (so that its owner can verify a new
account)."""

import factories
from pyramid.testing import DummyRequest

from consult.accounts.events import AccountClosed
from consult.resources.models import Root
from consult.verification.models import (
    VerificationRecord,
    add_record,
    census_of,
    signature_claims_of,
)
from consult.verification.subscribers import forget_closed_account


def test_closing_frees_the_claim_and_drops_the_records():
    root = Root()
    census = census_of(root, create=True)
    closing = factories.principal("asel@example.kz")
    staying = factories.principal("other@example.kz")
    add_record(closing, VerificationRecord("census", 2, factories.NOW))
    census.claims["iin-key-1"] = closing.id
    census.claims["iin-key-2"] = staying.id
    request = DummyRequest()
    request.root = root
    forget_closed_account(AccountClosed(request, closing, "ABC123"))
    assert dict(census.claims) == {"iin-key-2": staying.id}
    assert closing.verifications is None


def test_closing_frees_the_iin_of_a_signature():
    root = Root()
    claims = signature_claims_of(root, create=True)
    closing = factories.principal("asel@example.kz")
    staying = factories.principal("other@example.kz")
    add_record(
        closing, VerificationRecord("signature", 3, factories.NOW, data={"iin_hash": "key-1"})
    )
    claims["key-1"], claims["key-2"] = closing.id, staying.id
    request = DummyRequest()
    request.root = root
    forget_closed_account(AccountClosed(request, closing, "ABC123"))
    assert dict(claims) == {"key-2": staying.id}
    assert closing.verifications is None
