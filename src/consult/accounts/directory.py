"""Finding people among all accounts, a page at a time.

Accounts are listed in the order of their e-mail addresses, read from the
`by_email` index (a BTree of address -> id), and a search stops as soon as
the page and one more match are found. What each costs, in accounts read
from the database:
- no filter: the page's accounts only (and the index's buckets before it);
- text with an "@": the page's accounts only (the text is looked for in the
  index's addresses);
- other text: each account up to the page's end whose address does not
  contain the text, to look at its name;
- a role: each account up to the page's end (roles live on the account).
So the first pages are cheap, and a name or role search that matches
nobody reads every account once."""

from dataclasses import dataclass

PAGE_SIZE = 25


@dataclass(frozen=True)
class PeoplePage:
    people: list
    page: int  # 1-based
    has_previous: bool
    has_next: bool


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
    found = []  # userids, in order, up to one past the page
    for email, userid in index.items():
        if not role and text in email:
            found.append(userid)  # the address says it: the account need not be read
        elif text in email or _could_be_a_name(text):
            principal = principals.get(userid)
            if principal is not None and _matches(principal, email, text, role):
                found.append(userid)
        if len(found) > start + size:
            break
    people = [principals[userid] for userid in found[start : start + size]]
    return PeoplePage(people, page, page > 1, len(found) > start + size)


def _matches(principal, email, text, role):
    if role and role not in principal.roles:
        return False
    if not text or text in email:
        return True
    return text in f"{principal.first_name} {principal.last_name}".casefold()


def _could_be_a_name(text):
    """Text with an "@" is looked for in addresses only (the index), never
    in names, so that such a search reads no account it does not show."""
    return "@" not in text
