"""The index with real processes: a comment committed just before the server
dies is searchable after the restart (a real FileStorage and whoosh index on
disk, a real SIGKILL between the commit and the index write), and `consult
reindex` rebuilds the index beside a serving site."""

import os
import signal
import subprocess

import transaction
from servers import BIN, DEMO_SLUG, Citizen, free_port, initialize, write_ini
from servers import first_article as first_article_of
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.search.backends import load_index
from consult.search.generations import IndexDirectory
from consult.search.interfaces import SearchQuery

SLUG = DEMO_SLUG
WORD = "xylophonists"


def first_article(directory):
    db = DB(FileStorage(str(directory / "Data.fs"), read_only=True))
    try:
        connection = db.open()
        found = first_article_of(connection.root()["consult"])
        connection.close()
        return found
    finally:
        db.close()


def stored_texts(directory):
    db = DB(FileStorage(str(directory / "Data.fs"), read_only=True))
    try:
        connection = db.open()
        comments = connection.root()["consult"]["consultations"][SLUG].comments.comments
        texts = [comment.text for comment in comments.values()]
        connection.close()
        transaction.abort()
        return texts
    finally:
        db.close()


def sign_in_and_comment(server, directory, text):
    if not server.signed_in:
        server.citizen = Citizen(server, first_article(directory))
        server.signed_in = True
    assert server.citizen.comment(text).status_int == 303  # committed


def test_a_comment_committed_before_a_crash_is_searchable_after_restart(tmp_path, servers):
    port = free_port()
    initialize(write_ini(tmp_path / "setup.ini", tmp_path, port))
    # The feeder waits 60 s after a commit before writing, so the kill below
    # surely lands between the commit and the index write.
    slow = servers(
        write_ini(tmp_path / "slow.ini", tmp_path, port, batch_delay_seconds=60, poll_seconds=3600),
        port,
    )
    slow.wait_until(lambda: slow.found("jury") > 0)  # the first build is done
    sign_in_and_comment(slow, tmp_path, f"Hearings with {WORD} should be recorded.")
    os.kill(slow.process.pid, signal.SIGKILL)
    slow.process.wait(10)

    # Stored, and not indexed: the crash really came in between.
    assert any(WORD in text for text in stored_texts(tmp_path))
    generation = IndexDirectory(tmp_path / "search").current()
    index = load_index(generation.backend, generation.index_path)
    try:
        assert index.search(SearchQuery(WORD)).total == 0
    finally:
        index.close()

    restarted = servers(write_ini(tmp_path / "normal.ini", tmp_path, port), port)
    restarted.wait_until(lambda: restarted.found(WORD) == 1)
    result = restarted.client().get("/api/search", params={"q": WORD}).json
    assert result["results"][0]["kind"] == "comment"


def test_reindex_runs_while_the_site_serves(tmp_path, servers):
    port = free_port()
    initialize(write_ini(tmp_path / "setup.ini", tmp_path, port))
    ini = write_ini(tmp_path / "site.ini", tmp_path, port)
    server = servers(ini, port)
    server.wait_until(lambda: server.found("jury") > 0)
    sign_in_and_comment(server, tmp_path, f"Hearings with {WORD} should be recorded.")
    server.wait_until(lambda: server.found(WORD) == 1)
    before = IndexDirectory(tmp_path / "search").current_name()

    # Beside the running server (which holds the FileStorage lock).
    rebuilt = subprocess.run(
        [str(BIN / "consult"), "reindex", "--quiet", "--ini", ini], capture_output=True, text=True
    )
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = IndexDirectory(tmp_path / "search").current_name()
    assert after != before

    # The site moves to the new generation, finds what it found before and
    # keeps indexing.
    sign_in_and_comment(server, tmp_path, "Every juror needs a marimbaphone.")
    server.wait_until(lambda: server.found("marimbaphone") == 1)
    assert server.found(WORD) == 1
    assert server.process.poll() is None
