"""Load benchmark in which the load generator is not what is measured: wrk
(C, one thread, a Lua script) drives the reading pages, locust only the
signed-in posting flow; the server is pinned to core 0 and the generator to
core 1 (`taskset`), and each figure comes with the server's CPU per request
and the generator's share of the CPU.

    .venv/bin/python benchmarks/wrk_load.py
    .venv/bin/python benchmarks/wrk_load.py --modes cached uncached ratio posts

The database is `load.py`'s (`--comments`, cached in `--data-dir`) with
three smaller consultations added, so that the pages read span several
consultations; it is kept as `wrk-v1-<comments>c-3x/` next to load.py's,
with the search index the first run builds. Each run copies it.

Modes (any of them, in this order, in one run):

- `cached`: anonymous article pages of every consultation in kk, ru and en
  (Accept-Language, the `_LOCALE_` cookie or the address; a browser's
  Accept-Encoding) through nginx with etc/nginx.conf as shipped (TLS, the
  micro-cache) inside Debian's http settings (`--nginx-main`: its access
  log and gzip, or without them); one worker, pinned to core 0 with
  waitress: the "server" is both. Every address is read once first, so
  that the window starts with the pages cached;
- `uncached`: the read mix straight to waitress: article pages (70 %), the
  consultations' pages (10 %), search (10 %), the home page and the list
  of consultations (10 %);
- `ratio`: uncached article pages only, then the bare page (benchmarks/bare:
  Pyramid + ZODB + Chameleon, one BTree, 20 items) served the same way,
  and the ratio of the two;
- `posts`: signed-in people posting comments (load.py's locust flow, comment
  POSTs only: a person reads the article page, posts through its form, and
  with `--posts-per-read N` posts N comments from one reading), through
  nginx without the cache (load.py's `--proxy nginx`), nginx and waitress
  on core 0, locust on core 1; every successful POST is checked to be
  stored exactly once.

Printed for each: requests/s, latency p50/p99 (wrk's, or locust's per
request kind), statuses other than 2xx/3xx and socket errors, the server's
CPU in milliseconds per request (from /proc/<pid>/stat before and after,
waitress and nginx apart; in the cached mode the requests that reached
waitress, its 304s, and its CPU per request that reached it), the generator's CPU (cores busy, and its share of
the CPU the generator and server used together), each core's busy share
(/proc/stat: other work on the machine shows there) and the load average.
See benchmarks/README.md, "Load with wrk"."""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import load
from load import HERE, REPO, SEED, log

WRK = shutil.which("wrk") or "/usr/bin/wrk"
SCRIPT = HERE / "wrk" / "mix.lua"
BARE = HERE / "bare" / "app.py"
SERVER_CORE, GENERATOR_CORE = 0, 1
FORMAT = 1  # bump when the derived database changes shape
EXTRA_CONSULTATIONS = 3
EXTRA_ARTICLES = 40
EXTRA_COMMENTS = 3000  # per added consultation
MODES = ("cached", "uncached", "ratio", "posts")
# How a reader's language reaches consult (consult.i18n.negotiation).
LANGUAGE_WAYS = (
    ("", ("Accept-Language: kk",)),
    ("", ("Accept-Language: ru-RU,ru;q=0.9,en;q=0.5",)),
    ("", ("Accept-Language: en-GB,en;q=0.9",)),
    ("", ("Cookie: _LOCALE_=kk",)),
    ("?_LOCALE_=ru", ()),
    ("?_LOCALE_=en", ()),
)
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# What a browser says it accepts: the cache holds pages as consult gzipped
# them, and serves them so.
BROWSER = ("Accept-Encoding: gzip, deflate, br",)
# The http block etc/nginx.conf is included in: Debian's /etc/nginx/nginx.conf
# as installed (its access log, gzip for text/html), without the log, or
# without either.
MAIN_CONFIGS = {
    "debian": (
        "    sendfile on;\n    tcp_nopush on;\n    default_type application/octet-stream;\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_prefer_server_ciphers on;\n"
        "    access_log {root}/access.log;\n    gzip on;\n"
    ),
    "nolog": (
        "    sendfile on;\n    tcp_nopush on;\n    default_type application/octet-stream;\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_prefer_server_ciphers on;\n"
        "    access_log off;\n    gzip on;\n"
    ),
    "lean": (
        "    sendfile on;\n    tcp_nopush on;\n    default_type application/octet-stream;\n"
        "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_prefer_server_ciphers on;\n"
        "    access_log off;\n    gzip off;\n"
    ),
}


# -- the database ---------------------------------------------------------------------


def derived(data_dir, comments):
    """load.py's database with EXTRA_CONSULTATIONS more, built once."""
    base = load.prepared(data_dir, comments, 200)
    path = Path(data_dir) / f"wrk-v{FORMAT}-{comments}c-{EXTRA_CONSULTATIONS}x"
    if (path / "meta.json").exists():
        log(f"[prepare] using the cached database in {path}")
        return path
    building = path.with_name(path.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    shutil.copy(base / "Data.fs", building / "Data.fs")
    meta = json.loads((base / "meta.json").read_text())
    meta["consultations"] = [{"slug": meta["slug"], "articles": meta["articles"]}]
    meta["consultations"] += add_consultations(building / "Data.fs")
    (building / "meta.json").write_text(json.dumps(meta, indent=1))
    building.rename(path)
    return path


def add_consultations(data_fs):
    """Published consultations with 40-article drafts open for comments and
    3 000 comments each, then the campaign worker's pass over them."""
    from datetime import timedelta

    from search import sentence_pools
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.accounts.models import Principal
    from consult.campaigns.worker import CampaignWorker
    from consult.clock import FixedClock, SystemClock
    from consult.config import evolution_steps
    from consult.consultations.parsing import parse_text
    from consult.consultations.services import ConsultationService
    from consult.feedback.comments import STANCES
    from consult.feedback.services import FeedbackService
    from consult.resources import opened_root

    rng = random.Random(SEED + 7)
    pools = sentence_pools()
    now = SystemClock().now()
    day = timedelta(days=1)
    made = []
    db = DB(FileStorage(str(data_fs)), cache_size=50000)
    try:
        for number in range(1, EXTRA_CONSULTATIONS + 1):
            slug = f"draft-law-{number}"
            with opened_root(db, evolution_steps()) as root:
                clerk = Principal("clerk@example.kz", "Clerk", "Ministry", "", now)
                service = ConsultationService(root["consultations"], FixedClock(now))
                consultation = service.create(
                    slug,
                    {
                        "en": f"Draft law number {number}",
                        "ru": f"Законопроект номер {number}",
                        "kk": f"Заң жобасы, нөмірі {number}",
                    },
                    {"en": "A smaller consultation of the wrk load benchmark."},
                    {"en": "Ministry of Benchmarks"},
                    ["benchmark"],
                    clerk,
                )
                service.add_question(consultation, {"en": "What should the law change?"})
                for language in ("ru", "en"):
                    text = load.draft_text(
                        (language, pools[language]), random.Random(SEED + number), EXTRA_ARTICLES
                    )
                    service.import_draft(consultation, language, parse_text(text))
                service.schedule(consultation, "white", now - 8 * day, now + 365 * day)
                service.publish(consultation)
                draft = consultation.current_draft()
                articles = [(draft.version, item.number, item.target) for item in draft.articles()]
            with opened_root(db, evolution_steps()) as root:
                consultation = root["consultations"][slug]
                principals = root["principals"]
                authors = [
                    principals.find_by_email(f"participant-{n}@bench.invalid") for n in range(300)
                ]
                feedback = FeedbackService(FixedClock(now - day), {}, rng=rng)
                for _ in range(EXTRA_COMMENTS):
                    pool = pools[rng.choice(("kk", "ru", "en"))]
                    feedback.post(
                        consultation,
                        rng.choice(articles)[2],
                        rng.choice(authors),
                        " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4))),
                        rng.choice(STANCES),
                    )
            db.cacheMinimize()
            made.append({"slug": slug, "articles": articles})
            log(f"[prepare] {slug}: {len(articles)} articles, {EXTRA_COMMENTS} comments")
        worker = CampaignWorker(db)
        worker.catch_up()
        worker.stop()
    finally:
        db.close()
    return made


# -- what is read ----------------------------------------------------------------------


def article_entries(meta, weight=70.0, extra=()):
    """Every article page of every consultation, each in the six ways a
    language is asked for; `weight` spread over them, popular articles read
    more (the Zipf-like weights load.py gives comments: a few articles draw
    most readers)."""
    pages = [
        f"/consultations/{each['slug']}/drafts/{version}/{number}/"
        for each in meta["consultations"]
        for version, number, _ in each["articles"]
    ]
    popularity = [1.0 / (rank + 1) ** 0.8 for rank in range(len(pages))]
    random.Random(SEED).shuffle(popularity)
    scale = weight / sum(popularity) / len(LANGUAGE_WAYS)
    return [
        (share * scale, "article", page + query, (*headers, *extra))
        for page, share in zip(pages, popularity, strict=True)
        for query, headers in LANGUAGE_WAYS
    ]


def mix_entries(meta):
    """The read mix: article pages 70 %, the consultations' pages 10 %,
    search 10 %, the home page and the list of consultations 10 %."""
    entries = article_entries(meta, 70.0)
    slugs = [each["slug"] for each in meta["consultations"]]
    for query, headers in LANGUAGE_WAYS:
        ways = len(LANGUAGE_WAYS)
        for slug in slugs:
            entries.append(
                (
                    10.0 / ways / len(slugs),
                    "consultation",
                    f"/consultations/{slug}/{query}",
                    headers,
                )
            )
        for words in load.SEARCH_WORDS:
            address = "/search?" + urllib.parse.urlencode({"q": words})
            if query:
                address += "&" + query[1:]
            entries.append((10.0 / ways / len(load.SEARCH_WORDS), "search", address, headers))
        entries.append((5.0 / ways, "home", f"/{query}", headers))
        entries.append((5.0 / ways, "consultations", f"/consultations/{query}", headers))
    return entries


def write_entries(path, entries):
    path.write_text(
        "".join(
            "\t".join([f"{weight:.6f}", kind, address, *headers]) + "\n"
            for weight, kind, address, headers in entries
        )
    )
    return path


# -- CPU: processes and cores ------------------------------------------------------------


def process_cpu(pid):
    """CPU seconds of a process and its descendants: user + system time of
    all its threads, and that of the children it has waited for
    (/proc/<pid>/stat, fields 14-17), plus its live children's. nginx's
    cache loader exits a minute after the start: its time then moves into
    the master's fields 16-17, so that it is counted either way."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        descendants = children(pid)
    except FileNotFoundError:  # gone: its time is its parent's now
        return 0.0
    own = sum(int(value) for value in fields[11:15]) / CLOCK_TICKS
    return own + sum(process_cpu(child) for child in descendants)


def children(pid):
    try:
        return [int(each) for each in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def core_times():
    """Per core: (busy, total) jiffies from /proc/stat."""
    cores = {}
    for line in Path("/proc/stat").read_text().splitlines():
        name, *values = line.split()
        if name.startswith("cpu") and name != "cpu":
            numbers = [int(value) for value in values]
            idle = numbers[3] + numbers[4]  # idle, iowait
            cores[int(name[3:])] = (sum(numbers[:8]) - idle, sum(numbers[:8]))
    return cores


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Snapshot:
    """CPU seconds of each group of processes ({name: [pid, ...]}, each with
    its descendants), the cores' jiffies, the wall clock and the load
    average, at one moment."""

    def __init__(self, groups):
        self.wall = time.monotonic()
        self.cpu = {name: sum(process_cpu(pid) for pid in pids) for name, pids in groups.items()}
        self.cores = core_times()
        self.load = load_average()


def usage(before, after, requests, generator_cpu=None):
    """The CPU lines of a measured window."""
    wall = after.wall - before.wall
    used = {name: after.cpu[name] - before.cpu[name] for name in before.cpu}
    if generator_cpu is not None:
        used["generator"] = generator_cpu
    server = sum(value for name, value in used.items() if name != "generator")
    figures = {
        "wall_s": wall,
        "cpu_s": used,
        "server_cpu_ms_per_request": 1000 * server / max(requests, 1),
        "server_cores": server / wall,
        "generator_cores": used.get("generator", 0.0) / wall,
        "generator_share": used.get("generator", 0.0)
        / max(server + used.get("generator", 0.0), 1e-9),
        "cores_busy": {
            core: (after.cores[core][0] - before.cores[core][0])
            / max(after.cores[core][1] - before.cores[core][1], 1)
            for core in before.cores
        },
        "load_average": [before.load, after.load],
    }
    parts = ", ".join(
        f"{name} {1000 * value / max(requests, 1):.2f}"
        for name, value in used.items()
        if name != "generator"
    )
    lines = [
        f"  server CPU per request: {figures['server_cpu_ms_per_request']:.2f} ms ({parts}); "
        f"server kept {figures['server_cores']:.2f} cores busy",
        f"  generator: {figures['generator_cores']:.2f} cores busy (pinned to core "
        f"{GENERATOR_CORE}), {100 * figures['generator_share']:.0f} % of the CPU the "
        "generator and the server used",
        "  cores busy (all work on the machine): "
        + ", ".join(
            f"cpu{core} {100 * share:.0f} %" for core, share in figures["cores_busy"].items()
        )
        + f"; load average {before.load} -> {after.load}",
    ]
    return figures, lines


def pin(pid, core):
    """Pin a process and every thread it has to `core`; threads started
    later inherit it from the thread that starts them."""
    subprocess.run(
        ["taskset", "-a", "-p", "-c", str(core), str(pid)],
        stdout=subprocess.DEVNULL,
        check=True,
    )


# -- the servers --------------------------------------------------------------------------


def server_args(args):
    """What load.py's ini and Server expect of its command line."""
    return SimpleNamespace(
        engine="tantivy",
        setting=[],
        collector="production",
        argon2="production",
        render_cache_chars=None,
        keep_limits=False,
        threads=args.threads,
        connection_limit=max(256, args.users + 100),
        users=args.users,
        proxy="none",
        server_env=[],
        tracemalloc=0,
        cache_size=20000,
        cache_bytes="",
        campaigns_pass="run",
    )


def start_consult(workdir, args, cached):
    settings = server_args(args)
    meta = json.loads((cached / "meta.json").read_text())
    load.settle_copy(workdir / "Data.fs", meta, settings)
    index = cached / "search-tantivy"
    if index.exists():
        shutil.copytree(index, workdir / "search", symlinks=True)
    server = load.Server(workdir, settings, load.database_uri(workdir, settings))
    pin(server.process.pid, SERVER_CORE)
    log(f"[serve] pserve pid {server.process.pid} on {server.url}, core {SERVER_CORE}")
    deadline = time.monotonic() + 3600
    said = 0.0
    while True:
        try:
            state = server.ready_after()
        except OSError as error:
            state = repr(error)
        if state is None:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"the server was not ready:\n{server.tail()}")
        if time.monotonic() - said > 15:
            log(f"[serve] waiting: {state}")
            said = time.monotonic()
        time.sleep(0.5)
    pin(server.process.pid, SERVER_CORE)
    if not index.exists():
        # The feeder is idle once ready: its index is kept for later runs.
        shutil.copytree(workdir / "search", index, symlinks=True)
        log(f"[serve] search index kept in {index}")
    return server, meta


def start_bare(workdir, threads):
    port = load.free_port()
    log_path = workdir / "bare.log"
    with log_path.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(BARE), str(workdir / "bare"), str(port), str(threads)],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    load.wait_for_port(process, port, 60, lambda: log_path.read_text()[-2000:])
    pin(process.pid, SERVER_CORE)
    return process, f"http://127.0.0.1:{port}"


def nginx_config(workdir, upstream_port, main):
    """etc/nginx.conf as shipped, on loopback ports with a self-signed
    certificate (as tests/nginx_front.py runs it), one worker, inside the
    http settings `main` (MAIN_CONFIGS); returns (https port, directory)."""
    root = Path(tempfile.mkdtemp(prefix=f"nginx-{main}-", dir=workdir))
    (root / "tmp").mkdir(parents=True)
    key, cert = root / "key.pem", root / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    http_port, https_port = load.free_port(), load.free_port()
    site = (REPO / "etc" / "nginx.conf").read_text()
    replacements = {
        "server 127.0.0.1:6543;": f"server 127.0.0.1:{upstream_port};",
        "listen 80 default_server;": f"listen 127.0.0.1:{http_port} default_server;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2 default_server;": f"listen 127.0.0.1:{https_port} ssl http2 default_server;",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server_name consult.example.kz;": "server_name localhost;",
        "/etc/ssl/certs/consult.example.kz.pem": str(cert),
        "/etc/ssl/private/consult.example.kz.key": str(key),
        "proxy_cache_path /var/cache/nginx/consult": f"proxy_cache_path {root}/cache",
    }
    for old, new in replacements.items():
        if old not in site:
            raise SystemExit(f"etc/nginx.conf no longer has {old!r}")
        site = site.replace(old, new)
    site = "\n".join(line for line in site.splitlines() if "[::]" not in line)
    (root / "site.conf").write_text(site)
    temp = "".join(
        f"    {name}_temp_path {root}/tmp/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    http = MAIN_CONFIGS[main].format(root=root)
    (root / "nginx.conf").write_text(
        # One worker: it and waitress share core 0; the generator has core 1.
        "worker_processes 1;\ndaemon off;\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {root}/nginx.pid;\nevents {{ worker_connections 4096; }}\n"
        f"http {{\n{http}{temp}    include {root}/site.conf;\n}}\n"
    )
    return https_port, root


def start_nginx(workdir, upstream_port, main):
    https_port, root = nginx_config(workdir, upstream_port, main)
    process = subprocess.Popen(
        ["taskset", "-c", str(SERVER_CORE), load.NGINX]
        + ["-c", str(root / "nginx.conf"), "-p", str(root), "-e", str(root / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    load.wait_for_port(process, https_port, 30, lambda: (root / "error.log").read_text()[-2000:])
    deadline = time.monotonic() + 10
    while not children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return process, f"https://localhost:{https_port}"


# -- wrk ------------------------------------------------------------------------------------


def prefill(url, entries):
    """Ask nginx once for every address, so that the measured run starts
    with each page cached, as on a site that has been read for a while."""
    import http.client
    import ssl

    began = time.monotonic()
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPSConnection(parts.hostname, parts.port, context=context)
    for _, _, address, headers in entries:
        connection.request("GET", address, headers=dict(each.split(": ", 1) for each in headers))
        connection.getresponse().read()
    connection.close()
    log(f"[cached] {len(entries)} addresses read once in {time.monotonic() - began:.0f} s")


def wrk_command(url, listing, seconds, connections):
    return [
        "taskset",
        "-c",
        str(GENERATOR_CORE),
        WRK,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(SCRIPT),
        "--",
        url,
        str(listing),
    ]


def run_wrk(command, groups=None):
    """Run wrk; returns its JSON summary, its CPU seconds and the snapshots
    of `groups` ({name: pids}) before and after."""
    groups = groups or {}
    before = Snapshot(groups)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = process.stdout.read()
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    after = Snapshot(groups)
    if process.returncode != 0:
        raise SystemExit(f"wrk failed ({process.returncode}):\n{output}")
    line = next(line for line in output.splitlines() if line.startswith("WRK-JSON "))
    summary = json.loads(line[len("WRK-JSON ") :])
    return summary, rusage.ru_utime + rusage.ru_stime, before, after


def measure(name, url, entries, args, workdir, groups, connections, upstream=None):
    """A warm-up run (not measured), then the measured one; prints its figures."""
    listing = write_entries(workdir / f"{name.split()[0]}.urls", entries)
    if args.warmup:
        run_wrk(wrk_command(url, listing, args.warmup, connections))
    command = wrk_command(url, listing, args.seconds, connections)
    upstream_before = upstream() if upstream else None
    summary, generator, before, after = run_wrk(command, groups)
    requests = summary["requests"]
    figures, cpu_lines = usage(before, after, requests, generator)
    statuses = summary["statuses"]
    bad = sum(count for status, count in statuses.items() if not 200 <= int(status) < 400)
    errors = {kind: count for kind, count in summary["errors"].items() if count}
    percentiles = summary["latency_us"]["percentiles"]
    figures.update(
        requests=requests,
        rps=requests / summary["seconds"],
        p50_ms=percentiles["50"] / 1000,
        p99_ms=percentiles["99"] / 1000,
        max_ms=summary["latency_us"]["max"] / 1000,
        bytes_per_request=summary["bytes"] / max(requests, 1),
        not_2xx_3xx=bad,
        socket_errors=errors,
        statuses=statuses,
        kinds=summary["kinds"],
        caches=summary["caches"],
        command=" ".join(command[3:]),
    )
    lines = [
        f"{name}: {figures['rps']:.1f} requests/s; latency p50 {figures['p50_ms']:.1f} ms, "
        f"p99 {figures['p99_ms']:.1f} ms, max {figures['max_ms']:.0f} ms "
        f"({requests} requests in {summary['seconds']:.1f} s, {connections} connections)",
        f"  statuses {statuses}; not 2xx/3xx: {bad}; socket errors: {errors or 'none'}; "
        f"{figures['bytes_per_request'] / 1000:.1f} kB a response, headers included",
        f"  requests by kind: {summary['kinds']}",
    ]
    if summary["caches"]:
        lines.append(f"  nginx's X-Cache-Status: {summary['caches']}")
    if upstream:
        after_window = upstream()
        reached = after_window["requests"] - upstream_before["requests"]
        unchanged = after_window["not_modified"] - upstream_before["not_modified"]
        figures["upstream_requests"] = reached
        figures["upstream_not_modified"] = unchanged
        lines.append(
            f"  requests that reached waitress: {reached} "
            f"({100 * reached / max(requests, 1):.1f} % of those answered), "
            f"{unchanged} of them answered 304"
        )
        if "waitress" in figures["cpu_s"]:
            figures["waitress_ms_per_upstream_request"] = (
                1000 * figures["cpu_s"]["waitress"] / max(reached, 1)
            )
            lines.append(
                "  waitress CPU per request that reached it: "
                f"{figures['waitress_ms_per_upstream_request']:.2f} ms"
            )
    lines += cpu_lines
    lines.append(f"  command: {figures['command']}")
    print("\n".join(lines), flush=True)
    return figures


def server_groups(consult, nginx=None):
    groups = {"waitress": [consult.process.pid]}
    if nginx is not None:
        groups["nginx"] = [nginx.pid]
    return groups


# -- the posting flow (locust) ------------------------------------------------------------


class WindowMarks:
    """What load.run_load calls at the start and end of its window: here, CPU
    snapshots of the server's processes and of the locust child."""

    def __init__(self, groups):
        self.groups = groups
        self.snapshots = {}

    def mark(self, moment):
        if moment == "start":
            generator = [
                pid
                for pid in children(os.getpid())
                if b"load.drive" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
            self.groups = {**self.groups, "generator": generator}
        self.snapshots[moment] = Snapshot(self.groups)


def run_posts(consult, meta, args, workdir):
    proxy = load.Proxy(workdir, [consult.url])
    for pid in proxy.pids:
        pin(pid, SERVER_CORE)
    groups = {"waitress": [consult.process.pid], "nginx": [proxy.process.pid]}
    marks = WindowMarks(groups)
    front = SimpleNamespace(
        urls=[proxy.url],
        servers=[consult],
        memory=marks,
        proxy=None,
        process=consult.process,
    )
    settings = SimpleNamespace(
        users=args.users,
        rate=args.rate,
        seconds=args.seconds,
        spawn_rate=20.0,
        profile=None,
        mix={"read": 0, "comment": 1, "reply": 0, "support": 0, "search": 0},
        posts_per_read=args.posts_per_read,
    )
    log(f"[posts] {args.users} people sign in, then post at {args.rate}/s offered")
    result, _ = load.run_load(front, meta, settings, workdir, load.post_texts())
    proxy.stop()
    requests = sum(entry["count"] for entry in result["requests"].values())
    start, end = marks.snapshots["start"], marks.snapshots["end"]
    generator = end.cpu["generator"] - start.cpu["generator"]
    for snapshot in (start, end):
        del snapshot.cpu["generator"]
    figures, cpu_lines = usage(start, end, requests, generator)
    figures["requests"] = {name: entry for name, entry in result["requests"].items()}
    lines = [
        f"posts: {args.users} people signed in, {args.rate}/s offered, {result['measured']:.0f} s"
    ]
    for name, entry in result["requests"].items():
        if not entry["count"]:  # the sign-ins, before the window
            continue
        lines.append(
            f"  {name}: {entry['rps']:.1f}/s; p50 {entry['p50']:.0f} ms, p99 {entry['p99']:.0f} ms, "
            f"max {entry['max']:.0f} ms; {entry['failures']} failed of {entry['count']}"
        )
    if result["errors"]:
        lines.append(f"  errors: {result['errors']}")
    lines += cpu_lines
    print("\n".join(lines), flush=True)
    return figures, result


# -- the run ----------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--comments", type=int, default=100_000, help="load.py's database (100000)")
    parser.add_argument("--data-dir", default=str(REPO / "var" / "bench"))
    parser.add_argument("--seconds", type=int, default=30, help="each measured window (30)")
    parser.add_argument("--warmup", type=int, default=10, help="an unmeasured run first (10 s)")
    parser.add_argument("--threads", type=int, default=2, help="waitress threads (2)")
    parser.add_argument(
        "--connections", type=int, default=16, help="wrk's connections straight to waitress (16)"
    )
    parser.add_argument(
        "--cached-connections", type=int, default=64, help="wrk's connections to nginx (64)"
    )
    parser.add_argument(
        "--nginx-main",
        nargs="+",
        choices=tuple(MAIN_CONFIGS),
        default=["debian"],
        help="the http settings around etc/nginx.conf: Debian's nginx.conf as installed "
        "(access log, gzip on; the default), nolog (gzip on) or lean (neither); "
        "several: one cached run each",
    )
    parser.add_argument("--users", type=int, default=200, help="people posting (200)")
    parser.add_argument("--rate", type=float, default=300.0, help="posting actions/s offered (300)")
    parser.add_argument(
        "--posts-per-read",
        type=int,
        default=1,
        help="comments a person posts from one reading of the page (1)",
    )
    parser.add_argument("--json", metavar="FILE", help="write every figure to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the run's directory")
    args = parser.parse_args(argv)
    if os.cpu_count() < 2:
        raise SystemExit("the server and the generator need a core each")
    # This process and what it starts run on the generator's core; the
    # servers are moved to theirs.
    os.sched_setaffinity(0, {GENERATOR_CORE})

    cached = derived(args.data_dir, args.comments)
    workdir = Path(tempfile.mkdtemp(prefix="consult-wrk-"))
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    results = {
        "commit": commit,
        "argv": sys.argv,
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    consult = nginx = bare = None
    try:
        for name in ("Data.fs", "Data.fs.index"):
            if (cached / name).exists():
                shutil.copy(cached / name, workdir / name)
        consult, meta = start_consult(workdir, args, cached)
        print(
            f"# wrk_load.py at {commit}, {results['started']}: {args.comments} comments + "
            f"{EXTRA_CONSULTATIONS} consultations; waitress ({args.threads} threads) on core "
            f"{SERVER_CORE}, generator on core {GENERATOR_CORE}; load average {load_average()}",
            flush=True,
        )
        upstream = lambda: consult.stats()  # noqa: E731
        if "cached" in args.modes:
            pages = article_entries(meta, extra=BROWSER)
            for main in args.nginx_main:
                nginx, url = start_nginx(workdir, consult.port, main)
                prefill(url, pages)
                results[f"cached-{len(results)}-{main}"] = measure(
                    f"cached (anonymous article pages, nginx with its cache, TLS, {main} http settings)",
                    url,
                    pages,
                    args,
                    workdir,
                    server_groups(consult, nginx),
                    args.cached_connections,
                    upstream,
                )
                load.stop_process(nginx, signal.SIGQUIT)
                nginx = None
        if "uncached" in args.modes:
            results["uncached"] = measure(
                "uncached (the read mix, straight to waitress)",
                consult.url,
                mix_entries(meta),
                args,
                workdir,
                server_groups(consult),
                args.connections,
                upstream,
            )
        if "ratio" in args.modes:
            article = measure(
                "article (uncached article pages, straight to waitress)",
                consult.url,
                article_entries(meta),
                args,
                workdir,
                server_groups(consult),
                args.connections,
            )
            bare, bare_url = start_bare(workdir, args.threads)
            page = measure(
                "bare (Pyramid + ZODB + Chameleon, 20 items)",
                bare_url,
                [(1.0, "bare", "/", ())],
                args,
                workdir,
                {"bare": [bare.pid]},
                args.connections,
            )
            load.stop_process(bare, signal.SIGTERM)
            bare = None
            results["ratio"] = {
                "article": article,
                "bare": page,
                "requests_per_s": article["rps"] / page["rps"],
                "cpu_per_request": page["server_cpu_ms_per_request"]
                / article["server_cpu_ms_per_request"],
            }
            print(
                f"ratio, uncached article page to bare page: requests/s "
                f"{results['ratio']['requests_per_s']:.3f}, by CPU per request "
                f"{results['ratio']['cpu_per_request']:.3f}",
                flush=True,
            )
        if "posts" in args.modes:
            figures, result = run_posts(consult, meta, args, workdir)
            results["posts"] = figures
            consult.stop()
            found, _ = load.stored_tokens(
                workdir / "Data.fs", meta["slug"], meta["accounts"][: args.users]
            )
            stored_lines, ok = load.check_stored(result, found)
            print("\n".join("  " + line for line in stored_lines), flush=True)
            results["posts"]["stored_ok"] = ok
        print(f"# load average at the end {load_average()}", flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1))
    finally:
        for process in (nginx, bare):
            if process is not None:
                load.stop_process(process, signal.SIGQUIT)
        if consult is not None:
            consult.stop()
        if args.keep:
            log(f"[run] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
