"""Several consult processes on one database through RelStorage on a real
PostgreSQL server (history-free), started by the test in a temporary
directory."""

import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from servers import free_port
from shared_database import missing, post_to_two_processes_at_once


def postgres_programs():
    for directory in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(directory, "initdb").exists():
            return Path(directory)
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def as_postgres(command, **options):
    """Run `command` as the postgres user when we are root (PostgreSQL
    refuses to run as root), else as ourselves."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, **options)


@pytest.fixture
def postgres():
    programs = postgres_programs()
    if programs is None:
        missing("PostgreSQL (Debian package postgresql)")
    # Not under pytest's tmp_path: the postgres user must be able to enter it.
    directory = Path(tempfile.mkdtemp(prefix="consult-pg-"))
    data = directory / "data"
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    as_postgres(
        [
            str(programs / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale",
            "C",
        ]
    )
    as_postgres(
        [
            str(programs / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(directory / "log"),
            "-w",
            "-o",
            f"-p {port} -k {directory} -c listen_addresses=127.0.0.1",
            "start",
        ]
    )
    try:
        as_postgres(
            [
                str(programs / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                "consult",
            ]
        )
        yield port
    finally:
        as_postgres([str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
        shutil.rmtree(directory, ignore_errors=True)


def test_two_processes_on_relstorage_store_every_comment_once_and_both_find_it(
    tmp_path, postgres, servers
):
    uri = f"postgres://postgres@127.0.0.1:{postgres}/consult?keep_history=false&connect_timeout=10"
    post_to_two_processes_at_once(tmp_path, uri, servers)
