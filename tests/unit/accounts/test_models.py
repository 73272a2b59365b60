import factories
import pytest

from consult.accounts.models import Principals


def make(first="Aigerim", last="Serikova", email="Aigerim@Example.kz "):
    return factories.principal(email, first, last, password_hash="hash", created=None)


def test_public_name_is_first_name_and_initial_of_surname():
    assert make().public_name == "Aigerim S."


def test_full_name_only_when_chosen():
    principal = make()
    principal.show_full_name = True
    assert principal.public_name == "Aigerim Serikova"


def test_cyrillic_initial():
    assert make("Данияр", "Ахметов").public_name == "Данияр А."


def test_email_is_normalized_and_indexed():
    principals = Principals()
    principal = principals.add_principal(make())
    assert principal.email == "aigerim@example.kz"
    assert principals.find_by_email("AIGERIM@example.kz") is principal
    assert len(principals) == 1


def test_duplicate_email_refused():
    principals = Principals()
    principals.add_principal(make())
    with pytest.raises(KeyError):
        principals.add_principal(make(email="aigerim@example.kz"))


def test_unknown_role_refused():
    with pytest.raises(ValueError):
        make().grant("emperor")
