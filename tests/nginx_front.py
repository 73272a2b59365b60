"""nginx in front of consult as etc/nginx.conf sets it up, for the tests in
this folder: the `nginx` fixture runs the shipped file with the test's ports,
certificate and cache directory, inside an http block with `gzip on` as
Debian's /etc/nginx/nginx.conf has it, and `Browser` talks to it over TLS."""

import gzip
import http.cookiejar
import os
import shutil
import ssl
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import free_port

REPO = Path(__file__).resolve().parents[1]
SITE = "localhost"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def certificate(tmp_path):
    if shutil.which("openssl") is None:
        if os.environ.get("CI"):
            pytest.fail("openssl is missing (.ci/run installs it)")
        pytest.skip("openssl is not installed")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={SITE}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def nginx(tmp_path, certificate):
    """start(upstream_port) runs nginx with etc/nginx.conf, its ports, paths and
    certificate swapped for the test's; returns (http port, https port)."""
    if not Path(NGINX).exists():
        if os.environ.get("CI"):
            pytest.fail("nginx is missing (.ci/run installs nginx-light)")
        pytest.skip("nginx is not installed")
    started = []

    def start(upstream_port):
        http_port, https_port = free_port(), free_port()
        site = (REPO / "etc" / "nginx.conf").read_text()
        replacements = {
            "server 127.0.0.1:6543;": f"server 127.0.0.1:{upstream_port};",
            "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
            "listen 80;": f"listen 127.0.0.1:{http_port};",
            "listen 443 ssl http2 default_server;": f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
            "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
            # The site's name; the tests reach it as localhost (with SNI: a
            # handshake without a known name is refused by the default server).
            "server_name consult.example.kz;": f"server_name {SITE};",
            "/etc/ssl/certs/consult.example.kz.pem": str(certificate[0]),
            "/etc/ssl/private/consult.example.kz.key": str(certificate[1]),
            "proxy_cache_path /var/cache/nginx/consult": f"proxy_cache_path {tmp_path}/cache",
        }
        for old, new in replacements.items():
            assert old in site, f"etc/nginx.conf no longer has {old!r}"
            site = site.replace(old, new)
        site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
        root = tmp_path / "nginx"
        (root / "tmp").mkdir(parents=True)
        (root / "site.conf").write_text(site)
        temp = "".join(
            f"    {name}_temp_path {root}/tmp/{name};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        # Started as root, nginx's workers become "nobody", who cannot write
        # the request bodies they buffer into the test's private directory.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (root / "nginx.conf").write_text(
            f"daemon off;\n{user}pid {root}/nginx.pid;\nevents {{}}\n"
            f"http {{\n    access_log off;\n    gzip on;\n{temp}    include {root}/site.conf;\n}}\n"
        )
        process = subprocess.Popen(
            [NGINX, "-c", str(root / "nginx.conf"), "-p", str(root), "-e", str(root / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return http_port, https_port

    yield start
    for process in started:
        process.terminate()
        process.wait(30)


class Browser:
    """urllib with cookies, a self-signed certificate accepted, and redirects
    not followed (the test reads them). It accepts no compression unless a
    request's Accept-Encoding asks for it; a gzipped answer is read
    decompressed, its headers as sent."""

    class _NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(self.cookies),
            self._NoRedirects,
        )
        self.opener.addheaders = [("Accept-Language", "en")]

    def open(self, url, data=None):
        try:
            response = self.opener.open(url, data=data, timeout=30)
        except urllib.error.HTTPError as answer:  # 3xx, 4xx: the answer itself
            response = answer
        with response:
            body = response.read()
        if response.headers["Content-Encoding"] == "gzip":
            body = gzip.decompress(body)
        return response.status, response.headers, body.decode("utf-8", "replace")
