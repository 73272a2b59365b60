"""The abuse limiter on a fake clock: rules from the ini, moving windows,
keys per account and per address, the message and the JSON error."""

from types import SimpleNamespace

import pytest
from pyramid import testing
from pyramid.i18n import Localizer
from pyramid.request import Request, apply_request_extensions

from consult.limits import (
    DEFAULTS,
    RECOMMENDED,
    ClockedMemoryStorage,
    IRateLimiter,
    RateLimited,
    RateLimiter,
    json_error,
    limiter_factory,
    parse_rules,
    wants_json,
)


class FakeTime:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def time():
    return FakeTime()


def limiter(time, **settings):
    return RateLimiter(
        parse_rules({f"consult.limits.{k}": v for k, v in settings.items()}),
        ClockedMemoryStorage(time),
    )


def test_rules_from_settings():
    rules = parse_rules(
        {"consult.limits.comment": "3/minute; 20/day", "consult.limits.support": ""}
    )
    assert [str(item) for item in rules[("comment", "account")]] == [
        "3 per 1 minute",
        "20 per 1 day",
    ]
    assert rules[("support", "account")] == []  # switched off
    assert rules[("report", "address")] == []  # not set: no limit on posting
    assert [str(item) for item in rules[("register", "address")]] == ["5 per 1 hour"]
    recommended = parse_rules(
        {f"consult.limits.{name}": value for name, value in RECOMMENDED.items()}
    )
    assert [str(item) for item in recommended[("register", "address")]] == ["5 per 1 hour"]
    assert [str(item) for item in recommended[("signin.lock", "account")]] == [
        "20 per 1 hour",
        "50 per 1 day",
    ]
    assert ("signin.lock", "address") not in recommended


def test_the_limits_on_guessing_apply_unless_switched_off():
    rules = parse_rules({})
    for name in ("register", "signin", "signin.lock", "forgot", "jury_application", "verification"):
        assert rules[(name, "account")], name
    for name in ("register", "signin", "forgot", "jury_application", "verification"):
        assert rules[(name, "address")], name
    assert set(DEFAULTS) == {
        "register",
        "register.address",
        "signin",
        "signin.lock",
        "signin.address",
        "forgot",
        "forgot.address",
        "jury_application",
        "jury_application.address",
        "verification",
        "verification.address",
    }
    off = parse_rules({"consult.limits.signin": "", "consult.limits.signin.address": ""})
    assert off[("signin", "account")] == [] and off[("signin", "address")] == []
    assert off[("signin.lock", "account")]


def test_per_address_sign_in_limits_are_stricter_than_the_lock():
    """One address can never lock an account out: in every window of the
    lock, the address is refused first (docs/security.md)."""
    rules = parse_rules({})
    address = {item.get_expiry(): item.amount for item in rules[("signin", "address")]}
    for lock in rules[("signin.lock", "account")]:
        windows = [amount for expiry, amount in address.items() if expiry <= lock.get_expiry()]
        assert windows and min(windows) < lock.amount


@pytest.mark.parametrize(
    "ini",
    ["development.ini", "etc/production.ini", "etc/consult-zeo.ini", "etc/consult-relstorage.ini"],
)
def test_every_shipped_ini_limits_guessing(ini):
    from configparser import ConfigParser
    from pathlib import Path

    parser = ConfigParser(interpolation=None)
    parser.read(Path(__file__).parents[2] / ini)
    settings = dict(parser["app:main"])
    for name in DEFAULTS:
        assert settings.get(f"consult.limits.{name}") == RECOMMENDED[name], (ini, name)


def test_scope_and_message_of_a_refusal(time):
    limits = limiter(time, signin="2/minute", **{"signin.address": "1/minute"})
    limits.hit("signin", "email:x", "10.0.0.1")
    with pytest.raises(RateLimited) as refused:
        limits.check("signin", "email:y", "10.0.0.1")
    assert refused.value.scope == "address"
    limits.hit("signin", "email:x", "10.0.0.2")
    with pytest.raises(RateLimited) as refused:
        limits.check("signin", "email:x", "10.0.0.3")
    assert refused.value.scope == "account"
    localizer = Localizer("en", None)
    assert localizer.translate(RateLimited("register", 60, "account").message).startswith(
        "This e-mail address was registered several times"
    )
    assert localizer.translate(RateLimited("register", 60, "address").message).startswith(
        "Many accounts were created from your address"
    )


def test_reaching_a_limit_is_known_before_the_hit(time):
    limits = limiter(time, **{"signin.lock": "2/hour"})
    assert not limits.reaches_limit("signin.lock", "email:x")
    limits.hit("signin.lock", "email:x")
    assert limits.reaches_limit("signin.lock", "email:x")
    assert not limits.reaches_limit("signin.lock", "email:y")


def test_addresses_are_counted_under_a_keyed_hash():
    one = RateLimiter({}, ClockedMemoryStorage(), secret="one")
    other = RateLimiter({}, ClockedMemoryStorage(), secret="other")
    assert one.email_key(" A@Example.kz") == one.email_key("a@example.kz")
    assert one.email_key("a@example.kz") != other.email_key("a@example.kz")
    assert "example" not in one.email_key("a@example.kz")


def test_moving_window_on_a_fake_clock(time):
    limits = limiter(time, comment="2/minute;3/day", **{"comment.address": ""})
    for _ in range(2):
        limits.check("comment", "u1", "1.2.3.4")
        limits.hit("comment", "u1", "1.2.3.4")
    with pytest.raises(RateLimited) as refused:
        limits.check("comment", "u1", "1.2.3.4")
    assert refused.value.retry_after == 60
    time.now += 30
    assert limits.retry_after("comment", "u1") == 30
    # Another account is not affected.
    limits.check("comment", "u2", "1.2.3.4")
    time.now += 31
    limits.check("comment", "u1")
    limits.hit("comment", "u1")
    time.now += 120
    # The day's limit: three comments, the first 181 s ago.
    assert limits.retry_after("comment", "u1") == 86400 - 181


def test_address_limits_add_up_across_accounts(time):
    limits = limiter(time, comment="10/minute", **{"comment.address": "3/minute"})
    for userid in ("a", "b", "c"):
        limits.hit("comment", userid, "10.0.0.1")
    with pytest.raises(RateLimited):
        limits.check("comment", "d", "10.0.0.1")
    limits.check("comment", "d", "10.0.0.2")
    limits.reset()
    limits.check("comment", "d", "10.0.0.1")


def test_the_message_says_when():
    localizer = Localizer("en", None)
    minutes = localizer.translate(RateLimited("comment", 59.2).message)
    assert minutes == ("You have posted many comments in a short time. Please try again in 1 min.")
    assert RateLimited("comment", 59.2).retry_after == 60
    assert localizer.translate(RateLimited("report", 3 * 3600).message).endswith(
        "Please try again in 3 h."
    )


def request(path="/consultations/x/comments/post", accept=None):
    headers = {"Accept": accept} if accept else {}
    req = testing.DummyRequest(path=path, headers=headers)
    from webob.acceptparse import create_accept_header

    req.accept = create_accept_header(accept)
    req.localizer = Localizer("en", None)
    return req


def test_json_requests():
    assert wants_json(request(accept="application/json"))
    assert wants_json(request(path="/api/comments"))
    assert not wants_json(request(accept="text/html,application/xhtml+xml,*/*;q=0.8"))
    assert not wants_json(request())
    response = json_error(request(accept="application/json"), RateLimited("support", 12.5))
    assert response.status_int == 429 and response.headers["Retry-After"] == "13"
    assert response.json_body["retry_after"] == 13 and response.json_body["action"] == "support"


def test_one_limiter_per_application():
    from consult.clock import FixedClock, IClock

    clock = FixedClock(SimpleNamespace(timestamp=lambda: 5.0))
    with testing.testConfig(settings={"consult.limits.comment": "1/hour"}) as config:
        config.include("pyramid_services")
        config.include("consult.limits")
        config.register_service(clock, IClock)
        req = Request.blank("/")
        req.registry = config.registry
        apply_request_extensions(req)
        first = limiter_factory(None, req)
        assert limiter_factory(None, req) is first
        assert req.find_service(IRateLimiter) is first
        first.hit("comment", "u")
        assert first.retry_after("comment", "u") == 3600
