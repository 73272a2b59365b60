"""The abuse limiter on a fake clock: rules from the ini, moving windows,
keys per account and per address, the message and the JSON error."""
from types import SimpleNamespace

import pytest
from pyramid import testing
from pyramid.i18n import Localizer
from pyramid.request import Request, apply_request_extensions

from consult.limits import (RECOMMENDED, ClockedMemoryStorage, IRateLimiter, RateLimited,
                            RateLimiter, json_error, limiter_factory, parse_rules, wants_json)


class FakeTime:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def time():
    return FakeTime()


def limiter(time, **settings):
    return RateLimiter(parse_rules({f"consult.limits.{k}": v for k, v in settings.items()}),
                       ClockedMemoryStorage(time))


def test_rules_from_settings():
    rules = parse_rules({"consult.limits.comment": "3/minute; 20/day",
                         "consult.limits.support": ""})
    assert [str(item) for item in rules[("comment", "account")]] == [
        "3 per 1 minute", "20 per 1 day"]
    assert rules[("support", "account")] == []  # switched off
    assert rules[("register", "address")] == []  # not set: no limit
    recommended = parse_rules({f"consult.limits.{name}": value
                               for name, value in RECOMMENDED.items()})
    assert [str(item) for item in recommended[("register", "address")]] == ["5 per 1 hour"]
    assert recommended[("register", "account")] == []


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
    assert minutes == ("You have posted many comments in a short time. "
                       "Please try again in 1 min.")
    assert RateLimited("comment", 59.2).retry_after == 60
    assert localizer.translate(RateLimited("report", 3 * 3600).message).endswith(
        "Please try again in 3 h.")


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
