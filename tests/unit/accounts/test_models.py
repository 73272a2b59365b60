import factories
import pytest

from consult.accounts.models import Principals
from consult.accounts.passwords import verify_password


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


def test_a_proven_address_opens_a_confirmed_account_once():
    principals = Principals()
    now = factories.NOW
    opened = principals.open_with_proven_address(
        "Juror@Example.kz", "Aigerim", "Seitkali", "long password here", now
    )
    assert principals.find_by_email("juror@example.kz") is opened
    assert opened.confirmed_at == now
    assert verify_password(opened.password_hash, "long password here")
    again = principals.open_with_proven_address("juror@example.kz", "A", "B", None, now)
    assert again is opened and len(principals) == 1


def test_a_proven_address_confirms_the_account_it_already_has():
    principals = Principals()
    known = principals.add_principal(factories.principal("a@example.kz", "A", "B"))
    assert known.confirmed_at is None
    opened = principals.open_with_proven_address("a@example.kz", "A", "B", None, factories.NOW)
    assert opened is known and known.confirmed_at == factories.NOW


def test_a_language_is_one_of_the_three():
    principal = make()
    assert principal.language is None  # accounts from before read the class's
    principal.choose_language("kk")
    assert principal.language == "kk"
    with pytest.raises(ValueError):
        principal.choose_language("de")
    assert principal.language == "kk"


def test_an_account_opened_by_a_jury_invitation_keeps_the_applicants_language():
    principals = Principals()
    opened = principals.open_with_proven_address(
        "juror@example.kz", "Aigerim", "Seitkali", "long password here", factories.NOW, "kk"
    )
    assert opened.language == "kk"
