"""The signed links of the answer's mail: each names one appeal, its author,
one choice and one answer; altered, or of an earlier answer, it is refused;
made before a rotation of the hash secret, it still works."""

import pytest
from factories import NOW

from consult.appeals.interfaces import AppealError
from consult.appeals.models import CLOSED, FIXED, IN_PROGRESS, REGISTERED, Appeal, Appeals
from consult.appeals.rating import (
    NOT_RESOLVED,
    RESOLVED,
    RatingLinkError,
    answer_number,
    both_tokens,
    make_token,
    rateable,
    read_token,
)
from consult.hashing import HashKeys

KEYS = HashKeys("current-secret")


def answered(author="citizen"):
    appeals = Appeals()
    appeal = appeals.add_appeal(Appeal(author, "complaint", "roads", "1", "", "text", True, NOW))
    appeal.record(REGISTERED, NOW, "clerk")
    appeal.record(FIXED, NOW, "clerk", "Repaired")
    return appeal


def test_a_token_reads_back_its_choice():
    appeal = answered()
    assert read_token(KEYS, appeal, make_token(KEYS, appeal, RESOLVED)) == RESOLVED
    assert read_token(KEYS, appeal, make_token(KEYS, appeal, NOT_RESOLVED)) == NOT_RESOLVED
    assert set(both_tokens(KEYS, appeal)) == {RESOLVED, NOT_RESOLVED}


def test_an_altered_token_is_refused():
    appeal = answered()
    token = make_token(KEYS, appeal, RESOLVED)
    choice, number, signature = token.split(".")
    flipped = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    for bad in (
        "",
        "resolved",
        f"{choice}.{number}.{flipped}",
        f"{NOT_RESOLVED}.{number}.{signature}",  # the other choice
        f"{choice}.{int(number) + 1}.{signature}",  # another answer
        f"maybe.{number}.{signature}",
    ):
        with pytest.raises(RatingLinkError, match="not valid"):
            read_token(KEYS, appeal, bad)


def test_a_token_names_its_appeal_and_its_author():
    appeal = answered()
    token = make_token(KEYS, appeal, RESOLVED)
    other = answered()  # the same number in another container, another time
    other.author = "someone-else"
    with pytest.raises(RatingLinkError, match="not valid"):
        read_token(KEYS, other, token)
    with pytest.raises(RatingLinkError, match="not valid"):
        read_token(HashKeys("another-secret"), appeal, token)


def test_the_token_of_an_earlier_answer_is_stale():
    appeal = answered()
    token = make_token(KEYS, appeal, NOT_RESOLVED)
    assert answer_number(appeal) == 1
    appeal.record(IN_PROGRESS, NOW, "citizen", "Rated not resolved")
    appeal.record(FIXED, NOW, "head", "Repaired again")
    assert answer_number(appeal) == 2
    with pytest.raises(RatingLinkError, match="earlier answer"):
        read_token(KEYS, appeal, token)


def test_a_token_made_before_a_rotation_still_reads():
    appeal = answered()
    token = make_token(KEYS, appeal, RESOLVED)
    rotated = HashKeys("new-secret", previous="current-secret")
    assert read_token(rotated, appeal, token) == RESOLVED


def test_only_an_unrated_answer_is_rateable():
    appeal = answered()
    rateable(appeal)
    appeal.rating = {"resolved": True, "comment": "", "when": NOW}
    appeal.record(CLOSED, NOW, "citizen")
    with pytest.raises(AppealError, match="rated already"):
        rateable(appeal)
    waiting = Appeals().add_appeal(Appeal("u", "complaint", "roads", "1", "", "t", True, NOW))
    with pytest.raises(AppealError, match="no answer"):
        rateable(waiting)
