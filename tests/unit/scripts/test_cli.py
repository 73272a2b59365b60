from pathlib import Path

import pytest
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.scripts.cli import main


def write_ini(tmp_path):
    ini = tmp_path / "test.ini"
    ini.write_text(f"""[app:main]
use = egg:consult
zodbconn.uri = file://{tmp_path}/Data.fs
consult.session_secret = x
consult.hash_secret = y
consult.search.path = {tmp_path}/search
""")
    return str(ini)


def open_app_root(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs"), read_only=True))
    connection = db.open()
    return db, connection, connection.root()["consult"]


def test_initialize_creates_database_and_administrator(tmp_path, capsys):
    ini = write_ini(tmp_path)
    assert (
        main(
            [
                "initialize",
                "--ini",
                ini,
                "--admin-email",
                "Admin@Example.kz",
                "--admin-password",
                "a long admin password",
            ]
        )
        == 0
    )
    db, connection, root = open_app_root(tmp_path)
    admin = root["principals"].find_by_email("admin@example.kz")
    assert "administrator" in admin.roles and admin.confirmed
    connection.close()
    db.close()
    assert "Created the administrator admin@example.kz" in capsys.readouterr().out


def test_commands_open_the_database_the_environment_names(tmp_path, monkeypatch, capsys):
    # As etc/consult-relstorage.ini is used: the ini's URI has no password,
    # CONSULT_ZODB_URI has the real one.
    ini = write_ini(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("CONSULT_ZODB_URI", f"file://{elsewhere}/Data.fs")
    assert (
        main(
            [
                "initialize",
                "--ini",
                ini,
                "--admin-email",
                "admin@example.kz",
                "--admin-password",
                "a long admin password",
            ]
        )
        == 0
    )
    assert not (tmp_path / "Data.fs").exists()
    db, connection, root = open_app_root(elsewhere)
    assert root["principals"].find_by_email("admin@example.kz") is not None
    connection.close()
    db.close()


def test_evolve(tmp_path, capsys):
    ini = write_ini(tmp_path)
    main(["initialize", "--ini", ini])
    assert main(["evolve", "--ini", ini]) == 0
    assert "Ran 0 evolution step(s)" in capsys.readouterr().out


def test_initialize_hashes_the_administrators_password_at_the_ini_s_cost(tmp_path, capsys):
    from consult.accounts import passwords

    ini = write_ini(tmp_path)
    with open(ini, "a") as file:
        file.write(
            "consult.argon2.memory_cost = 19456\nconsult.argon2.time_cost = 2\n"
            "consult.argon2.parallelism = 1\n"
        )
    try:
        assert (
            main(
                [
                    "initialize",
                    "--ini",
                    ini,
                    "--admin-email",
                    "admin@example.kz",
                    "--admin-password",
                    "a long admin password",
                ]
            )
            == 0
        )
    finally:
        passwords.configure({})
    db, connection, root = open_app_root(tmp_path)
    stored = root["principals"].find_by_email("admin@example.kz").password_hash
    connection.close()
    db.close()
    # argon2's encoded hash names its cost: production.ini's, not the library's 64 MiB.
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(stored, "a long admin password")


def test_initialize_records_the_hash_key_and_needs_it(tmp_path, capsys):
    from consult.hashing import fingerprint

    ini = write_ini(tmp_path)
    assert main(["initialize", "--ini", ini]) == 0
    db, connection, root = open_app_root(tmp_path)
    assert root.hash_key == fingerprint("y")
    connection.close()
    db.close()
    without = tmp_path / "without.ini"
    without.write_text(Path(ini).read_text().replace("consult.hash_secret = y\n", ""))
    with pytest.raises(
        SystemExit,
        match="consult initialize: consult.hash_secret must be set "
        r"\(or CONSULT_HASH_SECRET\)",
    ):
        main(["initialize", "--ini", str(without)])


def test_a_command_refuses_an_unknown_setting(tmp_path):
    ini = write_ini(tmp_path)
    with open(ini, "a") as file:
        file.write("consult.serch.backend = whoosh\n")
    with pytest.raises(
        SystemExit, match="consult evolve: consult.serch.backend is not a setting of consult"
    ):
        main(["evolve", "--ini", ini])
