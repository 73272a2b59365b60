"""Several consult processes on one database through a real ZEO server."""

import socket
import subprocess
import time

import pytest
from servers import BIN, free_port
from shared_database import post_to_two_processes_at_once


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
    process = subprocess.Popen(
        [str(BIN / "runzeo"), "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "Data.fs")],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port)
        yield port
    finally:
        process.terminate()
        process.wait(30)
        log.close()


def test_two_processes_on_zeo_store_every_comment_once_and_both_find_it(tmp_path, zeo, servers):
    post_to_two_processes_at_once(tmp_path, f"zeo://127.0.0.1:{zeo}?wait_timeout=30", servers)
