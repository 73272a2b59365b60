"""How verification reacts to what accounts announce."""

from ..accounts.events import AccountClosed
from .models import census_of, records_of, release_signature_claim


def forget_closed_account(event):
    """A closed account keeps no verification, and the census entry or the
    IIN of a signature it claimed is free again: the person may verify a
    new account."""
    principal = event.principal
    release_signature_claim(event.request.root, records_of(principal).get("signature"))
    principal.verifications = None
    census = census_of(event.request.root)
    if census is not None:
        for key in [key for key, userid in census.claims.items() if userid == principal.id]:
            del census.claims[key]


def includeme(config):
    config.add_subscriber(forget_closed_account, AccountClosed)
