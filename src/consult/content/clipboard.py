"""The editors' clipboard: items copied or cut in one folder's contents,
to be pasted into another. It lives in the person's session (a signed
cookie), so it holds only uids, and at most LIMIT of them."""

KEY = "consult.content.clipboard"
# A page of contents has 25 items to tick; the cookie holds all of a
# session and has room for about 100 uids of 32 characters.
LIMIT = 50
MODES = ("copy", "cut")


def clipboard_of(session):
    """(mode, [uid]) of what was copied or cut, or (None, [])."""
    held = session.get(KEY) or {}
    mode, uids = held.get("mode"), held.get("uids") or []
    if mode not in MODES or not uids:
        return None, []
    return mode, list(uids)


def fill(session, mode, uids):
    """Hold `uids` to copy or cut (`mode`), instead of what was held."""
    if mode not in MODES:
        raise ValueError(f"unknown clipboard mode {mode!r}")
    session[KEY] = {"mode": mode, "uids": list(dict.fromkeys(uids))[:LIMIT]}


def empty(session):
    if KEY in session:
        del session[KEY]
