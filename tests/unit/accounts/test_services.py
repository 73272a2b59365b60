from datetime import datetime, timedelta, timezone

import pytest
from pyramid import testing

from consult.accounts.models import Principals
from consult.accounts.services import AccountError, AccountService
from consult.clock import FixedClock
from consult.resources.models import Root


class RecordingMailer:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))

    def link(self):
        return self.sent[-1][2].mapping["link"]


@pytest.fixture
def service():
    root = Root()
    root.add("principals", Principals())
    request = testing.DummyRequest(root=root)
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    config = testing.setUp(request=request,
                           settings={"consult.public_url": "https://consult.example.kz"})
    yield AccountService(root["principals"], clock, RecordingMailer(), request)
    testing.tearDown()
    del config


def token_of(link):
    return link.split("token=")[1]


def test_register_sends_a_confirmation_link_that_confirms_once(service):
    principal = service.register("a@example.kz", "Aigerim", "Serikova", "long enough password")
    assert not principal.confirmed
    assert service.mailer.sent[0][0] == "a@example.kz"
    token = token_of(service.mailer.link())
    service.confirm(token)
    assert principal.confirmed
    with pytest.raises(AccountError):
        service.confirm(token)


def test_password_is_hashed_with_argon2(service):
    principal = service.register("a@example.kz", "A", "B", "long enough password")
    assert principal.password_hash.startswith("$argon2")
    assert "long enough password" not in principal.password_hash


def test_authenticate(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    assert service.authenticate("A@example.kz", "long enough password").email == "a@example.kz"
    with pytest.raises(AccountError):
        service.authenticate("a@example.kz", "wrong password")
    with pytest.raises(AccountError):
        service.authenticate("nobody@example.kz", "long enough password")


def test_duplicate_registration_refused(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    with pytest.raises(AccountError):
        service.register("A@EXAMPLE.KZ", "A", "B", "long enough password")


def test_confirmation_link_expires(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    service.clock.advance(timedelta(days=8))
    with pytest.raises(AccountError):
        service.confirm(token_of(service.mailer.link()))


def test_password_reset(service):
    principal = service.register("a@example.kz", "A", "B", "long enough password")
    service.request_password_reset("a@example.kz")
    token = token_of(service.mailer.link())
    assert service.check_reset_token(token)
    service.reset_password(token, "a brand new password")
    assert service.authenticate("a@example.kz", "a brand new password") is principal
    assert not service.check_reset_token(token)


def test_reset_for_unknown_address_sends_nothing(service):
    service.request_password_reset("nobody@example.kz")
    assert service.mailer.sent == []


def test_reset_link_expires_after_two_hours(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    service.request_password_reset("a@example.kz")
    token = token_of(service.mailer.link())
    service.clock.advance(timedelta(hours=2, minutes=1))
    assert not service.check_reset_token(token)
    with pytest.raises(AccountError):
        service.reset_password(token, "a brand new password")


def test_tokens_are_stored_hashed(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    token = token_of(service.mailer.link())
    assert token not in service.principals.tokens
