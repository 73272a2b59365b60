"""Pages of accounts from the e-mail index, on a real ZODB: which accounts a
page loads, and how a search walks them."""

import factories
import pytest
import transaction
import ZODB
from ZODB.MappingStorage import MappingStorage

from consult.accounts.directory import find_people
from consult.accounts.models import Principals


@pytest.fixture
def stored():
    """A database of 60 accounts (p00..p59, every tenth a moderator); yields
    open() -> the Principals folder in a fresh connection, all ghosts."""
    db = ZODB.DB(MappingStorage())
    connection = db.open()
    principals = connection.root()["principals"] = Principals()
    for number in range(60):
        roles = ("moderator",) if number % 10 == 0 else ()
        principals.add_principal(
            factories.principal(f"p{number:02}@example.kz", "Person", f"N{number:02}", roles=roles)
        )
    transaction.commit()
    connection.close()
    connections = []

    def open_folder():
        connection = db.open(transaction.TransactionManager())
        connection.cacheMinimize()  # a pooled connection keeps what it read before
        connections.append(connection)
        return connection.root()["principals"]

    yield open_folder
    for connection in connections:
        connection.close()
    db.close()


def loaded(principals):
    """The accounts of the folder that have been read from the database."""
    return {p.email for p in principals.data.values() if p._p_changed is not None}


def emails(page):
    return [p.email for p in page.people]


def test_a_page_without_a_filter_loads_only_its_own_accounts(stored):
    principals = stored()
    page = find_people(principals, page=2, size=10)
    assert emails(page) == [f"p{n:02}@example.kz" for n in range(10, 20)]
    assert page.has_previous and page.has_next
    assert loaded(principals) == set(emails(page))


def test_the_last_page_has_no_next(stored):
    page = find_people(stored(), page=6, size=10)
    assert len(page.people) == 10 and not page.has_next
    assert find_people(stored(), page=7, size=10).people == []


def test_a_role_search_stops_after_the_page_and_one_more(stored):
    principals = stored()
    page = find_people(principals, role="moderator", size=2)
    assert emails(page) == ["p00@example.kz", "p10@example.kz"] and page.has_next
    # p00..p20 were read, the accounts after the third match were not.
    assert loaded(principals) == {f"p{n:02}@example.kz" for n in range(21)}


def test_an_address_found_without_a_role_is_not_read_until_shown(stored):
    principals = stored()
    page = find_people(principals, text="example", size=5)
    read = loaded(principals)
    assert page.has_next and read == set()  # the page's accounts are read as it is shown
    assert len(emails(page)) == 5 and loaded(principals) == set(emails(page))


def test_an_address_search_reads_only_the_index(stored):
    principals = stored()
    page = find_people(principals, text="4@EXAMPLE", size=3)
    assert emails(page) == ["p04@example.kz", "p14@example.kz", "p24@example.kz"]
    assert page.has_next
    assert loaded(principals) == set(emails(page))


def test_a_name_search_ignores_case(stored):
    page = find_people(stored(), text="n07")
    assert emails(page) == ["p07@example.kz"] and not page.has_next
