"""The scenario every shared storage (ZEO, RelStorage) must pass: several
consult processes on one database."""

import os
import threading
from collections import Counter

import pytest
from servers import Citizen, first_article, free_port, initialize, write_ini
from ZODB import DB
from zodburi import resolve_uri

MARKER = "wombatery"  # in every comment the scenario posts, and nowhere in the demo
PER_CLIENT = 10


def missing(what):
    """Skip where a server program is not installed; under CI it must be."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required under CI", pytrace=False)
    pytest.skip(f"{what} is not installed")


def read_database(uri, reader):
    factory, options = resolve_uri(uri)
    db = DB(factory(), **options)
    try:
        connection = db.open()
        try:
            return reader(connection.root()["consult"])
        finally:
            connection.close()
    finally:
        db.close()


def texts_with_marker(root):
    comments = root["consultations"]["citizens-juries"].comments.comments
    return [comment.text for comment in comments.values() if MARKER in comment.text]


def post_to_two_processes_at_once(tmp_path, uri, servers):
    """Two consult processes on `uri`, two citizens posting on each at once:
    every post succeeds, every comment is stored exactly once, and each
    process's own index finds all of them."""
    initialize(write_ini(tmp_path / "setup.ini", tmp_path, free_port(), uri=uri))
    article = read_database(uri, first_article)
    processes = []
    for name in ("a", "b"):
        port = free_port()
        ini = write_ini(
            tmp_path / f"{name}.ini",
            tmp_path,
            port,
            uri=uri,
            search_path=tmp_path / f"search-{name}",
            poll_seconds="0.5",
        )
        processes.append(servers(ini, port))
    for server in processes:
        server.wait_until(lambda server=server: server.found("jury") > 0)  # each built its index

    statuses = []

    def post_all(server, client_number):
        citizen = Citizen(server, article)
        for number in range(PER_CLIENT):
            response = citizen.comment(
                f"Comment {client_number}-{number} about {MARKER} from {server.url}."
            )
            statuses.append(response.status_int)

    threads = [
        threading.Thread(target=post_all, args=(server, number))
        for number, server in enumerate(processes * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    posted = 4 * PER_CLIENT
    assert statuses == [303] * posted  # every post committed, none refused

    texts = read_database(uri, texts_with_marker)
    assert len(texts) == posted
    assert set(Counter(texts).values()) == {1}  # exactly once each

    # Each process's own index finds every comment, the other's included.
    for server in processes:
        server.wait_until(lambda server=server: server.found(MARKER) == posted, timeout=30)
