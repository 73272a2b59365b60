from datetime import UTC, datetime

import factories
from BTrees.OOBTree import OOBTree
from pyramid.authorization import Authenticated, Everyone

from consult.accounts.security import SecurityPolicy, roles_in_context
from consult.resources.models import Folder, Root

NOW = datetime(2026, 3, 2, tzinfo=UTC)


class Request:
    def __init__(self, identity):
        self.identity = identity


def tree():
    root = Root()
    consultation = root.add("c", Folder())
    consultation.local_roles = OOBTree()
    other = root.add("other", Folder())
    return root, consultation, other


def person(confirmed=True):
    return factories.principal(
        "a@example.kz", "A", "B", created=NOW, confirmed_at=NOW if confirmed else None
    )


def test_anonymous_may_view_but_not_comment():
    root, consultation, _ = tree()
    policy = SecurityPolicy()
    assert policy.permits(Request(None), consultation, "view")
    assert not policy.permits(Request(None), consultation, "comment")


def test_unconfirmed_account_may_comment_but_not_support_or_report():
    # Its comments are held until the address is confirmed (issue 7).
    root, consultation, _ = tree()
    policy = SecurityPolicy()
    unconfirmed = Request(person(confirmed=False))
    assert policy.permits(unconfirmed, consultation, "comment")
    assert not policy.permits(unconfirmed, consultation, "support")
    assert not policy.permits(unconfirmed, consultation, "report")
    assert policy.permits(Request(person()), consultation, "comment")


def test_local_editor_role_applies_only_to_its_consultation():
    root, consultation, other = tree()
    principal = person()
    consultation.local_roles[principal.id] = ("editor",)
    policy = SecurityPolicy()
    assert policy.permits(Request(principal), consultation, "edit")
    assert not policy.permits(Request(principal), other, "edit")
    assert roles_in_context(principal, consultation) == {"editor", "citizen"}


def test_site_wide_role():
    root, consultation, other = tree()
    principal = person()
    principal.grant("moderator")
    policy = SecurityPolicy()
    principals = policy.effective_principals(Request(principal), other)
    assert Everyone in principals and Authenticated in principals
    assert "role:moderator" in principals
    assert policy.permits(Request(principal), other, "moderate")
    assert not policy.permits(Request(principal), other, "manage")
