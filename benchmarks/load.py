"""Load benchmark: consult under waitress with a large consultation, driven by
many concurrent clients (locust, headless) through the real pages and forms.

    make bench
    # which is
    .venv/bin/python benchmarks/load.py --comments 100000 --users 200 --seconds 60

Three steps, each printing what it does on stderr:

1. **Prepare** (cached): a FileStorage with one published consultation whose
   White Paper stage is open, a 200-article draft (Russian and English)
   written from the sentences of the seed documents, `--accounts` confirmed
   accounts that can sign in (`bench-N@example.kz`, password `PASSWORD`),
   2 000 further participants, and `--comments` comments and replies (real
   text: seed sentences and Polis comments, recombined as `search.py` does;
   stances, supports) posted through `FeedbackService.post` in batches of
   2 000 per transaction. The result is kept in `--data-dir` under a name
   that says what it holds, and copied for each run, so a run never changes it.
2. **Serve**: `pserve` on a free loopback port with a generated ini (the
   copied database, the chosen search engine, `load_support` included for
   its counters); the feeder builds the search index on start and the run
   waits until `/api/search` no longer says `"building": true`.
3. **Load**: locust (as a library, in a child process, since it
   monkey-patches the standard library with gevent) starts `--users`
   simulated people; each signs in once through the real login form, then
   runs the mix below, offered at `--rate` actions per second in all
   (`constant_throughput` per user: a person who waits for a slow server
   offers less, as people do). Statistics are reset once everyone is signed
   in; the measured window lasts `--seconds`.

The mix, by share of actions: read an article page with its first 20
comments (45%); comment on an article through its form (33%: the page is
read first, as a person would, which counts as an article page read, then
the form is posted with its CSRF token); reply to a comment seen on the page
through its reply form (11%: reply form, then POST); support a comment seen
on the page (7%); search the site with 1-3 words (4%). Each comment or reply
carries a unique token, so that after the run, with the server stopped, the
FileStorage is read and every comment whose POST succeeded (303 to the
comment) is checked to be stored exactly once.

Printed per request kind: requests/s over the measured window, p50/p95/p99
latency (locust's histogram: 2 significant digits), failures; then ZODB
conflict retries counted inside the server (`load_support`), the server's
resident memory (psutil, sampled every 0.2 s; its peak while indexing,
while people sign in and in the measured window) and what the server says
of it when ready and after the window (`load_support`'s `/_bench/memory`:
anonymous memory against mapped files, glibc's free memory, the ZODB
connection caches with their ghosts), the targets of issue 6 with whether
they are met, and the check of the stored comments. The run's copy of the
database has its sign-in accounts hashed at production.ini's argon2 cost
(`--argon2`). `--profile
FILE` records the server with py-spy during the measured window and prints
its top frames. See benchmarks/README.md, "Load"."""

import argparse
import json
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
import urllib.request
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BIN = Path(sys.executable).parent
SLUG = "national-consultation"
PASSWORD = "bench-password-2026"
ARTICLES = 200
PARTICIPANTS = 2000  # further authors, who cannot sign in
BATCH = 2000  # comments per transaction while preparing
FORMAT = 2  # bump when the prepared database changes shape
SEED = 2026
FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}
TOKEN = re.compile(r"\[lt-([0-9a-z]+-\d+-\d+)\]")

# Shares of the actions in the mix (see the docstring).
MIX = {"read": 45, "comment": 33, "reply": 11, "support": 7, "search": 4}
SEARCH_WORDS = (
    "jury",
    "citizens",
    "budget",
    "public hearing",
    "закон",
    "граждан",
    "азаматтар",
    "referendum",
    "electoral reform",
    "parliament",
    "совет",
    "consultation",
    "voting system",
    "общественн",
)

# Issue 6's targets: (request name, minimum requests/s, maximum p99 ms).
TARGETS = (("comment POST", 200, 300), ("article page", 400, 150))
MEMORY_TARGET_MB = 500


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# -- 1. preparing the database ---------------------------------------------------


def prepared_name(comments, accounts):
    return f"load-v{FORMAT}-{comments}c-{accounts}a"


def draft_text(pool, rng, articles=ARTICLES):
    """A draft law of `articles` articles in 10 chapters, its headings and
    paragraphs taken from `pool` (sentences of one language)."""
    words = {"ru": ("Глава", "Статья"), "en": ("Chapter", "Article")}
    chapter_word, article_word = words[pool[0]]
    sentences = pool[1]
    lines = []
    per_chapter = max(1, articles // 10)
    for number in range(1, articles + 1):
        if (number - 1) % per_chapter == 0:
            heading = " ".join(rng.choice(sentences).split()[:6]).rstrip(".,;:")
            lines += [f"{chapter_word} {(number - 1) // per_chapter + 1}. {heading}", ""]
        heading = " ".join(rng.choice(sentences).split()[:8]).rstrip(".,;:")
        lines += [f"{article_word} {number}. {heading}", ""]
        for point in range(1, rng.randint(2, 4) + 1):
            lines += [f"{point}. {rng.choice(sentences)}", ""]
    return "\n".join(lines)


def prepare(path, comments, accounts, log=log):
    """Build the benchmark database in `path` (a new directory): Data.fs and
    meta.json, which names the consultation, its articles and the accounts."""
    from datetime import timedelta

    from search import POLIS, _polis_texts, sentence_pools
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.accounts.models import Principal
    from consult.accounts.passwords import hash_password
    from consult.clock import FixedClock, SystemClock
    from consult.config import evolution_steps
    from consult.consultations.parsing import parse_text
    from consult.consultations.services import ConsultationService
    from consult.demo.content import POLIS_ATTRIBUTION
    from consult.demo.jury import FEMALE, MALE, SURNAMES
    from consult.feedback.comments import STANCES
    from consult.feedback.services import FeedbackService
    from consult.resources import opened_root

    began = time.monotonic()
    rng = random.Random(SEED)
    log(f"[prepare] sentences from the seeds and {POLIS.name}/")
    pools = sentence_pools()
    polis = [" ".join(text.split()) for text in _polis_texts() if len(text.split()) >= 3]
    path.mkdir(parents=True)
    now = SystemClock().now()
    db = DB(FileStorage(str(path / "Data.fs")), cache_size=50000)
    try:
        with opened_root(db, evolution_steps()) as root:
            clerk = Principal("clerk@example.kz", "Clerk", "Ministry", "", now)
            service = ConsultationService(root["consultations"], FixedClock(now))
            consultation = service.create(
                SLUG,
                {"en": "A national consultation", "ru": "Общенациональное обсуждение"},
                {"en": "The load benchmark's consultation: a 200-article draft law."},
                {"en": "Ministry of Benchmarks"},
                ["benchmark"],
                clerk,
            )
            service.add_question(consultation, {"en": "What should the law change?"})
            for language in ("ru", "en"):
                text = draft_text((language, pools[language]), random.Random(SEED))
                service.import_draft(consultation, language, parse_text(text))
            day = timedelta(days=1)
            service.schedule(consultation, "green", now - 40 * day, now - 10 * day)
            service.schedule(consultation, "white", now - 8 * day, now + 365 * day)
            service.publish(consultation)
            root.attributions = root.attributions + (POLIS_ATTRIBUTION,)
            draft = consultation.current_draft()
            articles = [
                (draft.version, article.number, article.target) for article in draft.articles()
            ]
        log(f"[prepare] consultation {SLUG!r}: {len(articles)} articles")

        shared_hash = hash_password(PASSWORD)  # one hash: argon2 is slow on purpose
        unusable = hash_password(PASSWORD + str(rng.random()))
        emails = [f"bench-{number}@example.kz" for number in range(accounts)]
        with opened_root(db, evolution_steps()) as root:
            principals = root["principals"]
            authors = []
            for number, email in enumerate(
                emails + [f"participant-{n}@bench.invalid" for n in range(PARTICIPANTS)]
            ):
                person = Principal(
                    email,
                    rng.choice(FEMALE + MALE),
                    rng.choice(SURNAMES),
                    shared_hash if number < accounts else unusable,
                    now,
                )
                person.confirmed_at = now
                principals.add_principal(person)
                authors.append(person.id)
        log(f"[prepare] {accounts} accounts that sign in, {PARTICIPANTS} more participants")

        # Comments arrive over the stage's last 7 days; popular articles get more.
        clock = FixedClock(now - 7 * day)
        feedback = FeedbackService(clock, {}, rng=rng)
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(articles))]
        rng.shuffle(weights)
        languages = ("kk", "ru", "en")
        posted = 0
        recent = {}  # target -> [(id, depth)] of its latest comments
        while posted < comments:
            with opened_root(db, evolution_steps()) as root:
                consultation = root["consultations"][SLUG]
                principals = root["principals"]
                store = consultation.comments
                for _ in range(min(BATCH, comments - posted)):
                    clock.when = (
                        now - 7 * day + (7 * day - timedelta(minutes=5)) * (posted / comments)
                    )
                    target = rng.choices(articles, weights)[0][2]
                    if rng.random() < 0.3:
                        text = rng.choice(polis)
                    else:
                        pool = pools[rng.choice(languages)]
                        text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
                    parent = None
                    candidates = [entry for entry in recent.get(target, ()) if entry[1] < 3]
                    if candidates and rng.random() < 0.3:
                        parent = store.get(rng.choice(candidates)[0])
                    author = principals[rng.choice(authors)]
                    comment = feedback.post(
                        consultation,
                        target,
                        author,
                        text,
                        rng.choices(STANCES, weights=(4, 3, 3))[0],
                        parent=parent,
                    )
                    entries = recent.setdefault(target, [])
                    entries.append((comment.id, comment.depth))
                    del entries[:-20]
                    for _ in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
                        supporter = principals[rng.choice(authors)]
                        if supporter.id != author.id and supporter.id not in comment.supporters:
                            feedback.support(comment, supporter)
                    posted += 1
            db.cacheMinimize()
            elapsed = time.monotonic() - began
            if posted % (10 * BATCH) == 0 or posted == comments:
                log(
                    f"[prepare] {posted}/{comments} comments, {elapsed:.0f} s "
                    f"({posted / elapsed:.0f}/s)"
                )
    finally:
        db.close()
    meta = {
        "slug": SLUG,
        "articles": articles,
        "accounts": emails,
        "password": PASSWORD,
        "comments": comments,
        "built": now.isoformat(),
        "seconds": round(time.monotonic() - began, 1),
    }
    (path / "meta.json").write_text(json.dumps(meta, indent=1))
    log(
        f"[prepare] done in {meta['seconds']:.0f} s: "
        f"{(path / 'Data.fs').stat().st_size / 1e6:.0f} MB"
    )
    return meta


def settle(path, log=log):
    """Let the background steps that keep their own state in the database
    (consult.campaigns' worker: its first pass places every stored comment)
    finish once on the cached database, so that each run measures a site in
    its steady state rather than that first pass. Recorded in meta.json."""
    meta_path = path / "meta.json"
    meta = json.loads(meta_path.read_text())
    try:
        from consult.campaigns.worker import CampaignWorker
    except ImportError:
        return meta
    if meta.get("settled") == ["campaigns"]:
        return meta
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    log("[prepare] the campaign worker's first pass over the stored comments (once)")
    began = time.monotonic()
    db = DB(FileStorage(str(path / "Data.fs")), cache_size=50000)
    try:
        worker = CampaignWorker(db)
        looked = worker.catch_up()
        worker.stop()
    finally:
        db.close()
    meta["settled"] = ["campaigns"]
    meta_path.write_text(json.dumps(meta, indent=1))
    log(f"[prepare] campaigns: {looked} comments placed in {time.monotonic() - began:.0f} s")
    return meta


def prepared(data_dir, comments, accounts, campaigns_pass="run"):
    """The cached database's directory, built first if missing (and settled
    unless `campaigns_pass` is "skip")."""
    path = Path(data_dir) / prepared_name(comments, accounts)
    if not (path / "meta.json").exists():
        if path.exists():
            log(f"[prepare] removing an unfinished {path}")
            shutil.rmtree(path)
        building = path.with_name(path.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        prepare(building, comments, accounts)
        building.rename(path)
    else:
        log(f"[prepare] using the cached database in {path}")
    if campaigns_pass == "run":
        settle(path)
    return path


# -- 2. the server ------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_uri(workdir, args, zeo_port=None):
    """The run's FileStorage, or the ZEO server serving it (--processes)."""
    caches = f"connection_cache_size={args.cache_size}" + (
        f"&connection_cache_size_bytes={args.cache_bytes}" if args.cache_bytes else ""
    )
    if zeo_port is None:
        return f"file://{workdir}/Data.fs?{caches}"
    # As etc/consult-zeo.ini: each process keeps a client cache of records.
    return f"zeo://127.0.0.1:{zeo_port}?cache_size=200MB&wait_timeout=60&{caches}"


def connection_limit(args):
    """waitress's: without a proxy every simulated person keeps a connection
    open, and waitress's default limit (100) would make the rest queue outside
    the server; behind nginx, which buffers requests and answers, a few per
    thread keep the threads busy, and the rest wait in nginx and the kernel
    instead of in waitress's loop."""
    if args.connection_limit:
        return args.connection_limit
    return args.users + 100 if args.proxy == "none" else 8 * args.threads


def collector_settings():
    """The garbage collector's settings of etc/production.ini, as lines."""
    import configparser

    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "etc" / "production.ini")
    return [
        f"{name} = {value}"
        for name, value in ini["app:main"].items()
        if name.startswith("consult.gc.")
    ]


def write_ini(workdir, port, args, uri, number=0):
    search = "search" if number == 0 else f"search-{number}"
    lines = [
        "[app:main]",
        "use = egg:consult",
        "pyramid.includes = load_support",
        "pyramid.default_locale_name = en",
        f"zodbconn.uri = {uri}",
        "retry.attempts = 5",
        "consult.session_secret = load-benchmark-only",
        "consult.hash_secret = load-benchmark-hashes",
        f"consult.public_url = http://127.0.0.1:{port}",
        f"mail.debug_directory = {workdir}/mail",
        f"consult.search.backend = {args.engine}",
        f"consult.search.path = {workdir}/{search}",
        *args.setting,
        *([] if args.collector == "python" else collector_settings()),
        # As docs/operations.md says for several processes: one campaign worker.
        *([] if number == 0 else ["consult.campaigns.worker = false"]),
        *[f"{name} = {value}" for name, value in argon2_settings(args.argon2).items()],
        *(
            []
            if args.render_cache_chars is None
            else [f"consult.render_cache_chars = {args.render_cache_chars}"]
        ),
        # The abuse limits (consult.limits) count per account and per address:
        # here every simulated person shares 127.0.0.1 and 200 accounts stand
        # for a crowd, so they are off unless --keep-limits (those on guessing
        # apply by default, so they are named too).
        *(
            []
            if args.keep_limits
            else [
                f"consult.limits.{name} ="
                for name in (
                    "comment",
                    "comment.address",
                    "support",
                    "support.address",
                    "report",
                    "report.address",
                    "register",
                    "register.address",
                    "signin",
                    "signin.address",
                    "signin.lock",
                    "forgot",
                    "forgot.address",
                )
            ]
        ),
        "",
        "[server:main]",
        "use = egg:waitress#main",
        f"listen = 127.0.0.1:{port}",
        f"threads = {args.threads}",
        f"connection_limit = {connection_limit(args)}",
        "backlog = 2048",
        "",
        "[loggers]",
        "keys = root",
        "",
        "[handlers]",
        "keys = console",
        "",
        "[formatters]",
        "keys = generic",
        "",
        "[logger_root]",
        "level = WARNING",
        "handlers = console",
        "",
        "[handler_console]",
        "class = StreamHandler",
        "args = (sys.stderr,)",
        "level = NOTSET",
        "formatter = generic",
        "",
        "[formatter_generic]",
        "format = %(asctime)s %(levelname)-5.5s [%(name)s] %(message)s",
    ]
    ini = workdir / ("load.ini" if number == 0 else f"load-{number}.ini")
    ini.write_text("\n".join(lines) + "\n")
    return ini


def argon2_settings(which):
    """The `consult.argon2.*` settings of production.ini ("production"), or
    none (argon2-cffi's default cost: 64 MiB and 3 passes a hash)."""
    if which == "default":
        return {}
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    parser.read(REPO / "etc" / "production.ini")
    return {
        name: value
        for name, value in parser["app:main"].items()
        if name.startswith("consult.argon2.")
    }


def settle_copy(data_fs, meta, args, log=log):
    """Make the run's copy of the database what the run asks for: the
    accounts that sign in hashed again at the cost of `--argon2` (hashes
    carry their cost, and the cached database's were made at argon2-cffi's
    default, 64 MiB a verification), and with `--campaigns-pass skip` the
    campaign worker's first pass marked done without placing anything."""
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.accounts.passwords import hasher_from_settings
    from consult.config import evolution_steps
    from consult.resources import opened_root

    began = time.monotonic()
    settings = argon2_settings(args.argon2)
    db = DB(FileStorage(str(data_fs)))
    try:
        with opened_root(db, evolution_steps()) as root:
            if settings:
                password_hash = hasher_from_settings(settings).hash(meta["password"])
                for email in meta["accounts"][: args.users]:
                    root["principals"].find_by_email(email).password_hash = password_hash
            if args.campaigns_pass == "skip" and meta.get("settled") != ["campaigns"]:
                from consult.campaigns.worker import CampaignCursor

                cursor = getattr(root, "campaign_cursor", None)
                if cursor is None:
                    cursor = root.campaign_cursor = CampaignCursor(root.search_changes.last_key())
                cursor.initial_done = True
                cursor.initial_position = None
    finally:
        db.close()
    log(
        f"[serve] the copy: sign-in hashes at {settings or 'the library default cost'}"
        f"{'; campaign pass skipped' if args.campaigns_pass == 'skip' else ''} "
        f"({time.monotonic() - began:.0f} s)"
    )


def get_json(url, timeout=30, data=None):
    with urllib.request.urlopen(url, timeout=timeout, data=data) as response:
        return json.loads(response.read())


class MemorySampler(threading.Thread):
    """Resident memory of a process (and its children), sampled, with its
    peak in each phase of the run: "indexing" (from the start until the
    index is built and the server is ready), "signing in" (until every user
    has signed in), "window" (the measured window) and "after"."""

    PHASES = ("indexing", "signing in", "window", "after")

    def __init__(self, pids, every=0.2):
        super().__init__(daemon=True)
        import psutil

        # Several processes (--processes: the consult servers and the ZEO
        # server) are measured together: their RSS and CPU are summed.
        self.processes = [psutil.Process(pid) for pid in pids]
        self.each_peak = [0] * len(pids)
        self.every = every
        self.peak = 0
        self.peaks = dict.fromkeys(self.PHASES, 0)
        self.phase = "indexing"
        self.last = 0
        self.done = threading.Event()
        self.cpu = {}  # "start"/"end" of the window: (server CPU seconds, wall seconds)
        self.at = {}  # RSS at "ready", at the window's "start" and "end"

    @property
    def window_peak(self):
        return self.peaks["window"]

    def each_rss(self):
        return [
            process.memory_info().rss
            + sum(child.memory_info().rss for child in process.children(recursive=True))
            for process in self.processes
        ]

    def mark(self, moment):
        self.at[moment] = sum(self.each_rss())
        cpu = sum(
            times.user + times.system
            for times in (process.cpu_times() for process in self.processes)
        )
        self.cpu[moment] = (cpu, time.monotonic())
        self.phase = {"ready": "signing in", "start": "window", "end": "after"}[moment]

    def window_cpu(self):
        """Cores the server kept busy during the window (1.0: one core)."""
        (cpu0, wall0), (cpu1, wall1) = self.cpu["start"], self.cpu["end"]
        return (cpu1 - cpu0) / (wall1 - wall0)

    def run(self):
        import psutil

        while not self.done.is_set():
            try:
                each = self.each_rss()
            except psutil.Error:
                break
            self.each_peak = [max(pair) for pair in zip(self.each_peak, each, strict=False)]
            rss = sum(each)
            self.last = rss
            self.peak = max(self.peak, rss)
            self.peaks[self.phase] = max(self.peaks[self.phase], rss)
            self.done.wait(self.every)


class Server:
    """One pserve process serving the run's database (`uri`)."""

    def __init__(self, workdir, args, uri, number=0, evolve=True):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ini = write_ini(workdir, self.port, args, uri, number)
        self.log_path = workdir / ("server.log" if number == 0 else f"server-{number}.log")
        env = dict(
            os.environ,
            PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
        )
        env.setdefault("CHAMELEON_CACHE", str(workdir / "chameleon"))
        Path(env["CHAMELEON_CACHE"]).mkdir(exist_ok=True)
        # As docs/operations.md starts pserve: glibc's per-thread arenas off.
        env.setdefault("MALLOC_ARENA_MAX", "2")
        env.update(variable.split("=", 1) for variable in args.server_env)
        if args.tracemalloc:
            env["PYTHONTRACEMALLOC"] = str(args.tracemalloc)
        with self.log_path.open("wb") as output:
            if evolve:
                # A cached database from an older generation is brought up to
                # date, as a site's upgrade would.
                subprocess.run(
                    [str(BIN / "consult"), "evolve", "--ini", str(ini)],
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    env=env,
                    check=True,
                )
            self.process = subprocess.Popen(
                [str(BIN / "pserve"), str(ini)], stdout=output, stderr=subprocess.STDOUT, env=env
            )

    def ready_after(self):
        """None while the server or its search index is not ready, else True;
        raises if the server has exited."""
        if self.process.poll() is not None:
            raise SystemExit(f"the server exited; its log:\n{self.tail()}")
        answer = get_json(f"{self.url}/api/search?q=jury", timeout=10)
        if answer.get("building"):
            return f"indexing; {answer.get('total')} found so far"
        return None

    def stats(self):
        return get_json(f"{self.url}/_bench/stats")

    def memory_report(self, top=0):
        return get_json(f"{self.url}/_bench/memory?top={top}", timeout=120)

    def trim(self):
        return get_json(f"{self.url}/_bench/trim", data=b"")

    def tail(self, lines=40):
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self):
        stop_process(self.process, signal.SIGTERM)


def wait_for_port(process, port, seconds, log_tail):
    """Wait until `process` listens on `port`; exit with its log if it dies."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited: {log_tail()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"{process.args[0]} did not listen within {seconds} s")


def stop_process(process, stop_signal, seconds=60):
    if process.poll() is None:
        process.send_signal(stop_signal)
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ZEOServer:
    """runzeo serving the run's FileStorage to several consult processes."""

    def __init__(self, workdir):
        self.port = free_port()
        self.log_path = workdir / "zeo.log"
        with self.log_path.open("wb") as output:
            self.process = subprocess.Popen(
                [
                    str(BIN / "runzeo"),
                    "-a",
                    f"127.0.0.1:{self.port}",
                    "-f",
                    str(workdir / "Data.fs"),
                ],
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_for_port(self.process, self.port, 60, lambda: self.log_path.read_text()[-2000:])

    def stop(self):
        stop_process(self.process, signal.SIGTERM)


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Proxy:
    """nginx in front of the consult processes (`--proxy nginx`), as a site
    runs it: the people's many keep-alive connections end at nginx, which
    keeps a few to each waitress and buffers the responses. (waitress's loop
    asks every open connection whether it is readable and writable at each
    turn: with 200 connections that took a third of the server's GIL.)"""

    def __init__(self, workdir, urls):
        if not Path(NGINX).exists():
            raise SystemExit("--proxy nginx needs nginx (Debian: apt-get install nginx-light)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        root = workdir / "nginx"
        (root / "tmp").mkdir(parents=True, exist_ok=True)
        upstreams = "\n".join(f"        server {url.split('//', 1)[1]};" for url in urls)
        config = root / "nginx.conf"
        config.write_text(PROXY_CONFIG.format(root=root, port=self.port, upstreams=upstreams))
        self.process = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(root), "-e", str(root / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.process, self.port, 30, lambda: (root / "error.log").read_text()[-2000:])
        import psutil

        master = psutil.Process(self.process.pid)
        deadline = time.monotonic() + 10
        while not master.children() and time.monotonic() < deadline:
            time.sleep(0.1)
        self.pids = [self.process.pid] + [child.pid for child in master.children()]

    def stop(self):
        stop_process(self.process, signal.SIGQUIT)  # nginx's graceful stop


# As etc/nginx.conf, for loopback and one worker (the machine has 2 cores).
PROXY_CONFIG = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {root}/tmp/body;
    proxy_temp_path {root}/tmp/proxy;
    fastcgi_temp_path {root}/tmp/fastcgi;
    uwsgi_temp_path {root}/tmp/uwsgi;
    scgi_temp_path {root}/tmp/scgi;
    # No keep-alive to waitress: a connection per request, closed after it,
    # so that waitress's connection_limit queues the rest in the kernel
    # (kept-alive idle connections would hold its slots).
    upstream consult {{
{upstreams}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://consult;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Site:
    """What serves the run: one pserve on the FileStorage, or with
    `--processes N` (N > 1) a ZEO server and N pserve processes on it, each
    with its own search index fed from the shared storage (as
    etc/consult-zeo.ini). Memory and CPU are those of all of them together."""

    def __init__(self, workdir, args):
        self.zeo = ZEOServer(workdir) if args.processes > 1 else None
        uri = database_uri(workdir, args, self.zeo and self.zeo.port)
        self.servers = [
            Server(workdir, args, uri, number, evolve=number == 0)
            for number in range(args.processes)
        ]
        self.url = self.servers[0].url
        self.process = self.servers[0].process
        pids = [server.process.pid for server in self.servers]
        self.memory = MemorySampler(pids + ([self.zeo.process.pid] if self.zeo else []))
        self.memory.start()
        self.proxy = None
        # Where the people send their requests: each to one server, or all to nginx.
        self.urls = [server.url for server in self.servers]

    def start_proxy(self, workdir):
        """nginx in front, once every server is ready; its CPU is measured apart."""
        self.proxy = Proxy(workdir, [server.url for server in self.servers])
        self.urls = [self.proxy.url]
        self.proxy_usage = MemorySampler(self.proxy.pids)
        self.proxy_usage.start()

    def wait_ready(self, timeout):
        """Wait for every server, then for its search index."""
        began = time.monotonic()
        deadline = began + timeout
        said = 0.0
        waiting = list(self.servers)
        while waiting and time.monotonic() < deadline:
            still = []
            for server in waiting:
                try:
                    state = server.ready_after()
                except OSError as error:
                    state = repr(error)
                if state is not None:
                    still.append((server, state))
            waiting = [server for server, _ in still]
            if waiting and time.monotonic() - said > 10:
                log(
                    f"[serve] waiting: {still[0][1]} ({len(waiting)} of {len(self.servers)} "
                    f"servers); RSS {self.memory.last / 1e6:.0f} MB"
                )
                said = time.monotonic()
            if waiting:
                time.sleep(0.5)
        if waiting:
            raise SystemExit(f"the server was not ready in {timeout} s:\n{waiting[0].tail()}")
        return time.monotonic() - began

    def stats(self):
        return merged_stats([server.stats() for server in self.servers])

    def memory_report(self, top=0):
        """The first server's report (each process's would look alike)."""
        return self.servers[0].memory_report(top)

    def trim(self):
        return self.servers[0].trim()

    def timings(self, since):
        """The first server's /_bench/timings from `since` (its clock) on."""
        return get_json(f"{self.url}/_bench/timings?since={since}", timeout=60)

    def tail(self, lines=40):
        return "\n\n".join(server.tail(lines) for server in self.servers)

    @property
    def returncodes(self):
        return [server.process.returncode for server in self.servers]

    def stop(self):
        if self.proxy is not None:
            self.proxy.stop()
            self.proxy_usage.done.set()
        for server in self.servers:
            server.stop()
        if self.zeo is not None:
            self.zeo.stop()
        self.memory.done.set()
        self.memory.join(5)


def merged_stats(answers):
    """load_support's counters of several processes, added up."""
    merged = {"retries_by_error": Counter()}
    for answer in answers:
        for name, value in answer.items():
            if name == "retries_by_error":
                merged[name].update(value)
            elif name == "clock":  # one monotonic clock for the machine
                merged[name] = max(merged.get(name, 0.0), value)
            elif name != "pid":
                merged[name] = merged.get(name, 0) + value
    merged["retries_by_error"] = dict(merged["retries_by_error"])
    return merged


# -- 3. the load: locust, in a child process -------------------------------------------


def drive(spec_path):
    """The locust side, in a child process that imports locust first: locust
    patches the standard library with gevent when it is imported."""
    import itertools
    from html import unescape as html_unescape
    from urllib.parse import urlencode

    import gevent
    from locust import FastHttpUser, constant_throughput, events, task
    from locust.env import Environment

    spec = json.loads(Path(spec_path).read_text())
    slug = spec["slug"]
    # The shares of the actions (wrk_load.py's posting flow: comments only),
    # and how many comments a person posts from one reading of the page.
    mix = spec.get("mix", MIX)
    posts_per_read = spec.get("posts_per_read", 1)
    articles = spec["articles"]
    accounts = list(spec["accounts"])
    rng = random.Random(spec["seed"])
    rng.shuffle(accounts)
    signed_in = []
    numbers = itertools.count()
    outcomes = []  # (token, "ok" | "refused" | "status N"): every POST whose answer came
    run = spec["run"]

    control = re.compile(r"<(input|textarea)\b[^>]*>")
    attribute = re.compile(r'\b(name|value|type)="([^"]*)"')
    comment_ids = re.compile(r'id="comment-(\d+)"')
    csrf_field = re.compile(r'name="csrf_token" value="([^"]+)"')

    def form_fields(html, formid):
        """The fields of the deform form `formid` in `html`, in order, as
        [name, value] pairs (peppercorn reads the order: a radio group sits
        between its __start__ and __end__ markers); None if it is absent."""
        start = html.find(f'id="{formid}"')
        if start < 0:
            return None
        end = html.find("</form>", start)
        fields = []
        for match in control.finditer(html, start, end):
            attributes = dict(attribute.findall(match.group(0)))
            name = attributes.get("name")
            if name is None or (
                attributes.get("type") == "radio" and fields and fields[-1][0] == name
            ):
                continue
            fields.append(
                [
                    name,
                    ""
                    if attributes.get("type") == "radio"
                    else html_unescape(attributes.get("value", "")),
                ]
            )
        return fields

    def filled(fields, **values):
        """The urlencoded body of `fields` with `values` set (a key also
        matches a name ending in "-key", as deform names radio groups)."""
        pairs = []
        for name, current in fields:
            key = name.rsplit("-", 1)[-1] if name not in values else name
            pairs.append((name, values.get(key, current)))
        return urlencode(pairs)

    def article_path(article):
        version, number, _ = article
        return f"/consultations/{slug}/drafts/{version}/{number}/"

    class Person(FastHttpUser):
        abstract = True
        wait_time = constant_throughput(spec["rate"] / spec["users"])
        # An unfinished request is a failed one after this long (a person gives up).
        network_timeout = 30.0
        connection_timeout = 30.0

        def on_start(self):
            self.person = next(numbers)
            self.email = accounts[self.person % len(accounts)]
            self.number = 0
            self.seen = []
            self.csrf = None
            self.form = None  # the comment form last read, and the comments posted with it
            self.posted_with_form = 0
            page = self.client.get("/login", name="sign-in form")
            fields = form_fields(page.text or "", "deform") or []
            body = filled(fields, email=self.email, password=spec["password"]) + "&login=login"
            with self.client.post(
                "/login",
                data=body,
                headers=FORM_HEADERS,
                name="sign-in POST",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 303:
                    response.failure(f"sign-in answered {response.status_code}")
            signed_in.append(self.email)

        def read(self, article=None):
            article = article or rng.choice(articles)
            page = self.client.get(article_path(article), name="article page")
            html = page.text or ""
            self.seen = comment_ids.findall(html)
            # The session's CSRF token (it changes when one signs in).
            token = csrf_field.search(html)
            if token:
                self.csrf = token.group(1)
            return article, html

        def token(self):
            """A unique mark for one posted text: [lt-RUN-PERSON-NUMBER]."""
            self.number += 1
            return f"{run}-{self.person}-{self.number}"

        def submit(self, name, fields, token):
            body = (
                filled(
                    fields,
                    text=f"{rng.choice(spec['texts'])} [lt-{token}]",
                    stance=rng.choice(("for", "against", "neutral")),
                )
                + "&post=post"
            )
            with self.client.post(
                f"/consultations/{slug}/comments/post",
                data=body,
                headers=FORM_HEADERS,
                name=name,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                location = response.headers.get("Location", "") if response.headers else ""
                if response.status_code == 303 and "#comment-" in location:
                    outcomes.append((token, "ok"))
                elif response.status_code == 200:
                    outcomes.append((token, "refused"))
                    response.failure("the form was shown again (refused)")
                else:
                    outcomes.append((token, f"status {response.status_code}"))
                    response.failure(f"status {response.status_code}")

        @task(mix["read"])
        def read_article(self):
            self.read()

        @task(mix["comment"])
        def comment(self):
            if self.form is None or self.posted_with_form >= posts_per_read:
                article, html = self.read()
                formid = f"form-thread-{article[2].replace(':', '-')}"
                self.form, self.posted_with_form = form_fields(html, formid), 0
            if self.form is None:
                return
            self.posted_with_form += 1
            self.submit("comment POST", self.form, self.token())

        @task(mix["reply"])
        def reply(self):
            if not self.seen:
                self.read()
            if not self.seen:
                return
            comment_id = rng.choice(self.seen)
            page = self.client.get(
                f"/consultations/{slug}/comments/{comment_id}/reply", name="reply form"
            )
            fields = form_fields(page.text or "", "reply-form")
            if fields is None:  # too deep to answer: the page says so
                return
            self.submit("reply POST", fields, self.token())

        @task(mix["support"])
        def support(self):
            if not self.seen:
                self.read()
            if not self.seen or self.csrf is None:
                return
            comment_id = self.seen.pop(rng.randrange(len(self.seen)))
            with self.client.post(
                f"/consultations/{slug}/comments/{comment_id}/support",
                data=urlencode({"csrf_token": self.csrf}),
                headers=FORM_HEADERS,
                name="support POST",
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != 303:
                    response.failure(f"status {response.status_code}")

        @task(mix["search"])
        def search(self):
            words = " ".join(rng.sample(SEARCH_WORDS, rng.randint(1, 2)))
            self.client.get("/search", params={"q": words}, name="search")

    # stop_timeout: when the window ends, each user finishes the action it is
    # in (a request times out after 30 s), so that every POST has an outcome.
    # One class of people per server (--processes), as many people each, as a
    # balancer sending each session to one process would.
    hosts = spec["hosts"]
    people = [
        type(
            f"Person{number}",
            (Person,),
            {
                "host": host,
                "abstract": False,
                "fixed_count": spec["users"] // len(hosts) + (number < spec["users"] % len(hosts)),
            },
        )
        for number, host in enumerate(hosts)
    ]
    environment = Environment(user_classes=people, events=events, stop_timeout=40)
    runner = environment.create_local_runner()

    def server_stats():
        return merged_stats(
            [get_json(f"{host}/_bench/stats", timeout=60) for host in spec["servers"]]
        )

    runner.start(spec["users"], spawn_rate=spec["spawn_rate"])
    deadline = time.monotonic() + spec["sign_in_timeout"]
    while len(signed_in) < spec["users"] and time.monotonic() < deadline:
        gevent.sleep(0.2)
    print(f"signed in: {len(signed_in)}/{spec['users']}", file=sys.stderr, flush=True)
    environment.stats.reset_all()
    del outcomes[:]
    server_before = server_stats()
    print("MEASURING", flush=True)
    began = time.monotonic()
    gevent.sleep(spec["seconds"])
    measured = time.monotonic() - began
    requests = {}
    for (name, method), entry in sorted(environment.stats.entries.items()):
        requests[name] = {
            "method": method,
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / measured,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "max": entry.max_response_time,
        }
    print("MEASURED", flush=True)
    server_after = server_stats()
    # Stop offering new work; requests in flight finish (see stop_timeout).
    ended = len(outcomes)
    runner.stop()
    runner.quit()
    errors = Counter()
    for error in environment.stats.errors.values():
        errors[f"{error.name}: {error.error}"] += error.occurrences
    result = {
        "measured": measured,
        "requests": requests,
        "errors": errors.most_common(10),
        "outcomes": outcomes,
        "outcomes_in_window": ended,
        "server_before": server_before,
        "server_after": server_after,
        "cpu_warning": bool(getattr(runner, "cpu_warning_emitted", False)),
        "signed_in": len(signed_in),
    }
    Path(spec["out"]).write_text(json.dumps(result))


def run_load(server, meta, args, workdir, texts):
    """Run the locust child; returns its result and the profile summary."""
    run = f"{int(time.time()):x}"
    spec = {
        "hosts": server.urls,
        "servers": [each.url for each in server.servers],
        "slug": meta["slug"],
        "articles": meta["articles"],
        "accounts": meta["accounts"][: args.users],
        "password": meta["password"],
        "users": args.users,
        "rate": args.rate,
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
        "sign_in_timeout": 300,
        "seed": SEED,
        "run": run,
        "texts": texts,
        "out": str(workdir / "locust.json"),
        "mix": getattr(args, "mix", MIX),
        "posts_per_read": getattr(args, "posts_per_read", 1),
    }
    spec_path = workdir / "spec.json"
    spec_path.write_text(json.dumps(spec))
    # locust must be imported (and patch the standard library with gevent)
    # before anything else: this module is imported after it.
    driver = "import locust, sys, load; sys.exit(load.drive(sys.argv[1]))"
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    )
    child = subprocess.Popen(
        [sys.executable, "-c", driver, str(spec_path)], env=env, stdout=subprocess.PIPE, text=True
    )
    profiler = None
    for line in child.stdout:
        line = line.strip()
        if line == "MEASURING":
            log(f"[load] measuring for {args.seconds:.0f} s")
            server.memory.mark("start")
            if server.proxy is not None:
                server.proxy_usage.mark("start")
            if args.profile:
                profiler = subprocess.Popen(
                    [
                        str(BIN / "py-spy"),
                        "record",
                        "--pid",
                        str(server.process.pid),
                        "--duration",
                        str(int(args.seconds)),
                        "--rate",
                        "100",
                        "--format",
                        "raw",
                        # --gil: only the thread holding the GIL, i.e. where the
                        # one core a Python process can use goes; --profile-waits:
                        # every thread, waiting ones included (where time passes).
                        *(["--idle"] if args.profile_waits else ["--gil"]),
                        "--threads",
                        "--nonblocking",
                        "--output",
                        str(workdir / "profile.txt"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    text=True,
                )
        elif line == "MEASURED":
            server.memory.mark("end")
            if server.proxy is not None:
                server.proxy_usage.mark("end")
            log("[load] window over; letting requests in flight finish")
        elif line:
            log(f"[locust] {line}")
    if child.wait() != 0:
        raise SystemExit(f"the load generator failed ({child.returncode})")
    summary = None
    if profiler is not None:
        _, errors = profiler.communicate(timeout=120)
        if profiler.returncode == 0:
            shutil.copy(workdir / "profile.txt", args.profile)
            summary = profile_summary(args.profile)
        else:
            summary = f"py-spy failed: {errors.strip()[-500:]}"
    return json.loads(Path(spec["out"]).read_text()), summary


def profile_summary(path, top=25):
    """Top frames of a py-spy raw (collapsed) profile: share of samples in
    which each function is on the stack (inclusive) and on top (self)."""
    inclusive, own = Counter(), Counter()
    total = 0
    idle = 0
    for line in Path(path).read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        count = int(count)
        frames = [
            frame
            for frame in stack.split(";")
            if not frame.startswith("thread (") and not frame.startswith("process ")
        ]
        total += count
        if frames and any(
            word in frames[-1]
            for word in ("wait (threading", "select (", "poll (", "_sleep", "get (queue")
        ):
            idle += count
        for frame in set(frames):
            inclusive[_short(frame)] += count
        if frames:
            own[_short(frames[-1])] += count
    lines = [
        f"{total} samples, {idle} ({100 * idle / max(1, total):.0f}%) idle "
        "(threads waiting on a queue, a lock or a socket)",
        "inclusive (on the stack):",
    ]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in inclusive.most_common(top)]
    lines += ["self (on top of the stack):"]
    lines += [f"  {100 * n / total:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    return "\n".join(lines)


def _short(frame):
    """'render (chameleon/zpt/template.py:123)' without the line and site-packages prefix."""
    name, _, where = frame.partition(" (")
    where = re.sub(r":\d+\)?$", "", where.rstrip(")"))
    where = re.sub(r"^.*site-packages/", "", where)
    where = re.sub(r"^.*/src/consult/", "consult/", where)
    return f"{name} ({where})"


# -- checking what was stored -------------------------------------------------------------


def stored_tokens(data_fs, slug, emails):
    """{token: times stored} for the comments of the benchmark's accounts."""
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    db = DB(FileStorage(str(data_fs), read_only=True))
    try:
        connection = db.open()
        root = connection.root()["consult"]
        store = root["consultations"][slug].comments
        principals = root["principals"]
        found = Counter()
        for email in emails:
            person = principals.find_by_email(email)
            tree = store.by_author.get(person.id) if person else None
            for comment_id in tree.values() if tree is not None else ():
                for token in TOKEN.findall(store.comments[comment_id].text):
                    found[token] += 1
        total = store.total()
        connection.close()
        return found, total
    finally:
        db.close()


def check_stored(result, found):
    """(report lines, whether every successful POST is stored exactly once)."""
    succeeded = [token for token, outcome in result["outcomes"] if outcome == "ok"]
    other = Counter(outcome for _, outcome in result["outcomes"] if outcome != "ok")
    missing = [token for token in succeeded if found.get(token, 0) == 0]
    duplicated = [token for token in succeeded if found.get(token, 0) > 1]
    unacknowledged = [
        token for token, outcome in result["outcomes"] if outcome != "ok" and found.get(token, 0)
    ]
    lines = [
        f"POSTs that succeeded: {len(succeeded)}; stored exactly once: "
        f"{len(succeeded) - len(missing) - len(duplicated)}; missing: {len(missing)}; "
        f"stored twice or more: {len(duplicated)}",
        f"POSTs that failed: {sum(other.values())} {dict(other) or ''}; of them stored "
        f"anyway (the client gave up first): {len(unacknowledged)}",
    ]
    if missing:
        lines.append(f"missing, e.g.: {missing[:5]}")
    if duplicated:
        lines.append(f"duplicated, e.g.: {duplicated[:5]}")
    return lines, not missing and not duplicated


# -- the report ------------------------------------------------------------------------------


def memory_lines(reports):
    """What the server's /_bench/memory said when ready and after the window."""
    mb = 1e6
    lines = []
    for moment, entry in reports.items():
        if moment.startswith("trim"):
            continue
        smaps, malloc = entry["smaps"], entry.get("malloc") or {}
        line = (
            f"{moment}: RSS {smaps.get('Rss', 0) / mb:.0f} MB = anonymous "
            f"{smaps.get('Anonymous', 0) / mb:.0f} + files mapped "
            f"{(smaps.get('Rss', 0) - smaps.get('Anonymous', 0)) / mb:.0f}"
        )
        if malloc:
            line += (
                f"; glibc: in use {malloc['in_use'] / mb:.0f} MB, free but kept "
                f"{malloc['free'] / mb:.0f} MB, mmap'd {malloc['mmapped'] / mb:.0f} MB"
            )
        line += f"; Python blocks {entry['python_blocks']}, gc objects {entry['gc_objects']}"
        lines.append(line)
        zodb = entry.get("zodb")
        if zodb:
            connections = zodb["connections"]
            sizes = ", ".join(f"{c['estimated_bytes'] / mb:.0f}" for c in connections)
            held = ", ".join(
                f"{name.rsplit('.', 1)[-1]} {count}"
                for name, count in list(zodb["classes"].items())[:6]
            )
            lines.append(
                f"  ZODB caches: {len(connections)} connections, non-ghost objects "
                f"{[c['non_ghosts'] for c in connections]}, estimated "
                f"{sum(c['estimated_bytes'] for c in connections) / mb:.0f} MB in all "
                f"({sizes}); most held: {held}"
            )
        if entry.get("files"):
            lines.append(
                "  resident mapped files: "
                + ", ".join(
                    f"{path.rsplit('/', 2)[-2] + '/' + path.rsplit('/', 1)[-1]} {size / mb:.0f} MB"
                    for path, size in entry["files"][:4]
                )
            )
        render = entry.get("render_cache")
        if render:
            lines.append(
                f"  render cache: {render['entries']} entries, {render['chars']} "
                f"characters (limit {render['limit_chars']})"
            )
        for where, size, count in (entry.get("tracemalloc") or {}).get("top", [])[:10]:
            lines.append(f"  tracemalloc: {size / mb:7.1f} MB {count:>8} blocks  {where}")
    for moment, when in (("trim when ready", "when ready"), ("trim", "after the run")):
        trim = reports.get(moment)
        if trim and trim.get("rss_before"):
            lines.append(
                f"malloc_trim(0) {when}: RSS {trim['rss_before'] / mb:.0f} -> "
                f"{trim['rss_after'] / mb:.0f} MB (glibc gave back "
                f"{(trim['rss_before'] - trim['rss_after']) / mb:.0f} MB)"
            )
    return lines


def inside_lines(inside, first_only):
    """What the server saw of the window (load_support's /_bench/timings)."""
    ms = 1000
    lines = [
        f"inside the server{' (the first process)' if first_only else ''}, from the "
        "window's start: time in the application (from the first tween to the answer)"
    ]
    for method in ("get", "post"):
        entry = inside.get(method)
        if entry:
            lines.append(
                f"  {method.upper():<5}{entry['count']:>7} requests: p50 "
                f"{entry['p50'] * ms:.0f} ms, p95 {entry['p95'] * ms:.0f}, p99 "
                f"{entry['p99'] * ms:.0f}, max {entry['max'] * ms:.0f}"
            )
    collections = inside["collections"]
    lines.append(
        "  garbage collector: "
        + ", ".join(
            f"generation {generation} {entry['count']} passes, {entry['seconds'] * ms:.0f} ms in "
            f"all, longest {entry['max'] * ms:.0f} ms"
            for generation, entry in collections.items()
        )
    )
    stalls = inside["stalls"]
    lines.append(
        f"  stalls (a thread asking to sleep 10 ms woke >= 100 ms late): "
        f"{stalls['count']}, {stalls['seconds']:.1f} s in all, longest "
        f"{stalls['max'] * ms:.0f} ms"
    )
    return lines


def report(
    result,
    server_stats,
    memory,
    ready_seconds,
    stored_lines,
    ok,
    args,
    meta,
    profile,
    reports=None,
    proxy_usage=None,
    inside=None,
):
    out = []
    measured = result["measured"]
    out.append(
        f"consult load benchmark: {meta['comments']} comments in the database, "
        f"{args.engine} search, "
        + (f"{args.processes} consult processes on a ZEO server, " if args.processes > 1 else "")
        + ("behind nginx, " if args.proxy == "nginx" else "")
        + f"waitress threads={args.threads}, garbage collector: "
        + (
            "Python's defaults"
            if args.collector == "python"
            else "production.ini's (" + "; ".join(collector_settings()) + ")"
        )
        + f", {args.users} users offering {args.rate:.0f} actions/s, measured window {measured:.0f} s"
    )
    out.append(f"index built by the server's feeder and server ready in {ready_seconds:.0f} s")
    out.append("")
    out.append(
        f"{'request':<16}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'max ms':>9}{'errors':>8}"
    )
    total = 0
    for name, entry in result["requests"].items():
        if name.startswith("sign-in"):
            continue
        total += entry["count"]
        out.append(
            f"{name:<16}{entry['count']:>8}{entry['rps']:>9.1f}{entry['p50']:>9.0f}"
            f"{entry['p95']:>9.0f}{entry['p99']:>9.0f}{entry['max']:>9.0f}"
            f"{entry['failures']:>8}"
        )
    out.append(f"{'all':<16}{total:>8}{total / measured:>9.1f}")
    if result["errors"]:
        out.append("errors: " + "; ".join(f"{what} x{count}" for what, count in result["errors"]))
    before, after = result["server_before"], result["server_after"]
    requests = after["requests"] - before["requests"]
    retries = after["retries"] - before["retries"]
    by_error = Counter(after["retries_by_error"])
    by_error.subtract(before["retries_by_error"])
    out.append("")
    out.append(
        f"ZODB conflict retries in the window: {retries} for {requests} requests "
        f"({100 * retries / max(1, requests):.2f}%), {dict(+by_error) or 'none'}; "
        f"retries exhausted: "
        f"{after['retries_exhausted'] - before['retries_exhausted']}; whole run: "
        f"{server_stats['retries']} retries, {server_stats['retries_exhausted']} "
        f"exhausted, for {server_stats['requests']} requests"
    )
    if inside:
        out += inside_lines(inside, args.processes > 1)
    cores = memory.window_cpu()
    if proxy_usage is not None:
        out.append(
            f"nginx in front: {proxy_usage.window_cpu():.2f} cores busy in the window "
            "(not counted below)"
        )
    out.append(
        f"server CPU in the window: {cores:.2f} cores busy (one Python process can use "
        f"about one), {total / measured / max(cores, 0.01):.0f} requests per CPU-second; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end"
    )
    peaks = memory.peaks
    out.append(
        f"server memory (RSS): {memory.at['ready'] / 1e6:.0f} MB when ready (index "
        f"built; peak while indexing {peaks['indexing'] / 1e6:.0f} MB), "
        f"{memory.at['start'] / 1e6:.0f} MB once all users had signed in (peak "
        f"{peaks['signing in'] / 1e6:.0f} MB; argon2 cost: "
        f"{argon2_settings(args.argon2) or 'the library default, 64 MiB'}), peak "
        f"{peaks['window'] / 1e6:.0f} MB during the measured window, "
        f"{memory.at['end'] / 1e6:.0f} MB at its end, {memory.peak / 1e6:.0f} MB over "
        "the whole run"
    )
    if len(memory.each_peak) > 1:
        out.append(
            "  (all processes together; peak of each over the run: "
            + ", ".join(f"{peak / 1e6:.0f}" for peak in memory.each_peak)
            + " MB, the ZEO server's last)"
        )
    out += [f"  {line}" for line in memory_lines(reports or {})]
    if result["cpu_warning"]:
        out.append(
            "locust warned that its CPU was above 90%: the load generator itself was "
            "a bottleneck; the figures understate the server"
        )
    out.append("")
    out.append("targets (issue 6):")
    for name, rps, p99 in TARGETS:
        entry = result["requests"].get(name)
        if entry is None:
            continue
        met = (
            entry["rps"] >= rps
            and entry["p99"] <= p99
            and (name != "comment POST" or entry["failures"] == 0)
        )
        out.append(
            f"  {name}: >= {rps}/s, p99 <= {p99} ms"
            f"{', no errors' if name == 'comment POST' else ''}: "
            f"{entry['rps']:.0f}/s, p99 {entry['p99']:.0f} ms, {entry['failures']} errors"
            f" -> {'met' if met else 'NOT met'}"
        )
    out.append(
        f"  server memory <= {MEMORY_TARGET_MB} MB at 1 000 000 comments: "
        f"{memory.peak / 1e6:.0f} MB at {meta['comments']} comments (peak "
        f"{max(peaks['window'], peaks['signing in']) / 1e6:.0f} MB under load, "
        f"{peaks['indexing'] / 1e6:.0f} MB while indexing)"
        f"{'' if meta['comments'] >= 1_000_000 else ' (not the target size)'}"
    )
    out.append("")
    out.append("stored comments:")
    out += [f"  {line}" for line in stored_lines]
    out.append(f"  -> {'every successful POST is stored exactly once' if ok else 'FAILED'}")
    if profile:
        out.append("")
        out.append(f"profile of the server during the window ({args.profile}):")
        out.append(profile)
    out.append("")
    out.append("command: " + " ".join([".venv/bin/python", "benchmarks/load.py", *sys.argv[1:]]))
    print("\n".join(out), flush=True)


def post_texts(count=400):
    """Sentences for the comments posted during the run (real text)."""
    from search import sentence_pools

    pools = sentence_pools()
    rng = random.Random(SEED + 1)
    everything = [sentence for pool in pools.values() for sentence in pool]
    return [
        " ".join(rng.choice(everything) for _ in range(rng.randint(1, 3))) for _ in range(count)
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--comments",
        type=int,
        default=100_000,
        help="comments in the prepared database (default 100000)",
    )
    parser.add_argument(
        "--accounts",
        type=int,
        default=200,
        help="accounts that sign in (default 200; at least --users)",
    )
    parser.add_argument(
        "--data-dir",
        default=str(REPO / "var" / "bench"),
        help="where prepared databases are cached (default var/bench)",
    )
    parser.add_argument("--engine", default="tantivy", choices=("tantivy", "whoosh"))
    parser.add_argument("--users", type=int, default=200, help="simulated people (200)")
    parser.add_argument(
        "--rate",
        type=float,
        default=600.0,
        help="actions per second offered by all users together (600)",
    )
    parser.add_argument(
        "--seconds", type=float, default=60.0, help="length of the measured window (60)"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=20.0,
        help="users started per second (20; each signs in once)",
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="waitress threads (2, as production.ini)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="consult processes (1: on the FileStorage; more: a ZEO server "
        "on it and that many pserve processes, users spread evenly)",
    )
    parser.add_argument(
        "--cache-size",
        type=int,
        default=20000,
        help="ZODB connection cache, objects per connection (20000)",
    )
    parser.add_argument(
        "--cache-bytes",
        default="",
        help="ZODB connection cache bound in bytes per connection "
        "(connection_cache_size_bytes, e.g. 64MB; default: none)",
    )
    parser.add_argument(
        "--render-cache-chars", type=int, help="consult.render_cache_chars (default: consult's)"
    )
    parser.add_argument(
        "--argon2",
        choices=("production", "default"),
        default="production",
        help="password hashing cost of the accounts that sign in: "
        "production.ini's consult.argon2.* (default) or argon2-cffi's",
    )
    parser.add_argument(
        "--campaigns-pass",
        choices=("run", "skip"),
        default="run",
        help="run the campaign worker's first pass on the cached database "
        "once (default), or mark it done on the run's copy without "
        "placing the stored comments (quicker at 1 000 000)",
    )
    parser.add_argument(
        "--collector",
        choices=("production", "python"),
        default="production",
        help="the garbage collector's settings: etc/production.ini's "
        "(consult.gc.*, the default) or Python's own",
    )
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME = VALUE",
        help="a line for the server's [app:main] (e.g. 'consult.search."
        "batch_delay_seconds = 0.5'); repeatable",
    )
    parser.add_argument(
        "--server-env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an environment variable for pserve (e.g. MALLOC_TRIM_THRESHOLD_=131072); repeatable",
    )
    parser.add_argument(
        "--reuse-index",
        metavar="DIR",
        help="start with a copy of DIR, the search directory of an earlier "
        "run kept with --keep (same database), instead of building "
        "the index: quicker, but then nothing is measured while indexing",
    )
    parser.add_argument(
        "--trim-when-ready",
        action="store_true",
        help="call glibc's malloc_trim(0) in the server once it is ready "
        "(through load_support) and say how much it gave back",
    )
    parser.add_argument(
        "--tracemalloc",
        type=int,
        default=0,
        metavar="FRAMES",
        help="run the server with PYTHONTRACEMALLOC=FRAMES and print the "
        "largest allocation sites when ready and after the window",
    )
    parser.add_argument(
        "--memory-json",
        metavar="FILE",
        help="write the server's memory reports (/_bench/memory) to FILE",
    )
    parser.add_argument(
        "--keep-limits",
        action="store_true",
        help="keep consult's per-account and per-address posting limits",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="record the server with py-spy during the window "
        "(collapsed stacks in FILE) and print its top frames",
    )
    parser.add_argument(
        "--profile-waits",
        action="store_true",
        help="with --profile: sample every thread, waiting ones included, "
        "instead of only the one holding the GIL",
    )
    parser.add_argument(
        "--proxy",
        choices=("none", "nginx"),
        default="none",
        help="nginx in front of the server(s), as etc/nginx.conf (default: "
        "none, the people connect to waitress directly)",
    )
    parser.add_argument(
        "--connection-limit",
        type=int,
        default=0,
        help="waitress's connection_limit (default: users + 100 without a "
        "proxy, 8 per thread behind nginx)",
    )
    parser.add_argument(
        "--prepare-only", action="store_true", help="build (or find) the cached database and stop"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the run's directory (database copy, index, server log)",
    )
    args = parser.parse_args(argv)
    if args.accounts < args.users:
        parser.error("--accounts must be at least --users: each user signs in with its own")

    cached = prepared(args.data_dir, args.comments, args.accounts, args.campaigns_pass)
    if args.prepare_only:
        return None
    meta = json.loads((cached / "meta.json").read_text())
    workdir = Path(tempfile.mkdtemp(prefix="consult-load-"))
    server = None
    try:
        for name in ("Data.fs", "Data.fs.index"):
            if (cached / name).exists():
                shutil.copy(cached / name, workdir / name)
        settle_copy(workdir / "Data.fs", meta, args)
        if args.reuse_index:
            # The feeder serves it and applies the change log after its
            # watermark; documents posted in that run stay in it (harmless).
            for number in range(args.processes):
                shutil.copytree(
                    args.reuse_index,
                    workdir / ("search" if number == 0 else f"search-{number}"),
                    symlinks=True,
                )
        texts = post_texts()
        server = Site(workdir, args)
        log(
            f"[serve] pserve pid {server.process.pid} on {', '.join(server.urls)}"
            f"{' (ZEO)' if server.zeo else ''}; building the "
            f"{args.engine} index of {meta['comments']} comments"
        )
        ready = server.wait_ready(timeout=3600)
        server.memory.mark("ready")
        log(
            f"[serve] ready in {ready:.0f} s; RSS {server.memory.at['ready'] / 1e6:.0f} MB "
            f"(peak while indexing {server.memory.peaks['indexing'] / 1e6:.0f} MB)"
        )
        if args.proxy == "nginx":
            server.start_proxy(workdir)
            log(f"[serve] nginx on {server.proxy.url} in front")
        reports = {"ready": server.memory_report(args.tracemalloc and 25)}
        if args.trim_when_ready:
            reports["trim when ready"] = server.trim()
            log(
                f"[serve] malloc_trim(0) when ready: RSS "
                f"{reports['trim when ready']['rss_before'] / 1e6:.0f} -> "
                f"{reports['trim when ready']['rss_after'] / 1e6:.0f} MB"
            )
        result, profile = run_load(server, meta, args, workdir, texts)
        server_stats = server.stats()
        inside = server.timings(result["server_before"].get("clock", 0.0))
        reports["end"] = server.memory_report(args.tracemalloc and 25)
        reports["trim"] = server.trim()
        if args.memory_json:
            Path(args.memory_json).write_text(json.dumps(reports, indent=1))
        server.stop()
        if set(server.returncodes) - {0, -signal.SIGTERM}:
            log(f"[serve] a server exited with {server.returncodes}:\n{server.tail()}")
        log("[check] reading the FileStorage")
        found, _ = stored_tokens(workdir / "Data.fs", meta["slug"], meta["accounts"][: args.users])
        stored_lines, ok = check_stored(result, found)
        report(
            result,
            server_stats,
            server.memory,
            ready,
            stored_lines,
            ok,
            args,
            meta,
            profile,
            reports,
            server.proxy and server.proxy_usage,
            inside,
        )
        return 0 if ok else 1
    finally:
        if server is not None:
            server.stop()
        if args.keep:
            log(f"[load] kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
