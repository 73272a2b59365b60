"""Freshness: seconds from a committed comment to its first appearance in the
search index that requests read, through consult's own index feeder.

A FileStorage database with one open consultation; an index generation that
already holds the benchmark corpus (copied from the one `search.py` built);
the feeder's background thread, woken by each commit as in the web process.
A poster commits comments through `FeedbackService.post` at a steady rate;
an observer checks, in order, when each comment's document is in the served
index; a reader searches all along, so that the figures show whether index
writes ever hold up a search.

Run by `search.py` per engine; alone: see `python benchmarks/freshness.py -h`."""

import argparse
import shutil
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.accounts.models import Principal
from consult.clock import SystemClock
from consult.config import evolution_steps
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.resources import opened_root
from consult.search.documents import comment_document_id
from consult.search.feed import IndexFeeder
from consult.search.generations import IndexDirectory
from consult.search.interfaces import SearchQuery

SLUG = "freshness"
RATE = 50.0  # comments per second
SECONDS = 30.0
READER_QUERIES = ("citizens", "жюри", "азаматтар", "public hearing", "закон о", "budget")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def prepare_database(directory, clock):
    db = DB(FileStorage(str(directory / "Data.fs")))
    with opened_root(db, evolution_steps()) as root:
        service = ConsultationService(root["consultations"], clock)
        clerk = Principal("clerk@example.kz", "Clerk", "Ministry", "", clock.now())
        consultation = service.create(SLUG, {"en": "Freshness"}, {}, {}, [], clerk)
        consultation.ensure_draft(clock.now())
        service.add_question(consultation, {"en": "What should change?"})
        now = clock.now()
        service.schedule(consultation, "green", now - timedelta(days=1), now + timedelta(days=9))
        service.publish(consultation)
        for number in range(50):
            person = Principal(f"p{number}@example.kz", f"Person{number}", "Bench", "", now)
            person.confirmed_at = now
            root["principals"].add_principal(person)
    return db


def seed_generation(directory, backend, index_path, db):
    """A generation holding a copy of the prebuilt corpus index, current and
    watermarked at the change log's end, as `consult reindex` leaves one."""
    generations = IndexDirectory(directory)
    generation = generations.create(backend)
    shutil.rmtree(generation.index_path)
    shutil.copytree(index_path, generation.index_path)
    with opened_root(db, evolution_steps()) as root:
        generation.write_watermark(root.search_changes.last_key())
    generations.make_current(generation)


def measure(backend, index_path, pools=None, rate=RATE, seconds=SECONDS, log=print):
    """{"p50", "p95", "max", "posted", "rate", "search_p50_ms", ...} in seconds."""
    clock = SystemClock()
    workdir = Path(tempfile.mkdtemp(prefix=f"consult-freshness-{backend}-"))
    db = prepare_database(workdir, clock)
    feeder = None
    try:
        seed_generation(workdir / "search", backend, index_path, db)
        feeder = IndexFeeder(db, backend, workdir / "search")
        feeder.start()
        deadline = time.monotonic() + 600
        while feeder.index is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not feeder.building, "the seeded generation should be served, not rebuilt"
        return _run(db, feeder, clock, rate, seconds, log)
    finally:
        if feeder is not None:
            feeder.stop()
        db.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _run(db, feeder, clock, rate, seconds, log):
    posted = []  # (document id, commit time)
    appeared = {}
    searches = []
    done = threading.Event()
    service = FeedbackService(clock, {})

    def poster():
        started = time.monotonic()
        number = 0
        while True:
            due = started + number / rate
            if due - started >= seconds:
                break
            time.sleep(max(0.0, due - time.monotonic()))
            with opened_root(db, evolution_steps()) as root:
                consultation = root["consultations"][SLUG]
                question = consultation.stages["green"].questions[0]
                author = root["principals"].find_by_email(f"p{number % 50}@example.kz")
                comment = service.post(
                    consultation,
                    f"question:{question.uid}",
                    author,
                    f"Comment number {number} about the public budget.",
                    "neutral",
                )
            posted.append((comment_document_id(SLUG, comment.id), time.monotonic()))
            number += 1
        done.set()

    def observer():
        checked = 0
        while not (done.is_set() and checked == len(posted)):
            while checked < len(posted):
                document_id, _ = posted[checked]
                index = feeder.index
                if index.get(document_id) is None:
                    break
                appeared[document_id] = time.monotonic()
                checked += 1
            time.sleep(0.01)

    def reader():
        number = 0
        while not done.is_set():
            query = SearchQuery(READER_QUERIES[number % len(READER_QUERIES)])
            began = time.perf_counter()
            feeder.search(query)
            searches.append((time.perf_counter() - began) * 1000)
            number += 1
            time.sleep(0.1)

    threads = [
        threading.Thread(target=target, daemon=True) for target in (poster, observer, reader)
    ]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    threads[0].join()
    threads[1].join(timeout=120)
    elapsed = time.monotonic() - began
    threads[2].join(timeout=10)
    delays = [
        appeared[document_id] - committed
        for document_id, committed in posted
        if document_id in appeared
    ]
    figures = {
        "posted": len(posted),
        "seen": len(delays),
        "rate": len(posted) / seconds,
        "p50": percentile(delays, 0.50),
        "p95": percentile(delays, 0.95),
        "max": max(delays) if delays else float("nan"),
        "search_p50_ms": percentile(searches, 0.50),
        "search_p95_ms": percentile(searches, 0.95),
        "search_max_ms": max(searches) if searches else float("nan"),
        "searches": len(searches),
        "elapsed_s": elapsed,
    }
    log(
        f"freshness: {figures['seen']}/{figures['posted']} seen; p50 {figures['p50']:.2f} s, "
        f"p95 {figures['p95']:.2f} s, max {figures['max']:.2f} s; searches meanwhile p95 "
        f"{figures['search_p95_ms']:.1f} ms, max {figures['search_max_ms']:.1f} ms"
    )
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", default="tantivy", help="whoosh or tantivy")
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    args = parser.parse_args(argv)
    empty = Path(tempfile.mkdtemp(prefix="consult-freshness-empty-"))
    try:
        from consult.search.backends import load_index

        load_index(args.engine, str(empty / "index")).close()
        measure(args.engine, empty / "index", rate=args.rate, seconds=args.seconds)
    finally:
        shutil.rmtree(empty, ignore_errors=True)


if __name__ == "__main__":
    main()
