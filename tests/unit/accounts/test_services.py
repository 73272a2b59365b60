from datetime import UTC, datetime, timedelta

import factories
import pytest
import transaction
from pyramid import testing

from consult.accounts.events import PasswordChanged, SessionsEnded
from consult.accounts.models import Principals
from consult.accounts.services import AccountError, AccountService, IAccountService
from consult.clock import FixedClock
from consult.limits import ClockedMemoryStorage, RateLimited, RateLimiter, parse_rules
from consult.resources.models import Root

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class RecordingMailer:
    def __init__(self):
        self.sent = []
        self.languages = []  # the language each message was sent in

    def send(self, to, subject, body, language=None):
        self.languages.append(language)
        self.sent.append((to, subject, body))

    def link(self):
        return self.sent[-1][2].mapping["link"]


@pytest.fixture
def events():
    return []


@pytest.fixture(autouse=True)
def cheap_hashes():
    """argon2 at a token cost: these tests hash and verify dozens of times."""
    from consult.accounts import passwords

    passwords.configure(
        {
            "consult.argon2.memory_cost": "1024",
            "consult.argon2.time_cost": "1",
            "consult.argon2.parallelism": "1",
        }
    )
    yield
    passwords.configure({})


@pytest.fixture
def service(events):
    root = Root()
    root.add("principals", Principals())
    manager = transaction.TransactionManager()
    request = testing.DummyRequest(root=root, identity=None, client_addr="10.0.0.1", tm=manager)
    clock = FixedClock(NOW)
    config = testing.setUp(
        request=request, settings={"consult.public_url": "https://consult.example.kz"}
    )
    config.add_subscriber(events.append, PasswordChanged)
    config.add_subscriber(events.append, SessionsEnded)
    limiter = RateLimiter(parse_rules({}), ClockedMemoryStorage(lambda: clock.now().timestamp()))
    manager.begin()
    yield AccountService(root["principals"], clock, RecordingMailer(), request, limiter)
    manager.abort()
    testing.tearDown()


def token_of(link):
    return link.split("token=")[1]


def committed(service):
    """Commit the request's transaction (limits count after commit), and begin the next."""
    service.request.tm.commit()
    service.request.tm.begin()


def registered(service, email="a@example.kz", password="long enough password"):
    service.register(email, "Aigerim", "Serikova", password)
    return service.confirm(token_of(service.mailer.link()))


def test_the_service_provides_its_interface(service):
    from zope.interface.verify import verifyObject

    assert verifyObject(IAccountService, service)


def test_registering_creates_nothing_until_the_link_is_followed(service):
    service.register(
        "a@example.kz", "Aigerim", "Serikova", "long enough password", show_full_name=True
    )
    assert service.principals.find_by_email("a@example.kz") is None
    assert service.mailer.sent[0][0] == "a@example.kz"
    token = token_of(service.mailer.link())
    principal = service.confirm(token)
    assert principal.confirmed and principal.show_full_name
    assert service.principals.find_by_email("a@example.kz") is principal
    assert service.authenticate("a@example.kz", "long enough password") is principal
    with pytest.raises(AccountError):
        service.confirm(token)


def test_registering_a_known_address_mails_its_owner(service):
    principal = registered(service)
    hash_before = principal.password_hash
    service.register("A@EXAMPLE.KZ", "Someone", "Else", "another long password")
    to, subject, body = service.mailer.sent[-1]
    assert to == "a@example.kz"
    assert subject == "You already have an account"
    assert "link" not in body.mapping  # nothing to redeem: a reminder
    assert principal.password_hash == hash_before
    assert len(service.principals) == 1


def test_a_pending_registration_cannot_take_a_confirmed_address(service):
    service.register("a@example.kz", "Aigerim", "Serikova", "long enough password")
    first = token_of(service.mailer.link())
    service.register("a@example.kz", "Someone", "Else", "another long password")
    second = token_of(service.mailer.link())
    principal = service.confirm(second)
    assert principal.first_name == "Someone"
    with pytest.raises(AccountError, match="has an account already"):
        service.confirm(first)
    assert service.authenticate("a@example.kz", "another long password") is principal


def test_an_old_unconfirmed_account_is_claimed_by_whoever_owns_the_address(service):
    squatter = factories.principal("a@example.kz", "Not", "Owner", password="squatters password")
    service.principals.add_principal(squatter)
    squatter.begin_session("sid", NOW, timedelta(hours=1))
    service.register("a@example.kz", "Aigerim", "Serikova", "long enough password")
    principal = service.confirm(token_of(service.mailer.link()))
    assert principal is squatter and principal.confirmed
    assert principal.first_name == "Aigerim"
    assert service.authenticate("a@example.kz", "long enough password") is principal
    assert principal.session_began("sid") is None


def test_password_is_hashed_with_argon2(service):
    principal = registered(service)
    assert principal.password_hash.startswith("$argon2")
    assert "long enough password" not in principal.password_hash


def test_authenticate(service):
    registered(service)
    assert service.authenticate("A@example.kz", "long enough password").email == "a@example.kz"
    with pytest.raises(AccountError) as wrong:
        service.authenticate("a@example.kz", "wrong password")
    with pytest.raises(AccountError) as unknown:
        service.authenticate("nobody@example.kz", "long enough password")
    assert wrong.value.message == unknown.value.message


def test_failures_count_after_commit_and_lock_the_account(service):
    principal = registered(service)
    service.limiter.rules = parse_rules(
        {
            "consult.limits.signin": "",
            "consult.limits.signin.address": "",
            "consult.limits.signin.lock": "3/hour",
        }
    )
    for _attempt in range(3):
        with pytest.raises(AccountError):
            service.authenticate("a@example.kz", "wrong password")
        committed(service)
    with pytest.raises(RateLimited) as locked:
        service.authenticate("a@example.kz", "long enough password")
    assert locked.value.action == "signin.lock"
    # The failure that locked it mailed the owner a reset link, once.
    [lock_mail] = [m for m in service.mailer.sent if m[1] == "Your account is locked for a while"]
    assert service.reset_token_principal(token_of(lock_mail[2].mapping["link"])) is principal
    service.clock.advance(timedelta(hours=1, seconds=1))
    assert service.authenticate("a@example.kz", "long enough password") is principal


def test_confirmation_link_expires(service):
    service.register("a@example.kz", "A", "B", "long enough password")
    service.clock.advance(timedelta(days=8))
    with pytest.raises(AccountError):
        service.confirm(token_of(service.mailer.link()))


def test_password_reset(service, events):
    principal = registered(service)
    principal.begin_session("sid", NOW, timedelta(hours=1))
    service.request_password_reset("a@example.kz")
    token = token_of(service.mailer.link())
    assert service.check_reset_token(token)
    service.reset_password(token, "a brand new password")
    assert service.authenticate("a@example.kz", "a brand new password") is principal
    assert not service.check_reset_token(token)
    assert principal.session_began("sid") is None
    assert [(type(e), e.how) for e in events] == [(PasswordChanged, "reset")]


def test_a_newer_reset_link_revokes_the_older(service):
    registered(service)
    service.request_password_reset("a@example.kz")
    older = token_of(service.mailer.link())
    service.request_password_reset("a@example.kz")
    newer = token_of(service.mailer.link())
    assert not service.check_reset_token(older)
    with pytest.raises(AccountError):
        service.reset_password(older, "a brand new password")
    assert service.check_reset_token(newer)


def test_changing_the_password_revokes_reset_links_and_sessions(service, events):
    principal = registered(service)
    principal.begin_session("sid", NOW, timedelta(hours=1))
    service.request_password_reset("a@example.kz")
    token = token_of(service.mailer.link())
    with pytest.raises(AccountError):
        service.change_password(principal, "not my password", "a brand new password")
    assert principal.session_began("sid") == NOW
    service.change_password(principal, "long enough password", "a brand new password")
    assert not service.check_reset_token(token)
    assert principal.session_began("sid") is None
    assert service.authenticate("a@example.kz", "a brand new password") is principal
    assert [(type(e), e.how) for e in events] == [(PasswordChanged, "change")]


def test_ending_someones_sessions(service, events):
    principal = registered(service)
    for sid in ("one", "two"):
        principal.begin_session(sid, NOW, timedelta(hours=1))
    assert service.end_sessions(principal) == 2
    assert principal.session_began("one") is None
    assert [(type(e), e.count) for e in events] == [(SessionsEnded, 2)]


def test_reset_for_unknown_address_sends_nothing(service):
    service.request_password_reset("nobody@example.kz")
    assert service.mailer.sent == []


def test_reset_link_expires_after_two_hours(service):
    registered(service)
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
    # Nor the password, which waits in the pending registration as a hash.
    [(purpose, pending, _expires)] = service.principals.tokens.values()
    assert purpose == "register" and "long enough password" not in repr(pending)


def test_the_language_registered_in_is_carried_to_the_account(service):
    service.request.locale_name = "ru"  # whatever the link is opened in
    service.register("a@example.kz", "Aigerim", "Serikova", "long enough password", language="kk")
    assert service.mailer.languages == ["kk"]
    principal = service.confirm(token_of(service.mailer.link()))
    assert principal.language == "kk"


def test_without_a_language_the_registration_keeps_the_requests(service):
    service.request.locale_name = "ru"
    service.register("a@example.kz", "Aigerim", "Serikova", "long enough password")
    assert registered_language(service) == "ru"


def registered_language(service):
    return service.confirm(token_of(service.mailer.link())).language


def test_a_registration_pending_from_before_languages_still_confirms(service):
    service.register("a@example.kz", "Aigerim", "Serikova", "long enough password")
    [(digest, (purpose, payload, expires))] = list(service.principals.tokens.items())
    service.principals.tokens[digest] = (purpose, payload[:5], expires)
    principal = service.confirm(token_of(service.mailer.link()))
    assert principal.confirmed and principal.language is None


def test_mail_to_an_account_is_in_its_language(service):
    principal = registered(service)
    principal.choose_language("en")
    service.request.locale_name = "kk"
    service.request_password_reset("a@example.kz")
    service.register("a@example.kz", "Someone", "Else", "another long password")
    service.send_confirmation(principal)
    assert service.mailer.languages[-3:] == ["en", "en", "en"]


def test_signing_in_gives_an_older_account_the_requests_language(service):
    principal = registered(service)
    principal.language = None  # as accounts from before languages read
    service.request.locale_name = "kk"
    service.sign_in(principal)
    assert principal.language == "kk"
    service.request.locale_name = "en"
    service.sign_in(principal)
    assert principal.language == "kk"  # a choice made stays
