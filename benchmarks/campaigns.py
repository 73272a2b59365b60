"""Campaign-detection benchmark: how fast consult clusters near-identical
comments, how long one new comment takes to be placed, how much memory and
disk it costs, and whether planted campaigns are found, at 1 000 000 comments.

    nice .venv/bin/python benchmarks/campaigns.py                  # 1 000 000 comments
    .venv/bin/python benchmarks/campaigns.py --count 20000         # a quick run
    .venv/bin/python benchmarks/campaigns.py --count 100000 --built /tmp/built

The corpus is deterministic (seeded): mostly-unique comments in Kazakh,
Russian and English, each 1-4 sentences spliced from two real sentences of
the seed documents and the Polis comments (benchmarks/search.py's sentence
pools, CC BY 4.0 for the Polis text), plus the Polis comments themselves,
and 20 planted form-letter campaigns of 50 to 20 000 variants (scaled down
with --count) made by tests/campaign_corpus.py's variant generator from its
five letters and fifteen passages of the seed documents. All but --incremental
comments are stored in one consultation in a ZODB FileStorage (temporary
directory), as `FeedbackService` stores them; then, in a fresh process:

  (a) the batch pass, timed (wall and CPU): `CampaignWorker.catch_up()` on a
      worker that has never run, i.e. the worker's own first pass, which
      clusters a consultation's comments in bulk (`campaigns.batch`) and
      stores the result in one transaction;
  (b) the incremental step: --incremental comments are stored one at a time
      (untimed) and each is followed by a timed `worker.catch_up()`, the
      worker's step after a commit (read the change log, place, commit);
  (c) the peak RSS of that process and the size of Data.fs;
  (d) per planted campaign, the recall (its variants in its largest cluster)
      and precision (that cluster's members that are its variants).

Progress goes to stderr, figures to stdout. See benchmarks/README.md."""

import argparse
import json
import logging
import multiprocessing
import os
import random
import resource
import shlex
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import transaction
from search import LANGUAGES, log, percentile, sentence_pools  # benchmarks/search.py
from ZODB import DB
from ZODB.FileStorage import FileStorage

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from campaign_corpus import TEMPLATES, real_comments, variant  # noqa: E402

from consult.accounts.models import Principal  # noqa: E402
from consult.campaigns import similarity  # noqa: E402
from consult.campaigns.worker import CampaignWorker  # noqa: E402
from consult.clock import FixedClock  # noqa: E402
from consult.config import evolution_steps  # noqa: E402
from consult.consultations.services import ConsultationService  # noqa: E402
from consult.demo.content import POLIS_ATTRIBUTION  # noqa: E402
from consult.events import notify_outside_requests  # noqa: E402
from consult.feedback.comments import Comment  # noqa: E402
from consult.feedback.events import CommentPosted  # noqa: E402
from consult.resources import APP_KEY, opened_root  # noqa: E402

SEED = 2026
SLUG = "listening-state"
START = datetime(2026, 3, 1, tzinfo=UTC)
SPREAD = timedelta(days=30).total_seconds()
STANCES = ("for", "against", "neutral")
CACHE_SIZE = 20000  # connection_cache_size of development.ini/production.ini
BUILD_BATCH = 5000  # comments stored per transaction while building
# Planted campaign sizes at 1 000 000 comments, 50 to 20 000, geometric.
CAMPAIGNS = 20
SMALLEST, LARGEST = 50, 20000
SEED_TEMPLATES_PER_LANGUAGE = 5  # passages of the seed documents used as letters
TEMPLATE_WORDS = (45, 90)


# -- corpus --------------------------------------------------------------------


def campaign_sizes(count, campaigns=CAMPAIGNS):
    """Sizes of the planted campaigns: geometric from SMALLEST to LARGEST at
    1 000 000 comments, scaled with `count` (at least 10 variants each)."""
    ratio = (LARGEST / SMALLEST) ** (1 / max(1, campaigns - 1))
    scale = count / 1_000_000
    return [max(10, round(SMALLEST * ratio**number * scale)) for number in range(campaigns)]


def templates_and_pools(campaigns=CAMPAIGNS):
    """(letters, {language: sentences}): campaign_corpus's letters, then
    passages of 45-90 words of consecutive seed sentences (5 per language);
    the passages' sentences are taken out of the pools, so that the ordinary
    comments do not quote a letter."""
    pools = sentence_pools()
    rng = random.Random(SEED)
    letters = list(TEMPLATES)
    for language in LANGUAGES:
        pool = pools[language]
        made = 0
        while made < SEED_TEMPLATES_PER_LANGUAGE and len(letters) < campaigns:
            start = rng.randrange(len(pool) - 10)
            passage, words = [], 0
            for sentence in pool[start : start + 10]:
                passage.append(sentence)
                words += len(sentence.split())
                if words >= TEMPLATE_WORDS[0]:
                    break
            if not TEMPLATE_WORDS[0] <= words <= TEMPLATE_WORDS[1] or not all(passage):
                continue
            letters.append(" ".join(passage))
            for index in range(start, start + len(passage)):
                pool[index] = ""  # taken: kept as a hole so later starts stay valid
            made += 1
    pools = {language: [s for s in pool if s] for language, pool in pools.items()}
    return letters[:campaigns], pools


def spliced(pool, rng):
    """One sentence: the start of a real sentence and the end of another,
    cut at random words."""
    first, second = rng.choice(pool).split(), rng.choice(pool).split()
    return " ".join(first[: rng.randint(1, len(first))] + second[rng.randint(0, len(second) - 1) :])


def corpus(count, letters, pools, seed=SEED):
    """`count` (campaign number or None, text), lazily, in posting order: the
    Polis comments as they are, then spliced comments, with the planted
    variants at random positions."""
    rng = random.Random(seed)
    sizes = campaign_sizes(count, len(letters))
    labels = [number for number, size in enumerate(sizes) for _ in range(size)]
    rng.shuffle(labels)
    planted_at = dict(zip(sorted(rng.sample(range(count), len(labels))), labels, strict=False))
    real = real_comments()
    variants = random.Random(seed + 1)
    for position in range(count):
        number = planted_at.get(position)
        if number is not None:
            yield number, variant(letters[number], variants)
        elif position < len(real):
            yield None, real[position]
        else:
            pool = pools[rng.choice(LANGUAGES)]
            yield None, " ".join(spliced(pool, rng) for _ in range(rng.randint(1, 4)))


# -- database ------------------------------------------------------------------


def open_db(path):
    return DB(FileStorage(str(path)), cache_size=CACHE_SIZE)


@contextmanager
def app_root(db):
    """The application root in a transaction that commits at the end, as
    `opened_root` but without evolving the database: an evolution step added
    to the code while the benchmark runs must not run inside a measurement."""
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        with manager:
            yield connection.root()[APP_KEY]
    finally:
        connection.close()


def build(path, count, held, letters, pools):
    """Store all but the last `held` comments of the corpus in one
    consultation; returns ({comment id: campaign number}, [(number, text)]
    of the held ones)."""
    clock = FixedClock(START)
    db = open_db(path)
    labels, rest, store_rng = {}, [], random.Random(SEED + 2)
    stream = corpus(count, letters, pools)
    stored, started = 0, time.perf_counter()
    with opened_root(db, evolution_steps()) as root:
        service = ConsultationService(root["consultations"], clock)
        clerk = Principal("clerk@example.kz", "Clerk", "Ministry", "", START)
        consultation = service.create(SLUG, {"en": "The listening state"}, {}, {}, [], clerk)
        service.add_question(consultation, {"en": "What should change?"})
        service.schedule(consultation, "green", START, START + timedelta(days=60))
        service.publish(consultation)
    to_store = count - held
    while stored < to_store:
        with opened_root(db, evolution_steps()) as root:
            consultation = root["consultations"][SLUG]
            target = consultation.stages["green"].questions[0].target
            store = consultation.comments
            for number, text in _take(stream, min(BUILD_BATCH, to_store - stored)):
                comment = _comment(target, stored, count, text, store_rng)
                store.add(comment, rng=store_rng)
                # The store is filled by hand, not by the service: announce
                # each comment as it would (the change feed records it).
                notify_outside_requests(CommentPosted(None, comment))
                if number is not None:
                    labels[comment.id] = number
                stored += 1
        if stored % 50000 < BUILD_BATCH or stored == to_store:
            log(
                f"  stored {stored}/{to_store} comments "
                f"({stored / (time.perf_counter() - started):.0f}/s)"
            )
    rest = list(stream)
    db.close()
    return labels, rest


def _take(stream, size):
    for _ in range(size):
        yield next(stream)


def _comment(target, position, count, text, rng):
    created = START + timedelta(seconds=SPREAD * position / count)
    author = f"u{rng.randrange(max(1, count // 3))}"
    return Comment(target, author, "Participant A.", text, rng.choice(STANCES), created)


# -- measurements (each in a fresh process) -----------------------------------


def _peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _rss_now_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _watch(label, total, counter, done):
    started = time.perf_counter()
    while not done.wait(15):
        placed = counter()
        seconds = time.perf_counter() - started
        log(
            f"  {label}: {placed}/{total} comments, {placed / seconds:.0f}/s, "
            f"RSS {_rss_now_mb():.0f} MB, peak {_peak_rss_mb():.0f} MB"
        )


def batch_worker(path, total, max_seconds=None, processes=1):
    """The worker's own first pass over every stored comment: its steps as
    `catch_up` runs them, stopped after `max_seconds` if given (the comments
    not placed by then stay out of the index)."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="  %(message)s")
    db = open_db(path)
    worker = CampaignWorker(db, processes=processes)
    done = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=("worker pass", total, lambda: worker.placed, done), daemon=True
    )
    watcher.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    capped = False
    while True:
        progressed, _looked = worker._step()  # one chunk and its commit, as catch_up does
        if not progressed:
            break
        if max_seconds is not None and time.perf_counter() - started > max_seconds:
            capped = True
            break
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    done.set()
    log(
        f"  pass ended after {seconds:.1f} s, {cpu:.1f} CPU s: RSS {_rss_now_mb():.0f} MB, "
        f"peak {_peak_rss_mb():.0f} MB"
    )
    worker.stop()
    with app_root(db) as root:
        placed = len(root["consultations"][SLUG].campaigns.seen)
        if capped:  # later steps only read the change log
            root.campaign_cursor.initial_done = True
            root.campaign_cursor.initial_position = None
    log(f"  counted: RSS {_rss_now_mb():.0f} MB, peak {_peak_rss_mb():.0f} MB")
    db.close()
    return {
        "placed": placed,
        "seconds": seconds,
        "cpu": cpu,
        "rss": _peak_rss_mb(),
        "capped": capped,
    }


def incremental(path, held, count):
    """Store each held comment in its own transaction (untimed), then time
    the worker's step that places it. Returns (milliseconds, [(number, id)])."""
    db = open_db(path)
    worker = CampaignWorker(db)
    worker.catch_up()  # settled: nothing new yet
    rng = random.Random(SEED + 3)
    timings, labels = [], []
    for offset, (number, text) in enumerate(held):
        with app_root(db) as root:
            consultation = root["consultations"][SLUG]
            target = consultation.stages["green"].questions[0].target
            comment = consultation.comments.add(
                _comment(target, count - len(held) + offset, count, text, rng), rng=rng
            )
            notify_outside_requests(CommentPosted(None, comment))
            labels.append((number, comment.id))
        started = time.perf_counter()
        looked = worker.catch_up()
        timings.append((time.perf_counter() - started) * 1000)
        if looked != 1:
            raise RuntimeError(f"the worker looked at {looked} comments, not 1")
    worker.stop()
    db.close()
    return timings, labels, _peak_rss_mb()


def _in_child(function, queue, *args):
    queue.put(function(*args))


def in_fresh_process(function, *args):
    """Run `function(*args)` in a new interpreter (so that its peak RSS is
    its own) and return its result."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_in_child, args=(function, queue, *args))
    process.start()
    result = queue.get()
    process.join()
    return result


# -- quality -------------------------------------------------------------------


def quality(path, labels, sizes):
    """Per campaign: (size, recall, precision, background members, clusters
    its variants are in); and the other clusters' sizes."""
    db = open_db(path)
    connection = db.open()
    index = connection.root()[APP_KEY]["consultations"][SLUG].campaigns
    # After a pass stopped by --max-minutes, only the comments it placed count.
    labels = {cid: number for cid, number in labels.items() if cid in index.seen}
    by_campaign = {}
    for comment_id, number in labels.items():
        by_campaign.setdefault(number, []).append(comment_id)
    rows, main_clusters = [], set()
    for number in range(len(sizes)):
        variants = by_campaign.get(number, [])
        clusters = Counter(index.cluster_of.get(cid) for cid in variants)
        (main, found), *_ = clusters.most_common(1) or [(None, 0)]
        if main is None:
            found_clusters = [c for c in clusters if c is not None]
            if found_clusters:
                main = max(found_clusters, key=clusters.get)
                found = clusters[main]
        members = list(index.clusters[main].members) if main is not None else []
        own = sum(labels.get(cid) == number for cid in members)
        background = sum(cid not in labels for cid in members)
        rows.append(
            (
                number,
                len(variants),
                found / len(variants) if variants else 0.0,
                own / len(members) if members else 0.0,
                background,
                len([c for c in clusters if c is not None]),
            )
        )
        main_clusters.add(main)
    others = [cluster.size() for cid, cluster in index.clusters.items() if cid not in main_clusters]
    connection.close()
    db.close()
    return rows, others


# -- report --------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="comments in all")
    parser.add_argument(
        "--incremental",
        type=int,
        default=1000,
        help="of them, posted one at a time after the batch pass",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="processes signing texts beside the worker's in the first pass "
        "(consult.campaigns.processes; 1 as on a site, 0 for none)",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        help="stop the worker's pass after this long (the rest stays unplaced)",
    )
    parser.add_argument("--workdir", help="where the temporary Data.fs goes")
    parser.add_argument("--keep", action="store_true", help="keep the Data.fs")
    parser.add_argument(
        "--built",
        metavar="DIR",
        help="keep the database as built (before any pass) in DIR and reuse "
        "it on later runs with the same --count and --incremental",
    )
    args = parser.parse_args(argv)
    command = " ".join(shlex.quote(part) for part in [sys.executable, *sys.argv])
    directory = Path(tempfile.mkdtemp(prefix="consult-campaigns-", dir=args.workdir))
    path = directory / "Data.fs"
    try:
        run(args, path, command)
    finally:
        if args.keep:
            log(f"kept {path}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def built(args, path, held, letters, pools):
    """Build the database in `path`, or copy the one kept by an earlier run
    with --built; returns what `build` returns."""
    kept = Path(args.built) / f"{args.count}-{held}" if args.built else None
    if kept is not None and (kept / "corpus.json").exists():
        log(f"copying the database built earlier from {kept} ...")
        shutil.copyfile(kept / "Data.fs", path)
        corpus_data = json.loads((kept / "corpus.json").read_text())
        return (
            {int(cid): number for cid, number in corpus_data["labels"].items()},
            [tuple(pair) for pair in corpus_data["rest"]],
        )
    log(f"building {args.count - held} comments in {path} ...")
    labels, rest = build(path, args.count, held, letters, pools)
    if kept is not None:
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, kept / "Data.fs")
        (kept / "corpus.json").write_text(json.dumps({"labels": labels, "rest": rest}))
        log(f"kept the database as built in {kept}")
    return labels, rest


def run(args, path, command):
    letters, pools = templates_and_pools()
    sizes = campaign_sizes(args.count, len(letters))
    held = min(args.incremental, args.count // 2)
    started = time.perf_counter()
    reused = (
        bool(args.built) and (Path(args.built) / f"{args.count}-{held}" / "corpus.json").exists()
    )
    labels, rest = built(args, path, held, letters, pools)
    build_seconds = time.perf_counter() - started
    built_mb = path.stat().st_size / 1e6
    before = path.stat().st_size / 1e6
    log("batch pass (the worker's first pass) ...")
    load_before = os.getloadavg()[0]
    result = in_fresh_process(
        batch_worker,
        path,
        args.count - held,
        args.max_minutes and args.max_minutes * 60,
        args.processes,
    )
    result["grew"] = path.stat().st_size / 1e6 - before
    load_after = os.getloadavg()[0]
    log(f"incremental: {len(rest)} comments one at a time ...")
    timings, added, incremental_rss = in_fresh_process(incremental, path, rest, args.count)
    load_end = os.getloadavg()[0]
    labels.update({cid: number for number, cid in added if number is not None})
    log("quality ...")
    rows, others = quality(path, labels, sizes)
    final_mb = path.stat().st_size / 1e6

    print(
        f"Campaign detection, {args.count} comments ({args.count - held} in the batch pass, "
        f"{held} one at a time), {len(sizes)} planted campaigns of {min(sizes)}-{max(sizes)} "
        f"variants ({sum(sizes)} in all)"
    )
    print(
        f"MinHash {similarity.NUM_PERM} permutations, {similarity.BANDS} bands, "
        f"Jaccard >= {similarity.THRESHOLD}; ZODB FileStorage, cache {CACHE_SIZE} objects"
    )
    print(f"Polis comments: {POLIS_ATTRIBUTION}")
    print()
    print(
        f"{'Copying the database built earlier' if reused else 'Building the database'} "
        f"(not part of the figures): {build_seconds:.0f} s, Data.fs {built_mb:.0f} MB"
    )
    print(
        f"Load average (1 min) on {os.cpu_count()} CPUs: {load_before:.1f} before the batch "
        f"pass, {load_after:.1f} after it, {load_end:.1f} after the incremental steps"
    )
    print()
    print(
        "(a) Batch pass: the worker's first pass (CampaignWorker.catch_up), in bulk "
        "(campaigns.batch.cluster_all: one transaction)"
    )
    print(
        "    comments  seconds  comments/s  CPU seconds  comments per CPU-s  peak RSS MB  "
        "Data.fs grew MB"
    )
    print(
        f"    ({args.processes} signing process{'es' if args.processes != 1 else ''} "
        f"beside the worker's; the CPU seconds are the worker's process only)"
    )
    print(
        f"    {result['placed']:>8} {result['seconds']:>8.1f} "
        f"{result['placed'] / result['seconds']:>11.0f} {result['cpu']:>12.1f} "
        f"{result['placed'] / result['cpu']:>19.0f} {result['rss']:>12.0f} "
        f"{result['grew']:>16.0f}"
    )
    if result["capped"]:
        print(
            f"    The worker's pass was stopped after --max-minutes {args.max_minutes:g}: "
            f"{result['placed']} of {args.count - held} comments placed; (b)-(d) are on "
            f"that index"
        )
    print()
    print(
        f"(b) Incremental step on the full index ({len(timings)} new comments, each "
        f"followed by worker.catch_up(): change log, place, commit), ms"
    )
    print(
        f"    p50 {percentile(timings, 0.5):.1f}  p95 {percentile(timings, 0.95):.1f}  "
        f"p99 {percentile(timings, 0.99):.1f}  max {max(timings):.1f}  "
        f"mean {statistics.fmean(timings):.1f}; peak RSS {incremental_rss:.0f} MB"
    )
    print()
    print(
        f"(c) Data.fs: {built_mb:.0f} MB with the comments, {final_mb:.0f} MB at the end "
        f"(FileStorage appends: not packed)"
    )
    print()
    print(
        "(d) Planted campaigns: recall = variants in the campaign's largest cluster, "
        "precision = that cluster's members that are variants"
    )
    print("    campaign  language  variants  recall  precision  background members  clusters")
    for number, size, recall, precision, background, clusters in rows:
        letter = letters[number]
        language = (
            "kk"
            if any(c in letter for c in "әғқңөұүһі")
            else "ru"
            if any("а" <= c <= "я" for c in letter.lower())
            else "en"
        )
        print(
            f"    {number + 1:>8}  {language:>8}  {size:>8}  {recall:>6.3f}  {precision:>9.3f}"
            f"  {background:>18}  {clusters:>8}"
        )
    recalls = [row[2] for row in rows]
    precisions = [row[3] for row in rows]
    print(
        f"    min recall {min(recalls):.3f}, mean {statistics.fmean(recalls):.3f}; "
        f"min precision {min(precisions):.3f}, mean {statistics.fmean(precisions):.3f}"
    )
    sizes_of_others = Counter(min(size, 10) for size in others)
    print(
        f"    other clusters (among the ordinary comments): {len(others)}, "
        f"largest {max(others, default=0)}; by size "
        + ", ".join(
            f"{'10+' if size == 10 else size}: {n}" for size, n in sorted(sizes_of_others.items())
        )
    )
    print()
    print(f"Command: {command}")


if __name__ == "__main__":
    main()
