"""argon2's cost comes from the ini file; hashes made at any cost verify."""

import pytest
from argon2 import PasswordHasher

from consult.accounts import passwords


def test_the_default_cost_is_argon2_cffis():
    hasher = passwords.hasher_from_settings({})
    default = PasswordHasher()
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (
        default.memory_cost,
        default.time_cost,
        default.parallelism,
    )


def test_the_ini_file_sets_the_cost_and_old_hashes_still_verify():
    old = passwords.hash_password("correct horse battery")
    try:
        passwords.configure(
            {
                "consult.argon2.memory_cost": "19456",
                "consult.argon2.time_cost": "2",
                "consult.argon2.parallelism": "1",
            }
        )
        new = passwords.hash_password("correct horse battery")
        assert "$m=19456,t=2,p=1$" in new
        assert passwords.verify_password(new, "correct horse battery")
        assert passwords.verify_password(old, "correct horse battery")
        assert not passwords.verify_password(new, "wrong horse battery")
    finally:
        passwords.configure({})
    assert "$m=65536,t=3,p=4$" in passwords.hash_password("x")


@pytest.mark.parametrize(
    "password",
    [
        "1234567890",
        "qwertyuiop",
        "password1234",  # on the list of leaked passwords
        "P@ssw0rd2024",
        "qwertyuiop1",
        "iloveyou2024",  # one of them, dressed up
        "kazakhstan2024",
        "консультация2026",
        "пароль123456",  # this site's and country's words
        "йцукенгшщз12",
        "aaaaaaaaaaaaaaaaaaaa",
        "abcdefghijklmnop",  # layouts, repeats, sequences
        "x" * 200,  # past what zxcvbn reads
    ],
)
def test_common_and_guessable_passwords_are_refused(password):
    assert "too common" in passwords.password_problem(password, "a@example.kz", ("A", "B"))


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "seven pelicans under the bridge",
        "жаңа құпия сөз",
        "Дала мен тау арасында",
        "Tr0ub4dor&3x",
    ],
)
def test_good_passwords_pass(password):
    assert (
        passwords.password_problem(password, "aigerim.s@example.kz", ("Aigerim", "Serikova"))
        is None
    )


@pytest.mark.parametrize(
    "password",
    [
        "Aigerim loves green tea",
        "my name is serikova ok",
        "aigerim.s at home 2026",
        "the sky over ALMATY-aigerim",
    ],
)
def test_the_persons_name_and_address_are_refused(password):
    problem = passwords.password_problem(password, "aigerim.s@example.kz", ("Aigerim", "Serikova"))
    assert problem == "The password may not contain your name or your e-mail address."


def test_short_name_parts_are_not_looked_for():
    # "Li" or "Bo" would refuse a great many good passwords.
    assert (
        passwords.password_problem("a lively bonfire at night", "li@example.kz", ("Li", "Bo"))
        is None
    )


def test_an_unknown_account_is_verified_against_a_hash_of_the_same_cost():
    try:
        passwords.configure(
            {
                "consult.argon2.memory_cost": "19456",
                "consult.argon2.time_cost": "2",
                "consult.argon2.parallelism": "1",
            }
        )
        assert passwords.verify_unknown("anything at all") is False
        assert "$m=19456,t=2,p=1$" in passwords._dummy_hash
    finally:
        passwords.configure({})
    assert passwords._dummy_hash is None  # made again at the new cost when needed
