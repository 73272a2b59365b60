"""The micro-cache of etc/nginx.conf in a real nginx: in front of a real
consult (a small site) and in front of a stub that claims everything may be
shared, so that nginx's own rules are tested apart from consult's headers."""

import http.server
import re
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import factories
import pytest
from nginx_front import SITE, Browser
from servers import BIN, free_port, write_ini
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.clock import SystemClock

SLUG = "citizens-juries"
CITIZEN = "citizen@example.kz"
ADMIN = ("--admin-email", "clerk@example.kz", "--admin-password", "a long clerk password 2026")
MAX_AGE = 2  # consult.cache.max_age of the site under test
WAITRESS_BEHIND_NGINX = """threads = 2
connection_limit = 16
trusted_proxy = 127.0.0.1
trusted_proxy_headers = x-forwarded-for x-forwarded-proto
"""


def seed(ini, data_fs):
    """An initialized site with a published consultation whose draft is open
    for comments and a citizen's account (the demo would take minutes)."""
    subprocess.run(
        [str(BIN / "consult"), "initialize", "--ini", ini, *ADMIN],
        check=True,
        capture_output=True,
    )
    db = DB(FileStorage(str(data_fs)))
    try:
        with db.transaction() as connection:
            root = connection.root()["consult"]
            clock = SystemClock()
            factories.published_consultation(root, clock, SLUG, stage_open="white")
            root["principals"].add_principal(
                factories.principal(
                    CITIZEN,
                    "Aigerim",
                    "Serikova",
                    password=factories.PASSWORD,
                    created=clock.now(),
                    confirmed_at=clock.now(),
                )
            )
            draft = root["consultations"][SLUG].current_draft()
            return f"/consultations/{SLUG}/drafts/{draft.version}/3/"
    finally:
        db.close()


@pytest.fixture
def site_behind(tmp_path, servers, nginx):
    """A site behind nginx: (its https address, the consult server, the
    address of an article of its draft)."""
    port = free_port()
    ini = Path(write_ini(tmp_path / "site.ini", tmp_path, port))
    text = ini.read_text().replace(
        "\n\n[server:main]", f"\nconsult.cache.max_age = {MAX_AGE}\n\n[server:main]"
    )
    ini.write_text(text + WAITRESS_BEHIND_NGINX)
    path = seed(str(ini), tmp_path / "Data.fs")
    server = servers(str(ini), port)
    _http_port, https_port = nginx(port)
    site = f"https://{SITE}:{https_port}"
    server.wait_until(lambda: Browser().open(f"{site}/login")[0] == 200)
    return site, server, path


def comment(server, path, text):
    """Post `text` on the article at `path` as the citizen, straight to
    consult (the cache is what the test watches, not the posting)."""
    client = server.client()
    form = client.get("/login").forms["deform"]
    form["email"], form["password"] = CITIZEN, factories.PASSWORD
    assert form.submit("login").status_int == 303
    page = client.get(path)
    form = next(f for f in page.forms.values() if (f.id or "").startswith("form-thread-article"))
    form["text"] = text
    form[f"{form.id}-stance"] = "for"
    return form.submit("post")


def get(url, **headers):
    """(status, headers, text) of one anonymous GET with `headers`, no cookies kept."""
    request = urllib.request.Request(url, headers={"Accept-Language": "en", **headers})
    return Browser().open(request)


def test_an_anonymous_reader_sees_a_new_comment_within_the_configured_time(site_behind):
    site, server, path = site_behind
    url = f"{site}{path}"
    assert get(url)[1]["X-Cache-Status"] in ("MISS", "EXPIRED")
    status, headers, _ = get(url)
    assert status == 200 and headers["X-Cache-Status"] == "HIT"
    assert headers["Cache-Control"].startswith(f"public, max-age={MAX_AGE}")

    text = f"Cached pages must show this comment soon {time.monotonic_ns()}"
    posted = time.monotonic()
    assert comment(server, path, text).status_int == 303
    while text not in get(url)[2]:
        # max-age, then one request served stale while another fetches it.
        assert time.monotonic() - posted < MAX_AGE + 3, "the cache still hides the comment"
        time.sleep(0.2)


def test_a_signed_in_persons_page_is_never_stored_or_served_to_anyone(site_behind):
    site, _server, path = site_behind
    url = f"{site}{path}?seen=by-the-citizen"  # an address nobody has asked for yet
    person = Browser()
    status, _headers, page = person.open(f"{site}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": CITIZEN, "password": factories.PASSWORD, "login": "login"}
    )
    assert person.open(f"{site}/login", data=body.encode())[0] == 303
    # The same whether the person's browser accepts gzip or not.
    for _ in range(2):
        status, headers, page = person.open(url)
        assert status == 200 and "Sign out" in page
        assert headers["X-Cache-Status"] == "BYPASS"
        assert headers["Cache-Control"] == "private, no-store"
    person.opener.addheaders.append(("Accept-Encoding", "gzip"))
    status, headers, page = person.open(url)
    assert status == 200 and "Sign out" in page
    assert headers["X-Cache-Status"] == "BYPASS"
    assert headers["Cache-Control"] == "private, no-store"
    # Nothing of the person's was stored: the first anonymous reader misses,
    # and the next gets that reader's page.
    for accepted, cache in (("gzip", "MISS"), ("identity", "HIT")):
        status, headers, page = get(url, **{"Accept-Encoding": accepted})
        assert headers["X-Cache-Status"] == cache
        assert "Sign out" not in page and "Sign in" in page


def test_a_reader_who_accepts_gzip_gets_the_cached_page_compressed_and_others_plain(
    site_behind,
):
    """One cached copy, compressed once by consult: every reader gets it from
    the cache, gzipped as stored or decompressed by nginx, whatever exact
    Accept-Encoding they send."""
    site, _server, path = site_behind
    url = f"{site}{path}?read=compressed"  # an address nobody has asked for yet
    status, headers, first = get(url, **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["X-Cache-Status"] == "MISS"
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert re.search(r'<html[^>]* lang="en"', first)
    for accepted in ("gzip", "br, gzip;q=0.8", "gzip, deflate, br, zstd"):
        status, headers, page = get(url, **{"Accept-Encoding": accepted})
        assert (status, headers["X-Cache-Status"]) == (200, "HIT"), accepted
        assert headers["Content-Encoding"] == "gzip" and page == first, accepted
    # urllib's own is `identity`.
    for accepted in ("identity", "br", "gzip;q=0"):
        status, headers, page = get(url, **{"Accept-Encoding": accepted})
        assert (status, headers["X-Cache-Status"]) == (200, "HIT"), accepted
        assert headers["Content-Encoding"] is None and page == first, accepted


@pytest.mark.parametrize("encoding", ["identity", "gzip, deflate, br"])
def test_the_language_of_a_cached_page_always_matches_the_request(site_behind, encoding):
    site, _server, path = site_behind
    url = f"{site}{path}"
    asked = [
        ({"Accept-Language": "en"}, "", "en"),
        ({"Accept-Language": "ru"}, "", "ru"),
        ({"Accept-Language": "kk,ru;q=0.5"}, "", "kk"),
        ({"Accept-Language": "en"}, "?_LOCALE_=ru", "ru"),
        ({"Accept-Language": "en", "Cookie": "_LOCALE_=kk"}, "", "kk"),
        ({"Accept-Language": "ru", "Cookie": "_LOCALE_=en"}, "", "en"),
    ]
    for _round in range(2):  # the second round comes from the cache
        for headers, query, language in asked:
            status, answer, page = get(url + query, **headers, **{"Accept-Encoding": encoding})
            assert status == 200
            assert re.search(r'<html[^>]* lang="(\w+)"', page).group(1) == language, (
                headers,
                query,
                answer["X-Cache-Status"],
            )
            if _round:
                assert answer["X-Cache-Status"] == "HIT", (headers, query)


class _Stub(http.server.BaseHTTPRequestHandler):
    """An upstream that says every answer may be shared for a minute, counts
    the requests it gets, and sets a cookie where the address asks for one."""

    served = 0

    def do_GET(self):
        type(self).served += 1
        body = f"answer {type(self).served}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "public, max-age=60")
        if "cookie" in self.path:
            self.send_header("Set-Cookie", f"session=secret-{type(self).served}; HttpOnly")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def stub_behind(nginx):
    stub = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Stub)
    thread = threading.Thread(target=stub.serve_forever, daemon=True)
    thread.start()
    _http_port, https_port = nginx(stub.server_address[1])
    site = f"https://{SITE}:{https_port}"
    deadline = time.monotonic() + 30
    while not _answers(f"{site}/ready"):
        assert time.monotonic() < deadline, "nginx did not answer"
        time.sleep(0.1)
    yield site
    stub.shutdown()
    stub.server_close()


def _answers(url):
    try:
        return get(url)[0] == 200
    except OSError:  # not listening yet
        return False


def test_nginx_never_stores_a_response_that_sets_a_cookie(stub_behind):
    answers = {get(f"{stub_behind}/sets-a-cookie")[2] for _ in range(3)}
    assert len(answers) == 3  # each from the upstream, none from the cache
    status, headers, _ = get(f"{stub_behind}/sets-a-cookie")
    assert headers["X-Cache-Status"] == "MISS" and "secret" in headers["Set-Cookie"]
    # A shared answer is stored (the stub says public): the rule above is nginx's own.
    first = get(f"{stub_behind}/shared")[2]
    assert get(f"{stub_behind}/shared")[2] == first


def test_nginx_bypasses_and_never_stores_for_a_session(stub_behind):
    url = f"{stub_behind}/page"
    with_session = [get(url, Cookie="session=someone")[1]["X-Cache-Status"] for _ in range(2)]
    assert with_session == ["BYPASS", "BYPASS"]
    assert get(url)[1]["X-Cache-Status"] == "MISS"  # what the session got was not stored
    stored = get(url)[2]
    assert get(url, Cookie="session=someone")[2] != stored  # nor served to a session
