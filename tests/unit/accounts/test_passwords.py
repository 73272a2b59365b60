"""argon2's cost comes from the ini file; hashes made at any cost verify."""
from argon2 import PasswordHasher

from consult.accounts import passwords


def test_the_default_cost_is_argon2_cffis():
    hasher = passwords.hasher_from_settings({})
    default = PasswordHasher()
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (
        default.memory_cost, default.time_cost, default.parallelism)


def test_the_ini_file_sets_the_cost_and_old_hashes_still_verify():
    old = passwords.hash_password("correct horse battery")
    try:
        passwords.configure({"consult.argon2.memory_cost": "19456",
                             "consult.argon2.time_cost": "2",
                             "consult.argon2.parallelism": "1"})
        new = passwords.hash_password("correct horse battery")
        assert "$m=19456,t=2,p=1$" in new
        assert passwords.verify_password(new, "correct horse battery")
        assert passwords.verify_password(old, "correct horse battery")
        assert not passwords.verify_password(new, "wrong horse battery")
    finally:
        passwords.configure({})
    assert "$m=65536,t=3,p=4$" in passwords.hash_password("x")
