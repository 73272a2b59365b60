"""The limits on guessing IINs and addresses (the jury application, the IIN
self-verification): recommended per account and per address, with a
message of their own in every language and for either unit of time."""

from importlib.resources import files

import pytest
from pyramid.i18n import Localizer, make_localizer

from consult.limits import ACTIONS, RECOMMENDED, RateLimited, RateLimiter, parse_rules

LOCALE_DIRECTORY = str(files("consult.i18n") / "locale")

GUESSING = ("jury_application", "verification")


@pytest.mark.parametrize("action", GUESSING)
def test_recommended_per_account_and_per_address(action):
    assert action in ACTIONS
    rules = parse_rules({f"consult.limits.{name}": value for name, value in RECOMMENDED.items()})
    account, address = rules[(action, "account")], rules[(action, "address")]
    assert account and address
    # An address is shared by many people: it may try more than one account.
    assert address[0].amount > account[0].amount
    assert address[0].get_expiry() == account[0].get_expiry()


@pytest.mark.parametrize("action", GUESSING)
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_message_in_every_language_for_minutes_and_hours(action, language):
    localizer = make_localizer(language, [LOCALE_DIRECTORY])
    english = Localizer("en", None)
    for seconds, number in ((59.2, "1"), (3 * 3600, "3")):
        message = RateLimited(action, seconds).message
        text = localizer.translate(message)
        assert number in text and "${" not in text
        if language != "en":
            assert text != english.translate(message), (language, message)


def test_each_try_counts_for_the_account_and_for_the_address():
    now = [1_000_000.0]
    limiter = RateLimiter(
        parse_rules(
            {
                "consult.limits.verification": "2/hour",
                "consult.limits.verification.address": "3/hour",
            }
        ),
        now=lambda: now[0],
    )
    limiter.hit("verification", "aliya", "10.0.0.1")
    limiter.hit("verification", "aliya", "10.0.0.1")
    with pytest.raises(RateLimited) as refused:
        limiter.check("verification", "aliya", "10.0.0.2")
    assert refused.value.action == "verification"
    limiter.hit("verification", "bolat", "10.0.0.1")
    with pytest.raises(RateLimited):  # a third account on the same address
        limiter.check("verification", "dana", "10.0.0.1")
    limiter.check("verification", "dana", "10.0.0.2")
    now[0] += 3601
    limiter.check("verification", "aliya", "10.0.0.1")
