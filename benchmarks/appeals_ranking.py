"""The ranking of systemic problems in appeals at scale: the monthly tallies
of 1 000 000 appeals across every region and 200 categories, then the
ranking page served in-process, then the cost of counting one more appeal.

    PYTHONPATH=src .venv/bin/python benchmarks/appeals_ranking.py \\
        --appeals 1000000 --requests 60

1. **App**: the real WSGI app (`consult.configure`) on a new FileStorage in
   a temporary directory; one request makes the database as a server would.
2. **Fill**: `--appeals` appeals spread over the 12 months up to now, every
   territory (so every region), 200 categories of unequal popularity
   (Zipf), a third of the texts variants of 300 common complaints (the
   near-duplicates), the rest of words drawn from a vocabulary. Each is told
   to `appeals.tally.tally` exactly as the subscriber does on AppealFiled,
   and again after its later events (registered, answered on time or late,
   rated resolved or not). The appeals themselves are not stored (the
   tallies never load one, except a cluster candidate's text, given here
   from the generator): the measured thing is the tallies. Committed every
   `--batch` appeals. With `--text-every N` only one appeal in N has a
   text long enough to be clustered (MinHash is most of a filing's cost;
   on a shared machine a million clustered appeals take over an hour).
3. **Page**: `--requests` GETs of `/appeals/ranking` (the last complete
   month, each order in turn, and the current month) and of
   `ranking.json`, through WebTest in this process: wall and CPU time per
   request (p50/p95/max), ZODB loads.
4. **Per filing**: `--filings` more appeals told to `tally` in the current
   month, each in its own committed transaction: wall and CPU time of the
   call and of its commit.

Printed with the process CPU time and the load average before and after
(the machine may be shared). Target of issue 21: p95 ≤ 150 ms."""

import argparse
import functools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import transaction
from webtest import TestApp

from consult.appeals.models import FIXED, Appeal, Category
from consult.appeals.tally import tally
from consult.config import configure
from consult.organisations.territories import load_territories

CATEGORIES = 200
COMMON = 300  # common complaints whose variants make the clusters
VOCABULARY = [
    f"{stem}{ending}"
    for stem in (
        "road", "light", "water", "heat", "bus", "school", "clinic", "yard", "snow", "tree",
        "pipe", "roof", "lift", "park", "bench", "noise", "dust", "queue", "fee", "permit",
    )
    for ending in ("", "s", "ing", "ed", "er", "ly", "ness", "ment", "al", "ive")
]  # fmt: skip


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Generated:
    """Each appeal made again from its number alone (its own random
    source): the tallies read a cluster candidate by number
    (`appeals.get(str(number))`), as the subscriber reads the container."""

    def __init__(self, seed, now, current_only=False, text_every=1):
        self.seed, self.now, self.current_only = seed, now, current_only
        self.text_every = text_every
        rng = random.Random(seed)
        self.common = [" ".join(rng.sample(VOCABULARY, 12)) for _ in range(COMMON)]
        self.katos = list(load_territories())
        self.categories = [f"c{index:03d}" for index in range(CATEGORIES)]
        self.weights = [1 / (index + 1) for index in range(CATEGORIES)]

    def rng(self, number):
        return random.Random(self.seed * 10_000_019 + number)

    def text(self, rng, number):
        if number % self.text_every:
            # Too short to be clustered (similarity.MIN_WORDS): counted only.
            return rng.choice(VOCABULARY)
        if rng.random() < 0.33:
            words = self.common[rng.randrange(COMMON)].split()
            words[rng.randrange(len(words))] = rng.choice(VOCABULARY)  # a word changed
            return " ".join(words)
        return " ".join(rng.sample(VOCABULARY, rng.randint(6, 20)))

    def appeal(self, number):
        rng = self.rng(number)
        back = 0 if self.current_only else rng.randrange(12)
        start = month_start(self.now.date(), back)
        days = (self.now.date() - start).days if back == 0 else 27
        created = datetime.combine(start, datetime.min.time(), UTC) + timedelta(
            days=rng.randrange(max(days, 1)), hours=rng.randrange(24)
        )
        category = rng.choices(self.categories, self.weights)[0]
        kato, public = rng.choice(self.katos), rng.random() < 0.8
        text = self.text(rng, number)
        appeal = Appeal("author", "complaint", category, kato, "", text, public, created)
        appeal.__name__ = str(number)
        return appeal, rng

    def get(self, name, default=None):
        # As the ZODB cache would: the candidates are mostly the same few
        # thousand first holders of the common texts' bands.
        return self._cached(int(name))

    @functools.lru_cache(maxsize=100_000)  # noqa: B019 (one instance per run)
    def _cached(self, number):
        return self.appeal(number)[0]


def month_start(day, back):
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


def live(appeal, rng, ranking, appeals, now):
    """Tell the tallies of the appeal's filing and of its later events."""
    tally(ranking, appeals, appeal)
    appeal.state, appeal.due = "registered", appeal.created.date() + timedelta(days=21)
    tally(ranking, appeals, appeal)
    answered = appeal.created + timedelta(days=rng.randrange(5, 40))
    if answered >= now:
        return  # still running
    appeal.answer = {"on_time": answered.date() <= appeal.due}
    appeal.state = FIXED
    tally(ranking, appeals, appeal)
    if rng.random() < 0.6:
        appeal.rating = {"resolved": rng.random() < 0.7}
        tally(ranking, appeals, appeal)


def fill(db, count, batch, seed, text_every):
    now = datetime.now(UTC)
    generated = Generated(seed, now, text_every=text_every)
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    began, cpu = time.perf_counter(), time.process_time()
    with manager:
        appeals = connection.root()["consult"]["appeals"]
        for code in generated.categories:
            appeals.categories.items[code] = Category(code, {"en": f"Category {code}"})
    for first in range(1, count + 1, batch):
        with manager:
            ranking = connection.root()["consult"]["appeals"].ranking
            for number in range(first, min(first + batch, count + 1)):
                appeal, rng = generated.appeal(number)
                live(appeal, rng, ranking, generated, now)
        connection.cacheGC()
        log(f"  {min(first + batch - 1, count)} appeals, {time.perf_counter() - began:.0f} s")
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    connection.close()
    return wall, cpu


def measure_pages(app, requests, now):
    this_month = f"{now.year:04d}-{now.month:02d}"
    last = month_start(now.date(), 1)
    last_month = f"{last.year:04d}-{last.month:02d}"
    paths = [
        f"/appeals/ranking?month={last_month}&order={order}"
        for order in ("count", "growth", "overdue", "not_resolved")
    ] + [f"/appeals/ranking?month={this_month}", "/appeals/ranking"]
    results = {}
    for label, chosen in (("page", paths), ("json", [f"/appeals/ranking.json?month={last_month}"])):
        app.get(chosen[0])  # the first read fills the ZODB cache
        walls, cpus = [], []
        for index in range(requests):
            began, cpu = time.perf_counter(), time.process_time()
            app.get(chosen[index % len(chosen)])
            walls.append(time.perf_counter() - began)
            cpus.append(time.process_time() - cpu)
        results[label] = (walls, cpus)
    return results


def measure_filings(db, count, seed, text_every):
    """Filings of the current month, numbered after the filled ones (their
    cluster candidates are the filled appeals, made again by `Generated`)."""
    now = datetime.now(UTC)
    filled = Generated(seed, now, text_every=text_every)
    current = Generated(seed + 1, now, current_only=True)  # every one with a text
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    calls, commits, cpus = [], [], []
    for number in range(10_000_000, 10_000_000 + count):
        appeal, _rng = current.appeal(number)
        manager.begin()
        ranking = connection.root()["consult"]["appeals"].ranking
        began, cpu = time.perf_counter(), time.process_time()
        tally(ranking, Either(filled, current), appeal)
        calls.append(time.perf_counter() - began)
        began = time.perf_counter()
        manager.commit()
        commits.append(time.perf_counter() - began)
        cpus.append(time.process_time() - cpu)
    connection.close()
    return calls, commits, cpus


class Either:
    def __init__(self, filled, current):
        self.filled, self.current = filled, current

    def get(self, name, default=None):
        return (self.current if int(name) >= 10_000_000 else self.filled).get(name)


def line(name, values):
    ms = [value * 1000 for value in values]
    return (
        f"{name}: p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
        f"max {max(ms):.1f} ms ({len(ms)})"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appeals", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--filings", type=int, default=300)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument(
        "--text-every",
        type=int,
        default=1,
        help="only one appeal in N has a text long enough to be clustered (the others "
        "are counted only): the clustering is most of a filing's cost, 1 is every one",
    )
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(loadavg())}; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="consult-ranking-") as workdir:
        settings = {
            "zodbconn.uri": f"file://{workdir}/Data.fs?connection_cache_size=200000",
            "consult.session_secret": "ranking-benchmark-only",
            "consult.hash_secret": "ranking-benchmark-hashes",
            "consult.public_url": "http://localhost",
            "mail.debug_directory": f"{workdir}/mail",
            "pyramid.default_locale_name": "en",
            "consult.search.backend": "memory",
            "consult.search.feed_thread": "false",
            "consult.campaigns.worker": "false",
        }
        wsgi = configure(settings).make_wsgi_app()
        app = TestApp(wsgi, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        app.get("/")  # makes and evolves the database
        db = wsgi.registry._zodb_databases[""]
        log(f"filling the tallies of {args.appeals} appeals")
        wall, cpu = fill(db, args.appeals, args.batch, args.seed, args.text_every)
        size = Path(workdir, "Data.fs").stat().st_size / 2**20
        print(
            f"fill: {args.appeals} appeals in {wall:.0f} s wall, {cpu:.0f} s CPU "
            f"({1e6 * cpu / args.appeals:.0f} µs CPU per appeal and its events); "
            f"Data.fs {size:.0f} MB"
        )
        print(f"load average after the fill: {' '.join(loadavg())}")
        results = measure_pages(app, args.requests, datetime.now(UTC))
        for label, (walls, cpus) in results.items():
            print(line(f"{label} wall", walls))
            print(line(f"{label} CPU", cpus))
        calls, commits, cpus = measure_filings(db, args.filings, args.seed, args.text_every)
        print(line("per filing: tally() wall", calls))
        print(line("per filing: commit wall", commits))
        print(line("per filing: tally() + commit CPU", cpus))
        print(f"load average at the end: {' '.join(loadavg())}")
        print(f"process CPU time: {time.process_time():.0f} s")
        for database in wsgi.registry._zodb_databases.values():
            database.close()


if __name__ == "__main__":
    main()
