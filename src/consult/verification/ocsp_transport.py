"""Posting an OCSP request over HTTP(S) with the whole exchange bounded in
time and size (verification.ocsp asks, and checks what comes back)."""

import http.client
import time
from urllib.parse import urlsplit

# An OCSP answer about one certificate is a few KB with its responder's.
MAX_ANSWER = 64 * 1024


class Unavailable(Exception):
    """No answer that counts; the message says why, for the log."""


def post(url, body, timeout):
    """The body of the answer to `body` POSTed to `url`, all of it within
    `timeout` seconds; Unavailable otherwise."""
    deadline = time.monotonic() + timeout

    def left():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise Unavailable(f"{url} took more than {timeout:g} s")
        return remaining

    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    answer = None
    try:
        connection.connect()
        # Every step waits only for what is left of the one timeout; the
        # answer's reader uses this socket, which the connection may let go.
        sock = connection.sock
        sock.settimeout(left())
        connection.request(
            "POST",
            parts.path or "/",
            body,
            {"Content-Type": "application/ocsp-request", "Accept": "application/ocsp-response"},
        )
        sock.settimeout(left())
        answer = connection.getresponse()
        if answer.status != 200:
            raise Unavailable(f"{url} answered HTTP {answer.status}")
        chunks, size = [], 0
        while True:
            sock.settimeout(left())
            chunk = answer.read1(16384)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_ANSWER:
                raise Unavailable(f"{url} sent more than {MAX_ANSWER} bytes")
            chunks.append(chunk)
    except (OSError, http.client.HTTPException) as error:
        raise Unavailable(f"{url}: {error or type(error).__name__}") from None
    finally:
        if answer is not None:
            answer.close()
        connection.close()
