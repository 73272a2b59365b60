"""Real consult processes for the tests that need them (crash, reindex beside
a server, several processes on one database): `pserve` on a free loopback
port, driven over HTTP by WebTest through WSGIProxy2."""

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from webtest import TestApp

BIN = Path(sys.executable).parent
DEMO_SLUG = "citizens-juries"  # the demo consultation; its White Paper stage is open
DEMO_CITIZEN = ("citizen@demo.consult.kz", "demo-citizen-2026")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_ini(path, directory, port, uri=None, search_path=None, **search):
    """An ini for one process: the database `uri` (default a FileStorage in
    `directory`), its own whoosh index, waitress on `port`."""
    lines = [
        "[app:main]",
        "use = egg:consult",
        f"zodbconn.uri = {uri or f'file://{directory}/Data.fs'}",
        "consult.session_secret = process-test",
        "consult.hash_secret = process-test-hashes",
        f"consult.public_url = http://127.0.0.1:{port}",
        f"mail.debug_directory = {directory}/mail",
        "consult.search.backend = whoosh",
        f"consult.search.path = {search_path or f'{directory}/search'}",
        *(f"consult.search.{key} = {value}" for key, value in search.items()),
        "",
        "[server:main]",
        "use = egg:waitress#main",
        f"listen = 127.0.0.1:{port}",
    ]
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def initialize(ini):
    subprocess.run(
        [str(BIN / "consult"), "initialize", "--demo", "--ini", ini],
        check=True,
        capture_output=True,
    )


class Server:
    def __init__(self, ini, port, log):
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [str(BIN / "pserve"), ini], stdout=log, stderr=subprocess.STDOUT
        )
        self.signed_in = False

    def client(self):
        # WebTest keeps cookies per host; it must be the server's real one.
        return TestApp(
            self.url,
            extra_environ={"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_HOST": self.url.split("//")[1]},
        )

    def wait_until(self, condition, timeout=60.0):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                if condition():
                    return
            except (OSError, AssertionError) as error:  # not listening yet
                last = error
            time.sleep(0.1)
        raise AssertionError(f"timed out; last: {last!r}")

    def found(self, words):
        response = self.client().get("/api/search", params={"q": words}, expect_errors=True)
        assert response.status_int == 200, response.status  # 502: not listening yet
        return response.json["total"]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)


class Citizen:
    """A signed-in browser of one server, posting on one article's thread."""

    def __init__(self, server, article, email=DEMO_CITIZEN[0], password=DEMO_CITIZEN[1]):
        self.client = server.client()
        self.version, self.number, self.target = article
        form = self.client.get("/login").forms["deform"]
        form["email"], form["password"] = email, password
        assert form.submit("login").status_int == 303

    def comment(self, text, slug=DEMO_SLUG):
        page = self.client.get(f"/consultations/{slug}/drafts/{self.version}/{self.number}/")
        formid = f"form-thread-{self.target.replace(':', '-')}"
        form = page.forms[formid]
        form["text"] = text
        form[f"{formid}-stance"] = "for"
        response = form.submit("post", expect_errors=True)
        return response


def first_article(root, slug=DEMO_SLUG):
    """(version, number, target) of the first article of the current draft."""
    draft = root["consultations"][slug].current_draft()
    article = next(iter(draft.articles()))
    return draft.version, article.number, article.target
