"""`consult purge-trash --ini ...`: what was deleted more than 30 days ago
is removed for good, the rest stays restorable."""

from datetime import UTC, datetime, timedelta

import transaction
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.clock import FixedClock
from consult.content.services import ContentService
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


def delete_pages(tmp_path, ages):
    """A page deleted `age` ago for each age (the command runs on the real clock)."""
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    connection = db.open()
    root = connection.root()["consult"]
    for number, age in enumerate(ages):
        service = ContentService(root, FixedClock(datetime.now(UTC) - age), notify=lambda e: None)
        page = service.create(root["pages"], "page", "en", "", {"title": f"Old {number}"}, None)
        service.delete(page, None)
    transaction.commit()
    connection.close()
    db.close()


def trashed_titles(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs"), read_only=True))
    connection = db.open()
    catalog = connection.root()["consult"].content_catalog
    titles = sorted(entry.item.title for _key, entry in catalog.trashed())
    kept = {item.title for item in catalog.items.values()}
    connection.close()
    db.close()
    return titles, kept


def test_purge_trash_removes_what_is_older_than_30_days(tmp_path, capsys):
    ini = write_ini(tmp_path)
    assert main(["initialize", "--ini", ini]) == 0
    delete_pages(tmp_path, [timedelta(days=31), timedelta(days=29), timedelta(days=45)])
    capsys.readouterr()
    assert main(["purge-trash", "--ini", ini]) == 0
    assert capsys.readouterr().out == (
        "Removed 2 item(s) deleted more than 30 days ago from the trash; 1 can still be restored.\n"
    )
    titles, kept = trashed_titles(tmp_path)
    assert titles == ["Old 1"]
    assert "Old 1" in kept and not {"Old 0", "Old 2"} & kept
    assert main(["purge-trash", "--ini", ini]) == 0
    assert "Removed 0 item(s)" in capsys.readouterr().out
