"""Several consult processes on one database through a real ZEO server:
comments posted to both at once are stored exactly once, and each process's
own search index finds all of them within seconds."""
import socket
import subprocess
import threading
import time
from collections import Counter

import pytest
from ZEO.ClientStorage import ClientStorage
from ZODB import DB

from servers import BIN, Citizen, Server, first_article, free_port, initialize, write_ini

MARKER = "wombatery"  # in every comment of the test, and nowhere in the demo
PER_CLIENT = 10


def wait_for_port(port, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def zeo(tmp_path):
    port = free_port()
    log = open(tmp_path / "zeo.log", "w")
    process = subprocess.Popen([str(BIN / "runzeo"), "-a", f"127.0.0.1:{port}",
                                "-f", str(tmp_path / "Data.fs")],
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(30)
        log.close()


@pytest.fixture
def servers(tmp_path):
    started = []
    log = open(tmp_path / "servers.log", "w")

    def start(ini, port):
        server = Server(ini, port, log)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    log.close()


def read_database(zeo_port, reader):
    db = DB(ClientStorage(("127.0.0.1", zeo_port), wait_timeout=30))
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


def test_two_processes_on_zeo_store_every_comment_once_and_both_find_it(tmp_path, zeo,
                                                                        servers):
    uri = f"zeo://127.0.0.1:{zeo}?wait_timeout=30"
    initialize(write_ini(tmp_path / "setup.ini", tmp_path, free_port(), uri=uri))
    article = read_database(zeo, first_article)
    processes = []
    for name in ("a", "b"):
        port = free_port()
        ini = write_ini(tmp_path / f"{name}.ini", tmp_path, port, uri=uri,
                        search_path=tmp_path / f"search-{name}", poll_seconds="0.5")
        processes.append(servers(ini, port))
    for server in processes:
        server.wait_until(lambda: server.found("jury") > 0)  # each built its index

    # Two signed-in citizens per process, all posting at once.
    statuses = []

    def post_all(server, client_number):
        citizen = Citizen(server, article)
        for number in range(PER_CLIENT):
            response = citizen.comment(
                f"Comment {client_number}-{number} about {MARKER} from {server.url}.")
            statuses.append(response.status_int)

    threads = [threading.Thread(target=post_all, args=(server, number))
               for number, server in enumerate(processes * 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    posted = 4 * PER_CLIENT
    assert statuses == [303] * posted  # every post committed, none refused

    texts = read_database(zeo, texts_with_marker)
    assert len(texts) == posted
    assert set(Counter(texts).values()) == {1}  # exactly once each

    # Each process's own index finds every comment, including the other's.
    for server in processes:
        server.wait_until(lambda: server.found(MARKER) == posted, timeout=30)
