"""Finding people among all accounts, a page at a time.

Accounts are listed in the order of their e-mail addresses, read from the
`by_email` index (a BTree of address -> id): a page without a filter loads
only the index's buckets up to that page and the page's own accounts. An
address filter reads only the index's keys. A name or role filter has to
load each account it looks at (names and roles live on the account), in
order, and stops as soon as the page and one more match are found: the
first pages of a search are cheap, a search that matches nobody loads every
account once."""

from dataclasses import dataclass

PAGE_SIZE = 25


@dataclass(frozen=True)
class PeoplePage:
    people: list
    page: int  # 1-based
    has_previous: bool
    has_next: bool


def _matches_text(text, email, principal):
    if not text:
        return True
    if text in email:
        return True
    name = f"{principal.first_name} {principal.last_name}".casefold()
    return text in name


def find_people(principals, text="", role="", page=1, size=PAGE_SIZE):
    """The PeoplePage number `page` of the accounts whose name or e-mail
    address contains `text` (case aside) and who hold `role` (any role if
    empty)."""
    text = (text or "").strip().casefold()
    page = max(page, 1)
    start = (page - 1) * size
    index = principals.by_email
    if not text and not role:
        userids = list(index.values()[start : start + size + 1]) if start < len(index) else []
        people = [principals[userid] for userid in userids[:size]]
        return PeoplePage(people, page, page > 1, len(userids) > size)
    found = []
    for email, userid in index.items():
        if text and not role and text not in email and not _could_be_a_name(text):
            continue
        principal = principals.get(userid)
        if principal is None or (role and role not in principal.roles):
            continue
        if _matches_text(text, email, principal):
            found.append(principal)
            if len(found) > start + size:
                break
    return PeoplePage(found[start : start + size], page, page > 1, len(found) > start + size)


def _could_be_a_name(text):
    """An address-like text ("@" or a dot-less domain part) is not looked
    for in names, so that it reads only the index."""
    return "@" not in text
