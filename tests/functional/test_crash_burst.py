"""Crash safety with real processes: SIGKILL in the middle of a burst of
comments loses none that was confirmed, leaves a FileStorage that passes
fstest, and every confirmed comment is searchable after the restart; a
repozo backup restores the database."""

import gc
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from servers import BIN, Citizen, Server, first_article, free_port, initialize, write_ini
from ZODB import DB
from ZODB.FileStorage import FileStorage

WRITERS = 4


def fstest(path):
    result = subprocess.run(
        [sys.executable, "-m", "ZODB.scripts.fstest", str(path)], capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


def read(path, reader):
    db = DB(FileStorage(str(path), read_only=True))
    try:
        connection = db.open()
        try:
            return reader(connection.root()["consult"])
        finally:
            connection.close()
    finally:
        db.close()


def comment_texts(root):
    return [
        comment.text
        for comment in root["consultations"]["citizens-juries"].comments.comments.values()
    ]


def token(writer, number):
    """A word of letters only, unique per comment (digits would be split off)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "zq" + letters[writer] + "".join(letters[int(d)] for d in f"{number:04d}") + "x"


@pytest.fixture
def log(tmp_path):
    with open(tmp_path / "server.log", "w") as file:
        yield file


# The kill cuts the writers' requests off mid-flight; the HTTP client under
# WebTest's proxy then leaves those sockets to the garbage collector.
@pytest.mark.filterwarnings(
    "ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning"
)
def test_sigkill_during_a_burst_loses_no_confirmed_comment(tmp_path, log):
    port = free_port()
    ini = write_ini(tmp_path / "site.ini", tmp_path, port)
    initialize(ini)
    article = read(tmp_path / "Data.fs", first_article)
    server = Server(ini, port, log)
    try:
        server.wait_until(lambda: server.found("jury") > 0)
        confirmed = []
        stop = threading.Event()

        def write(writer):
            citizen = Citizen(server, article)
            number = 0
            while not stop.is_set():
                text = f"Burst comment {token(writer, number)} on the jury."
                try:
                    status = citizen.comment(text).status_int
                except Exception:  # the server died under us: unconfirmed
                    return
                if status == 303:
                    confirmed.append(text)
                number += 1

        threads = [threading.Thread(target=write, args=(writer,)) for writer in range(WRITERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(confirmed) < 40 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.process.pid, signal.SIGKILL)  # mid-burst
        server.process.wait(10)
        stop.set()
        for thread in threads:
            thread.join(30)
        del threads
        gc.collect()  # the cut-off connections are closed here, under this test's filters
    finally:
        server.stop()
    assert len(confirmed) >= 40

    stored = read(tmp_path / "Data.fs", comment_texts)
    for text in confirmed:
        assert stored.count(text) == 1, text

    restarted = Server(ini, port, log)
    try:
        words = [text.split()[2] for text in confirmed]
        restarted.wait_until(lambda: all(restarted.found(word) == 1 for word in words), timeout=60)
    finally:
        restarted.stop()
    # A transaction cut by the kill is dropped when FileStorage opens the file
    # again (the restart did): what remains is consistent.
    code, output = fstest(tmp_path / "Data.fs")
    assert code == 0, output


def test_repozo_backups_restore_the_database(tmp_path, log):
    port = free_port()
    ini = write_ini(tmp_path / "site.ini", tmp_path, port)
    initialize(ini)
    backups = tmp_path / "backups"
    backups.mkdir()
    repozo = [str(BIN / "repozo"), "-r", str(backups)]
    subprocess.run([*repozo, "-B", "-f", str(tmp_path / "Data.fs")], check=True)

    # More comments, then an incremental backup taken while the site serves.
    article = read(tmp_path / "Data.fs", first_article)
    server = Server(ini, port, log)
    try:
        server.wait_until(lambda: server.found("jury") > 0)
        citizen = Citizen(server, article)
        for number in range(5):
            assert citizen.comment(f"After the full backup {token(0, number)}.").status_int == 303
        subprocess.run([*repozo, "-B", "-f", str(tmp_path / "Data.fs")], check=True)
    finally:
        server.stop()

    restored = tmp_path / "restored.fs"
    subprocess.run([*repozo, "-R", "-o", str(restored)], check=True)
    code, output = fstest(restored)
    assert code == 0, output
    assert sorted(read(restored, comment_texts)) == sorted(
        read(tmp_path / "Data.fs", comment_texts)
    )
    assert sum("After the full backup" in text for text in read(restored, comment_texts)) == 5
