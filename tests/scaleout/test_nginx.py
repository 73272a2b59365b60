"""consult behind nginx as `etc/nginx.conf` and docs/operations.md ("Behind
nginx") set it up: a real nginx with a self-signed certificate in front of a
real `pserve` with the documented waitress settings (small connection
limit, the proxy trusted for the client's address and scheme)."""

import http.client
import http.cookiejar
import re
import socket
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from nginx_front import SITE, Browser
from servers import BIN, free_port, write_ini

ADMIN = ("clerk@example.kz", "a long clerk password 2026")
WAITRESS_BEHIND_NGINX = """threads = 2
connection_limit = 16
trusted_proxy = 127.0.0.1
trusted_proxy_headers = x-forwarded-for x-forwarded-proto
"""


@pytest.fixture
def consult_behind(tmp_path, servers):
    port = free_port()
    ini = Path(write_ini(tmp_path / "site.ini", tmp_path, port))
    text = ini.read_text().replace(
        "\n\n[server:main]", "\nconsult.secure_cookies = true\n\n[server:main]"
    )
    ini.write_text(text + WAITRESS_BEHIND_NGINX)
    subprocess.run(
        [
            str(BIN / "consult"),
            "initialize",
            "--ini",
            str(ini),
            "--admin-email",
            ADMIN[0],
            "--admin-password",
            ADMIN[1],
        ],
        check=True,
        capture_output=True,
    )
    return port, servers(str(ini), port)


def test_nginx_as_shipped_serves_consult_over_tls_with_https_links_and_secure_sessions(
    nginx, consult_behind
):
    port, server = consult_behind
    http_port, https_port = nginx(port)
    site = f"https://{SITE}:{https_port}"
    browser = Browser()
    server.wait_until(lambda: browser.open(f"{site}/login")[0] == 200)

    status, headers, _ = browser.open(f"http://{SITE}:{http_port}/login")
    assert status == 301 and headers["Location"] == f"https://{SITE}/login"

    status, _, page = browser.open(f"{site}/login")
    assert status == 200
    # waitress trusted nginx's X-Forwarded-Proto: the page links in https.
    assert re.search(r'href="https://localhost(:\d+)?/static/consult\.css', page)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    body = urllib.parse.urlencode(
        {"csrf_token": token, "email": ADMIN[0], "password": ADMIN[1], "login": "login"}
    ).encode()
    status, headers, _ = browser.open(f"{site}/login", data=body)
    assert status == 303 and headers["Location"].startswith(f"https://{SITE}")
    assert any(
        "secure" in value.lower() and "httponly" in value.lower()
        for value in headers.get_all("Set-Cookie")
    )
    status, _, page = browser.open(f"{site}/")
    assert status == 200 and "Sign out" in page

    status, headers, _ = browser.open(f"{site}/static/consult.css")
    assert status == 200 and headers["Expires"]


def _refused(open_it):
    """True when the connection is closed without an answer or the TLS
    handshake fails: nothing of consult's is sent back."""
    try:
        status, _headers, _body = open_it()
    except (urllib.error.URLError, ConnectionError, ssl.SSLError, http.client.HTTPException):
        return True
    return False


def _https_get(port, server_name, host):
    """GET / over TLS to 127.0.0.1:`port`, naming `server_name` in the
    handshake (SNI, None for none) and `host` in the Host header."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", port), timeout=30) as raw,
        context.wrap_socket(raw, server_hostname=server_name) as tls,
    ):
        tls.sendall(f"GET /login HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := tls.recv(65536):
            answer += chunk
    if not answer:
        raise ConnectionError("closed without an answer")
    return int(answer.split(b" ", 2)[1]), None, answer


def test_nginx_as_shipped_refuses_other_host_names_and_sends_hsts(nginx, consult_behind):
    port, server = consult_behind
    http_port, https_port = nginx(port)
    site = f"https://{SITE}:{https_port}"
    browser = Browser()
    server.wait_until(lambda: browser.open(f"{site}/login")[0] == 200)
    assert _https_get(https_port, SITE, f"{SITE}:{https_port}")[0] == 200

    # Plain HTTP with another Host: closed unanswered, no redirect to it.
    request = urllib.request.Request(
        f"http://127.0.0.1:{http_port}/login", headers={"Host": "evil.example"}
    )
    assert _refused(lambda: browser.open(request))
    # TLS naming this site, then another Host: closed unanswered.
    assert _refused(lambda: _https_get(https_port, SITE, "evil.example"))
    # TLS naming another site, or none (an address): the handshake fails.
    assert _refused(lambda: _https_get(https_port, "evil.example", "evil.example"))
    assert _refused(lambda: _https_get(https_port, None, f"127.0.0.1:{https_port}"))

    # HTTPS answers tell browsers to come back over HTTPS only, error pages too.
    for path in ("/login", "/no-such-page"):
        status, headers, _ = browser.open(f"{site}{path}")
        assert headers["Strict-Transport-Security"] == "max-age=31536000", (path, status)
        # consult's own headers pass through nginx.
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_a_body_over_a_forms_bound_gets_consults_page_through_nginx(nginx, consult_behind):
    """nginx lets through what the largest form takes; consult answers a body
    over the login form's bound with its own page, in the reader's language."""
    port, server = consult_behind
    http_port, https_port = nginx(port)
    site = f"https://{SITE}:{https_port}"
    browser = Browser()
    server.wait_until(lambda: browser.open(f"{site}/login")[0] == 200)
    body = b"email=" + b"a" * (2 * 1024 * 1024)
    status, _headers, page = browser.open(f"{site}/login", data=body)
    assert status == 413 and "Too large to accept" in page and "1 MB" in page
