"""Petition benchmark: one open petition with 100 000 signatures, then a
bounded surge of signing through the real form by many signed-in people
while others read the petition's page.

    .venv/bin/python benchmarks/petitions.py --existing 100000 --surge 3000 \\
        --clients 40 --readers 8

1. **Prepare**: a FileStorage with a ministry, one petition open for
   signatures (threshold out of reach, so it stays open), `--existing`
   signatures made directly (levels, territories, hours and listing spread
   as a real petition's), and `--surge` accounts verified at the identity
   level (their passwords hashed cheaply: signing in is not measured).
2. **Serve**: pserve (waitress, `--threads`) on a free loopback port with
   the benchmark's counters (`load_support`: conflict retries), the
   posting limits off (every client shares 127.0.0.1) and etc/production.ini's
   garbage collector settings (`--collector python`: Python's own).
3. **Sign in** every surge account through the login form (not measured).
4. **Surge**: `--clients` threads share the accounts; each reads the
   petition's page (its CSRF token, as a person would) and posts the sign
   form (a territory, listed or not); one post in `--duplicates` is sent
   again by the same person, which must be refused. Meanwhile `--readers`
   threads read the page anonymously. Measured: signatures/s over the
   surge, the sign POST's and the page's p50/p95/p99 latency, errors, and
   the server's conflict retries.
   With `--rate R` the signers start R a second (and the readers read
   `--read-rate` a second) instead of as fast as the server answers: a
   closed loop of 40 clients measures the most the server takes, and its
   latency is then the queue those 40 make (Little's law: at 50/s each
   client's page and post take 0.8 s together); an offered rate measures the
   latency at the target's rate. Printed too: the server's CPU (the whole
   process's, and its threads' per kind of request, `petitions_support`),
   the client's, the load average, garbage collections and stalls;
   `--py-spy PATH` records the server during the surge.
5. **Check**, with the server stopped: every acknowledged signature is
   stored once, the total and every counter (levels, hours) equal the
   number of signatures, and no duplicate was counted.

Targets of issue 20: 50 signatures/s with p95 ≤ 300 ms and zero errors."""

import argparse
import configparser
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from load import collector_settings
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.accounts.models import Principal
from consult.accounts.passwords import hasher_from_settings
from consult.config import evolution_steps
from consult.organisations.services import OrganisationService
from consult.organisations.territories import load_territories
from consult.petitions.counts import STATED, VERIFIED, Signature
from consult.petitions.models import OPEN, Petition
from consult.petitions.signing import add_signature
from consult.resources import APP_KEY, opened_root
from consult.verification.models import VerificationRecord, add_record

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
PASSWORD = "bench-password-2026"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
LIMITS = (
    "comment", "comment.address", "support", "support.address", "report", "report.address",
    "register", "register.address", "signin", "signin.lock", "signin.address", "forgot",
    "forgot.address",
)  # fmt: skip


def log(message):
    print(message, file=sys.stderr, flush=True)


# Signing in is not measured: at production.ini's argon2 cost (19 MiB, 2
# passes) 60 people took 16 s to sign in on the shared 2-core machine, 3 000
# would take some 13 minutes: the accounts are hashed cheaply unless
# `--argon2 production`.
CHEAP_ARGON2 = {
    "consult.argon2.time_cost": "1",
    "consult.argon2.memory_cost": "8",
    "consult.argon2.parallelism": "1",
}


def argon2_settings(which="cheap"):
    if which == "cheap":
        return CHEAP_ARGON2
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "etc" / "production.ini")
    return {k: v for k, v in parser["app:main"].items() if k.startswith("consult.argon2.")}


def prepare(path, existing, surge, argon2):
    """The database; returns the petition's number."""
    rng = random.Random(20)
    now = datetime.now(UTC)
    territories = list(load_territories())
    db = DB(FileStorage(str(path)))
    try:
        with opened_root(db, evolution_steps()) as root:
            ministry = OrganisationService(root["organisations"]).for_ministry(
                {"en": "Ministry of Justice"}
            )
            petition = Petition(
                "author", "Open the courts' decisions", "Hard to find.", "Publish them",
                ministry.name, "", now - timedelta(days=10),
            )  # fmt: skip
            root["petitions"].add("1", petition)
            petition.state, petition.decided = OPEN, now - timedelta(days=9)
            petition.closes = now + timedelta(days=30)
            petition.threshold, petition.signature_level = 10_000_000, 2
            password_hash = hasher_from_settings(argon2_settings(argon2)).hash(PASSWORD)
            for number in range(surge):
                principal = Principal(
                    f"bench-{number}@example.kz", f"Person{number}", "Benchmarkova",
                    password_hash, now,
                )  # fmt: skip
                principal.confirmed_at = now
                add_record(principal, VerificationRecord("census", 2, now))
                root["principals"].add_principal(principal)
        for start in range(0, existing, 5000):
            with opened_root(db, evolution_steps()) as root:
                petition = root["petitions"]["1"]
                for _number in range(start, min(existing, start + 5000)):
                    when = now - timedelta(seconds=rng.randrange(9 * 86400))
                    region = rng.choice(territories) if rng.random() < 0.7 else None
                    source = VERIFIED if rng.random() < 0.3 else STATED
                    signature = Signature(
                        when, rng.choice((1, 2, 2, 2, 3)), region, source, rng.random() < 0.4
                    )
                    # Account ids are uuid4 hex: the surge's spread among them.
                    add_signature(petition, f"{rng.getrandbits(128):032x}", signature)
            log(f"prepared {min(existing, start + 5000)} signatures")
    finally:
        db.close()
    return "1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_ini(workdir, port, threads, argon2, log_conflicts=False, collector="production"):
    lines = [
        "[app:main]",
        "use = egg:consult",
        "pyramid.includes = load_support petitions_support",
        f"bench.log_retries = {'true' if log_conflicts else 'false'}",
        "pyramid.default_locale_name = en",
        f"zodbconn.uri = file://{workdir}/Data.fs?connection_cache_size=20000",
        "retry.attempts = 5",
        "consult.session_secret = petitions-benchmark-only",
        "consult.hash_secret = petitions-benchmark-hashes",
        f"consult.public_url = http://127.0.0.1:{port}",
        f"mail.debug_directory = {workdir}/mail",
        "consult.search.backend = memory",
        *[f"{name} = {value}" for name, value in argon2_settings(argon2).items()],
        *[f"consult.limits.{name} =" for name in LIMITS],
        *([] if collector == "python" else collector_settings()),
        "",
        "[server:main]",
        "use = egg:waitress#main",
        f"listen = 127.0.0.1:{port}",
        f"threads = {threads}",
        "connection_limit = 1000",
        "backlog = 2048",
        "",
        "[loggers]",
        "keys = root, conflicts",
        "[handlers]",
        "keys = console",
        "[formatters]",
        "keys = generic",
        "[logger_root]",
        "level = WARNING",
        "handlers = console",
        # Which objects' conflicts BTrees could not resolve, and why.
        "[logger_conflicts]",
        f"level = {'DEBUG' if log_conflicts else 'WARNING'}",
        "handlers =",
        "qualname = ZODB.ConflictResolution",
        "[handler_console]",
        "class = StreamHandler",
        "args = (sys.stderr,)",
        "formatter = generic",
        "[formatter_generic]",
        "format = %(levelname)s [%(name)s] %(message)s",
    ]
    ini = workdir / "petitions.ini"
    ini.write_text("\n".join(lines) + "\n")
    return ini


def percentiles(values):
    if not values:
        return "-"
    ordered = sorted(values)

    def at(share):
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return f"{at(0.5):.0f} / {at(0.95):.0f} / {at(0.99):.0f} ms"


class Person:
    def __init__(self, base, email):
        self.base, self.email = base, email
        self.session = requests.Session()

    def sign_in(self):
        page = self.session.get(f"{self.base}/login")
        fields = {
            "csrf_token": TOKEN.search(page.text).group(1),
            "__formid__": "deform",
            "email": self.email,
            "password": PASSWORD,
            "login": "login",
        }
        answer = self.session.post(f"{self.base}/login", data=fields, allow_redirects=False)
        if answer.status_code != 303:
            raise SystemExit(f"{self.email} could not sign in: {answer.status_code}")
        # Thousands of idle keep-alive connections would fill waitress's
        # connection limit: a person connects again when they sign.
        self.session.close()

    def sign(self, path, region, listed):
        """GET the page, POST the form; returns (POST seconds, status)."""
        page = self.session.get(self.base + path)
        fields = {"csrf_token": TOKEN.search(page.text).group(1), "region": region, "sign": ""}
        if listed:
            fields["listed"] = "yes"
        began = time.perf_counter()
        answer = self.session.post(f"{self.base}{path}sign", data=fields, allow_redirects=False)
        elapsed = time.perf_counter() - began
        self.session.close()
        return elapsed, answer.status_code


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--surge", type=int, default=3000, help="people who sign in the surge")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--duplicates", type=int, default=10, help="one in N posts again")
    parser.add_argument(
        "--rate",
        type=float,
        help="offer this many signatures a second (the clients wait for their turn) "
        "instead of as many as the server answers",
    )
    parser.add_argument(
        "--read-rate", type=float, default=25.0, help="with --rate: anonymous reads a second"
    )
    parser.add_argument(
        "--collector",
        choices=("production", "python"),
        default="production",
        help="the garbage collector's settings: etc/production.ini's (consult.gc.*) "
        "or Python's own",
    )
    parser.add_argument("--argon2", choices=("cheap", "production"), default="cheap")
    parser.add_argument(
        "--log-conflicts", action="store_true", help="log unresolved conflicts in server.log"
    )
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    parser.add_argument(
        "--py-spy",
        metavar="PATH",
        help="record the server with py-spy during the surge (PATH.svg and PATH.txt)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="consult-petitions-"))
    began = time.monotonic()
    number = prepare(workdir / "Data.fs", args.existing, args.surge, args.argon2)
    log(f"prepared in {time.monotonic() - began:.0f} s")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    path = f"/petitions/{number}/"
    # The caller's PYTHONPATH stays (PYTHONPATH=src measures this checkout,
    # not whichever consult the virtualenv has installed).
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    }
    output = (workdir / "server.log").open("wb")
    server = subprocess.Popen(
        [
            str(BIN / "pserve"),
            str(
                write_ini(
                    workdir, port, args.threads, args.argon2, args.log_conflicts, args.collector
                )
            ),
        ],
        stdout=output,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        run(args, base, path, workdir, server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        output.close()
    check(workdir / "Data.fs", args.existing, run.acknowledged)
    if not args.keep:
        shutil.rmtree(workdir)
    else:
        log(f"kept {workdir}")


class Pace:
    """Start times `rate` a second apart, shared by the threads that call
    `wait` (no rate: at once); returns how late the start is."""

    def __init__(self, rate):
        self.rate, self.began, self.count = rate, None, 0
        self.lock = threading.Lock()

    def wait(self):
        if not self.rate:
            return 0.0
        with self.lock:
            if self.began is None:
                self.began = time.monotonic()
            start = self.began + self.count / self.rate
            self.count += 1
        delay = start - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return max(0.0, -delay)


def process_cpu(pid):
    """User + system CPU seconds of a process so far (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_py_spy(pid, path):
    """py-spy records the server twice: a flame graph and collapsed stacks
    (one line per stack with its samples, for `sort -t' ' -k2 -n`)."""
    spy = shutil.which("py-spy") or str(BIN / "py-spy")
    return [
        subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(pid),
                "--rate",
                "50",
                "--nonblocking",
                "--format",
                kind,
                "--output",
                f"{path}.{suffix}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for kind, suffix in (("flamegraph", "svg"), ("raw", "txt"))
    ]


def stop_py_spy(spies):
    for spy in spies:
        spy.send_signal(signal.SIGINT)
    for spy in spies:
        spy.wait(timeout=60)


def report_cpu(cpu_before, cpu_after, server_cpu, client_cpu, elapsed):
    """The server's CPU per kind of request (its threads' time in the
    application) and in all (the process), the client's, and the load."""
    print(f"server CPU: {server_cpu:.1f} s of {elapsed:.1f} s "
          f"({server_cpu / elapsed:.2f} cores); client CPU: {client_cpu:.1f} s; "
          f"load average: {Path('/proc/loadavg').read_text().split(' ', 3)[:3]}")  # fmt: skip
    for kind, (count, seconds) in sorted(cpu_after.items()):
        count -= cpu_before.get(kind, (0, 0))[0]
        seconds -= cpu_before.get(kind, (0, 0))[1]
        if count:
            what = "times" if kind.startswith("resolved ") else "requests"
            print(f"  {kind}: {count} {what}, {seconds * 1000 / count:.2f} ms CPU each")


def run(args, base, path, workdir, pid):
    for _attempt in range(300):
        try:
            requests.get(base + path, timeout=60)
            break
        except requests.RequestException:
            time.sleep(0.5)
    people = [Person(base, f"bench-{n}@example.kz") for n in range(args.surge)]
    began = time.monotonic()
    queue = list(people)
    lock = threading.Lock()

    def take():
        with lock:
            return queue.pop() if queue else None

    def sign_in_worker():
        while (person := take()) is not None:
            person.sign_in()

    workers = [threading.Thread(target=sign_in_worker) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    log(f"{len(people)} people signed in in {time.monotonic() - began:.0f} s")
    stats_before = requests.get(f"{base}/_bench/stats").json()
    cpu_before = requests.get(f"{base}/_bench/cpu").json()
    spies = start_py_spy(pid, args.py_spy) if args.py_spy else []
    server_cpu, client_cpu = process_cpu(pid), time.process_time()
    log(f"load average before the surge: {Path('/proc/loadavg').read_text().strip()}")

    territories = [*load_territories(), ""]
    queue[:] = people
    sign_times, read_times, errors = [], [], []
    acknowledged, duplicates = [], []
    done = threading.Event()
    rng = random.Random(3)

    sign_pace, read_pace = Pace(args.rate), Pace(args.read_rate if args.rate else None)
    late = []

    def signer():
        while (person := take()) is not None:
            late.append(sign_pace.wait())
            region, listed = rng.choice(territories), rng.random() < 0.4
            try:
                seconds, status = person.sign(path, region, listed)
            except requests.RequestException as error:
                errors.append(repr(error))
                continue
            sign_times.append(seconds)
            if status != 303:
                errors.append(f"sign: {status}")
                continue
            acknowledged.append(person.email)
            if rng.randrange(args.duplicates) == 0:
                _seconds, status = person.sign(path, region, listed)
                refused = "already signed" in person.session.get(base + path).text
                person.session.close()
                duplicates.append((person.email, status, refused))

    def reader():
        session = requests.Session()
        while not done.is_set():
            read_pace.wait()
            began = time.perf_counter()
            answer = session.get(base + path)
            read_times.append(time.perf_counter() - began)
            if answer.status_code != 200:
                errors.append(f"read: {answer.status_code}")

    readers = [threading.Thread(target=reader) for _ in range(args.readers)]
    signers = [threading.Thread(target=signer) for _ in range(args.clients)]
    began = time.monotonic()
    for thread in readers + signers:
        thread.start()
    for thread in signers:
        thread.join()
    elapsed = time.monotonic() - began
    done.set()
    for thread in readers:
        thread.join()
    server_cpu, client_cpu = process_cpu(pid) - server_cpu, time.process_time() - client_cpu
    stop_py_spy(spies)
    stats = requests.get(f"{base}/_bench/stats").json()
    retries = stats.get("retries", 0) - stats_before.get("retries", 0)
    conflicts = stats.get("conflicts", 0) - stats_before.get("conflicts", 0)
    print(
        f"signatures: {len(acknowledged)} in {elapsed:.1f} s = {len(acknowledged) / elapsed:.1f}/s"
    )
    if args.rate:
        print(f"offered: {args.rate}/s signing, {args.read_rate}/s reading; signers that "
              f"started ≥ 50 ms late (all clients busy): {sum(1 for s in late if s >= 0.05)}")  # fmt: skip
    print(f"sign POST p50/p95/p99: {percentiles(sign_times)}")
    print(f"page reads: {len(read_times)}, p50/p95/p99: {percentiles(read_times)}")
    print(f"conflict retries: {retries} (conflicts {conflicts}); errors: {len(errors)}")
    for error in sorted(set(errors))[:10]:
        print(f"  {error}")
    refused = sum(1 for _email, _status, was_refused in duplicates if was_refused)
    print(f"duplicate attempts: {len(duplicates)}, refused: {refused}")
    cpu_after = requests.get(f"{base}/_bench/cpu").json()
    inside = requests.get(f"{base}/_bench/timings", params={"since": stats_before["clock"]}).json()
    collections = inside["collections"]
    print(
        "garbage collections (count, s): "
        + ", ".join(
            f"gen{g} {c['count']} {c['seconds']:.2f} (CPU {c['cpu_seconds']:.2f})"
            for g, c in collections.items()
        )
        + f"; stalls ≥100 ms: {inside['stalls']['count']} ({inside['stalls']['seconds']:.1f} s)"
    )
    report_cpu(cpu_before, cpu_after, server_cpu, client_cpu, elapsed)
    if acknowledged:
        print(f"server CPU per signature (all the process's, pages included): "
              f"{server_cpu * 1000 / len(acknowledged):.1f} ms")  # fmt: skip
    run.acknowledged = acknowledged


def check(data_fs, existing, acknowledged):
    db = DB(FileStorage(str(data_fs), read_only=True))
    try:
        root = db.open().root()[APP_KEY]
        petition = root["petitions"]["1"]
        emails = {p.id: p.email for p in root["principals"].values()}
        signed = [emails[userid] for userid in petition.signatures if userid in emails]
        missing = set(acknowledged) - set(signed)
        tally = petition.tally
        expected = existing + len(acknowledged)
        figures = {
            "stored": len(petition.signatures),
            "total": petition.count(),
            "levels": tally.at_least(0),
            "hours": sum(counter() for counter in tally.hours.values()),
        }
        exact = all(value == expected for value in figures.values()) and not missing
        print(f"exactly once: {'yes' if exact else 'NO'} (expected {expected}: {figures}; "
              f"acknowledged but missing: {len(missing)})")  # fmt: skip
    finally:
        db.close()


if __name__ == "__main__":
    main()
