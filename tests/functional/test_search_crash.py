"""The index with real processes: a comment committed just before the server
dies is searchable after the restart (a real FileStorage and whoosh index on
disk, a real SIGKILL between the commit and the index write), and `consult
reindex` rebuilds the index beside a serving site."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import transaction
from webtest import TestApp
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.search.backends import load_index
from consult.search.generations import IndexDirectory
from consult.search.interfaces import SearchQuery

BIN = Path(sys.executable).parent
SLUG = "citizens-juries"  # the demo consultation, whose White Paper stage is open
WORD = "xylophonists"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_ini(path, directory, port, **search):
    lines = [
        "[app:main]", "use = egg:consult",
        f"zodbconn.uri = file://{directory}/Data.fs",
        "consult.session_secret = crash-test",
        f"mail.debug_directory = {directory}/mail",
        "consult.search.backend = whoosh",
        f"consult.search.path = {directory}/search",
        *(f"consult.search.{key} = {value}" for key, value in search.items()),
        "", "[server:main]", "use = egg:waitress#main", f"listen = 127.0.0.1:{port}",
    ]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


class Server:
    def __init__(self, ini, port, log):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([str(BIN / "pserve"), ini], stdout=log,
                                        stderr=subprocess.STDOUT)
        # WebTest keeps cookies per host; it must be the server's real one.
        self.client = TestApp(self.url, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en",
                                                       "HTTP_HOST": f"127.0.0.1:{port}"})
        self.signed_in = False

    def wait_until(self, condition, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                if condition():
                    return
            except (OSError, AssertionError) as error:  # not listening yet
                last = error
            time.sleep(0.1)
        raise AssertionError(f"timed out; last: {locals().get('last')}")

    def found(self, words):
        response = self.client.get("/api/search", params={"q": words}, expect_errors=True)
        assert response.status_int == 200, response.status  # 502: not listening yet
        return response.json["total"]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)


def first_article(directory):
    db = DB(FileStorage(str(directory / "Data.fs"), read_only=True))
    try:
        connection = db.open()
        consultation = connection.root()["consult"]["consultations"][SLUG]
        article = next(iter(consultation.current_draft().articles()))
        found = (consultation.current_draft().version, article.number, article.target)
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


@pytest.fixture
def servers(tmp_path):
    started = []
    log = open(tmp_path / "server.log", "w")

    def start(ini, port):
        server = Server(ini, port, log)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    log.close()


def initialize(tmp_path, port):
    subprocess.run([str(BIN / "consult"), "initialize", "--demo", "--ini",
                    write_ini(tmp_path / "setup.ini", tmp_path, port)],
                   check=True, capture_output=True)


def sign_in_and_comment(server, directory, text):
    version, number, target = first_article(directory)
    client = server.client
    if not server.signed_in:
        form = client.get("/login").forms["deform"]
        form["email"], form["password"] = "citizen@demo.consult.kz", "demo-citizen-2026"
        assert form.submit("login").status_int == 303
        server.signed_in = True
    page = client.get(f"/consultations/{SLUG}/drafts/{version}/{number}/")
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "for"
    assert form.submit("post").status_int == 303  # committed


def test_a_comment_committed_before_a_crash_is_searchable_after_restart(tmp_path, servers):
    port = free_port()
    initialize(tmp_path, port)
    # The feeder waits 60 s after a commit before writing, so the kill below
    # surely lands between the commit and the index write.
    slow = servers(write_ini(tmp_path / "slow.ini", tmp_path, port, batch_delay_seconds=60,
                             poll_seconds=3600), port)
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
    result = restarted.client.get("/api/search", params={"q": WORD}).json
    assert result["results"][0]["kind"] == "comment"


def test_reindex_runs_while_the_site_serves(tmp_path, servers):
    port = free_port()
    initialize(tmp_path, port)
    ini = write_ini(tmp_path / "site.ini", tmp_path, port)
    server = servers(ini, port)
    server.wait_until(lambda: server.found("jury") > 0)
    sign_in_and_comment(server, tmp_path, f"Hearings with {WORD} should be recorded.")
    server.wait_until(lambda: server.found(WORD) == 1)
    before = IndexDirectory(tmp_path / "search").current_name()

    # Beside the running server (which holds the FileStorage lock).
    rebuilt = subprocess.run([str(BIN / "consult"), "reindex", "--quiet", "--ini", ini],
                             capture_output=True, text=True)
    assert rebuilt.returncode == 0, rebuilt.stderr
    after = IndexDirectory(tmp_path / "search").current_name()
    assert after != before

    # The site moves to the new generation, finds what it found before and
    # keeps indexing.
    sign_in_and_comment(server, tmp_path, "Every juror needs a marimbaphone.")
    server.wait_until(lambda: server.found("marimbaphone") == 1)
    assert server.found(WORD) == 1
    assert server.process.poll() is None
