"""Fixtures of the tests with several consult processes on one database."""
import pytest

from servers import Server


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
