"""A closed account keeps no verification, and frees the census entry it
claimed (so that its owner can verify a new account)."""

import factories
from pyramid.testing import DummyRequest

from consult.accounts.events import AccountClosed
from consult.resources.models import Root
from consult.verification.models import VerificationRecord, add_record, census_of
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
