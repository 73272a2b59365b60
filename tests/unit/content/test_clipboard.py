"""The editors' clipboard in the session: what it holds, and no more than
its limit."""

import pytest

from consult.content.clipboard import LIMIT, clipboard_of, empty, fill


def test_holds_the_last_copy_or_cut():
    session = {}
    assert clipboard_of(session) == (None, [])
    fill(session, "copy", ["a", "b", "a"])
    assert clipboard_of(session) == ("copy", ["a", "b"])
    fill(session, "cut", ["c"])
    assert clipboard_of(session) == ("cut", ["c"])
    empty(session)
    assert session == {} and clipboard_of(session) == (None, [])
    empty(session)


def test_keeps_at_most_its_limit_and_refuses_unknown_modes():
    session = {}
    fill(session, "copy", [f"uid-{n}" for n in range(LIMIT + 10)])
    assert len(clipboard_of(session)[1]) == LIMIT
    with pytest.raises(ValueError):
        fill(session, "move", ["a"])
    session["consult.content.clipboard"] = {"mode": "steal", "uids": ["a"]}
    assert clipboard_of(session) == (None, [])
