"""Search benchmark: indexing throughput, index size, query latency and
single-document commit latency of consult's search engines.

The corpus is real text, recombined: sentences of the seed documents
(Kazakh, Russian, English) and Polis comments (English, CC BY 4.0) are drawn
with a seeded random generator into N comment documents, so two runs with
the same arguments index exactly the same documents and run the same queries.

    .venv/bin/python benchmarks/search.py --count 100000 --engines whoosh tantivy
    .venv/bin/python benchmarks/search.py --count 100000 1000000 --engines tantivy whoosh

Several counts are measured in one run, smallest first; an engine whose
indexing alone is estimated to take longer than --max-minutes at a count
(from its rate measured at a smaller count, or from a short calibration
run) is skipped there, with the estimate and the reason printed. Documents
are generated lazily, so a million of them never sit in memory at once.

Progress goes to stderr, figures to stdout. See benchmarks/README.md."""

import argparse
import csv
import itertools
import json
import random
import re
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from consult.demo.content import POLIS_ATTRIBUTION
from consult.i18n.detection import detect_language
from consult.search import analysis
from consult.search.backends import load_index
from consult.search.interfaces import SearchDocument, SearchQuery

REPO = Path(__file__).resolve().parents[1]
# ../shared/seeds beside the checkout; a git worktree in a subfolder looks higher up.
SEEDS = next(
    (p / "shared" / "seeds" for p in REPO.parents if (p / "shared" / "seeds").is_dir()),
    REPO.parent / "shared" / "seeds",
)
POLIS = REPO / "src" / "consult" / "demo" / "data" / "polis"
LANGUAGES = ("kk", "ru", "en")
SEED = 2026
BATCH = 2000
QUERIES_PER_LANGUAGE = 300
SINGLE_COMMITS = 200
CALIBRATION = 5000  # documents indexed to estimate an engine's rate
MAX_MINUTES = 20.0  # default --max-minutes
CONSULTATIONS = (
    "listening-state",
    "public-councils",
    "e-petitions",
    "local-budgets",
    "electoral-reform",
)
STANCES = ("for", "against", "neutral", "")
START = datetime(2026, 1, 1, tzinfo=UTC)
SPREAD = timedelta(days=30).total_seconds()

# 004 is one document in three languages: (first line, last line), 1-based, inclusive.
SEED_004_PARTS = ((1, 997), (998, 1987), (1988, 3139))
MIN_SENTENCE, MAX_SENTENCE = 20, 600
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"«(\[]?[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ0-9])")
MARKUP = re.compile(r"[*_#>|`]+|\[\d+\]|<https?://[^>]*>|https?://\S+")


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


# -- corpus --------------------------------------------------------------------


def _sentences(text):
    """Sentences of a text: paragraphs (blank-line separated) joined into one
    line, markup dropped, split after . ! ? …; fragments too short or long
    to be a comment sentence are left out."""
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(MARKUP.sub(" ", paragraph).split())
        for sentence in SENTENCE_END.split(paragraph):
            sentence = sentence.strip(" •-–—")
            if MIN_SENTENCE <= len(sentence) <= MAX_SENTENCE and len(sentence.split()) >= 3:
                yield sentence


def _seed_texts():
    for path in sorted(SEEDS.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if path.name.startswith("004_"):
            for first, last in SEED_004_PARTS:
                yield "\n".join(lines[first - 1 : last])
        else:
            yield "\n".join(lines)


def _polis_texts():
    for path in sorted(POLIS.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                if row["moderated"].strip() != "-1":
                    yield row["comment-body"]


def sentence_pools():
    """{language: [sentence, ...]}, each sentence once, in source order;
    a sentence's language is what consult's detector says it is."""
    pools = {language: {} for language in LANGUAGES}
    for text in (*_seed_texts(), *_polis_texts()):
        for sentence in _sentences(text):
            pools[detect_language(sentence)].setdefault(sentence, None)
    return {language: list(sentences) for language, sentences in pools.items()}


def documents(pools, count, first_id=0, seed=SEED):
    """`count` comment documents, generated lazily and deterministically: a
    language (uniform), then 1-4 sentences of it; the document's language is
    detected from its text, as consult does for a comment."""
    rng = random.Random(seed)
    for number in range(first_id, first_id + count):
        pool = pools[rng.choice(LANGUAGES)]
        text = " ".join(rng.choice(pool) for _ in range(rng.randint(1, 4)))
        consultation = rng.choice(CONSULTATIONS)
        yield SearchDocument(
            id=f"comment:{consultation}:{number}",
            kind="comment",
            language=detect_language(text),
            title="",
            text=text,
            url=f"/consultations/{consultation}/comments/{number}/",
            consultation=consultation,
            stage="white",
            stance=rng.choice(STANCES),
            created=START + timedelta(seconds=rng.uniform(0, SPREAD)),
            author=f"Participant {rng.randint(1, max(1, count // 5))}.",
        )


def batches(iterable, size):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def queries(pools, seed=SEED):
    """{language: [query text, ...]}: 1-3 words of at least 4 letters, drawn
    from the language's sentences (by occurrence, so frequent words come up
    more often, as they do in what people type)."""
    rng = random.Random(seed)
    result = {}
    for language in LANGUAGES:
        words = [
            word
            for sentence in pools[language]
            for word, _, _ in analysis.tokenize(sentence)
            if len(word) >= 4 and not word.isdigit()
        ]
        result[language] = [
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
            for _ in range(QUERIES_PER_LANGUAGE)
        ]
    return result


# -- measuring -------------------------------------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile of `values` (fraction in 0..1)."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def size_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def counting(stream, by_language):
    """`stream`, counting its documents by language into `by_language`."""
    for document in stream:
        by_language[document.language] = by_language.get(document.language, 0) + 1
        yield document


def index_documents(name, index, stream, count):
    """Index `stream` in batches of BATCH, one commit each; seconds taken."""
    started = time.perf_counter()
    done = 0
    for batch in batches(stream, BATCH):
        index.add(batch)
        index.commit()
        done += len(batch)
        elapsed = time.perf_counter() - started
        if done % (10 * BATCH) == 0 or done == count:
            log(f"[{name}]   {done}/{count}  {elapsed:7.1f} s  {done / elapsed:7.0f} docs/s")
    return time.perf_counter() - started


def calibrate(name, pools, workdir):
    """docs/s of an engine over CALIBRATION documents, to estimate a run."""
    path = Path(workdir) / f"{name}-calibration"
    index = load_index(name, str(path))
    try:
        log(f"[{name}] calibrating: {CALIBRATION} documents")
        return CALIBRATION / index_documents(
            name, index, documents(pools, CALIBRATION), CALIBRATION
        )
    finally:
        index.close()
        shutil.rmtree(path, ignore_errors=True)


def segments_of(index):
    """How many segments an engine has, when it says (whoosh does)."""
    counter = getattr(index, "segment_count", None)
    return counter() if counter else None


def bench_queries(name, index, query_texts):
    """Latency figures of the QUERIES_PER_LANGUAGE queries of each language."""
    latencies = {}
    hits = {}
    # The CPU time of the searching thread too: on a shared machine the wall
    # time mostly measures the waits for a core (tantivy searches in the
    # calling thread).
    cpu = {}
    for language in LANGUAGES:
        latencies[language], hits[language], cpu[language] = [], [], []
        for text in query_texts[language]:
            query = SearchQuery(text)
            started, started_cpu = time.perf_counter(), time.thread_time()
            result = index.search(query)
            latencies[language].append((time.perf_counter() - started) * 1000)
            cpu[language].append((time.thread_time() - started_cpu) * 1000)
            hits[language].append(result.total)
        log(
            f"[{name}] {len(query_texts[language])} {language} queries: "
            f"p50 {percentile(latencies[language], 0.5):.1f} ms"
        )
    latencies["all"] = [ms for language in LANGUAGES for ms in latencies[language]]
    hits["all"] = [n for language in LANGUAGES for n in hits[language]]
    cpu["all"] = [ms for language in LANGUAGES for ms in cpu[language]]
    return {
        key: {
            "p50": percentile(values, 0.50),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
            "cpu_p50": percentile(cpu[key], 0.50),
            "cpu_p95": percentile(cpu[key], 0.95),
            "hits": statistics.mean(hits[key]),
            "zero": sum(1 for n in hits[key] if n == 0),
            "n": len(values),
        }
        for key, values in latencies.items()
    }


# -- freshness -------------------------------------------------------------------
#
# The seconds from a ZODB commit of a new comment to its being searchable,
# through consult's background search feeder (benchmarks/freshness.py), on a
# copy of the index just built, under a steady stream of comments.

FRESHNESS = {"rate": 50.0, "seconds": 30.0}  # set from the command line


def bench_freshness(name, index, pools, count):
    """Freshness figures of an engine: {"p50", "p95", "max", ...} in seconds."""
    import freshness

    if not FRESHNESS["seconds"]:
        return None
    log(
        f"[{name}] freshness: {FRESHNESS['rate']:.0f} comments/s for "
        f"{FRESHNESS['seconds']:.0f} s through the feeder"
    )
    return freshness.measure(
        name, index.path, rate=FRESHNESS["rate"], seconds=FRESHNESS["seconds"], log=log
    )


# Written into a kept index directory once its `count` documents are all in,
# with the indexing figures; a directory without it is rebuilt.
BUILT = "built.json"
KEEP = {"dir": None, "queries_only": False}  # set from the command line


def kept_index(name, count):
    """(path, figures of the run that built it or None) of an index kept in
    --index-dir, or (None, None) when indexes are not kept."""
    if KEEP["dir"] is None:
        return None, None
    path = Path(KEEP["dir"]) / f"{name}-{count}"
    marker = path / BUILT
    if marker.exists():
        return path, json.loads(marker.read_text())
    shutil.rmtree(path, ignore_errors=True)  # a run stopped half-way
    return path, None


def build(name, index, path, pools, count, figures):
    """Index `count` documents into `index`: the indexing figures."""
    # Indexing: batches of BATCH, one commit each; analysis is included.
    log(f"[{name}] indexing {count} documents in batches of {BATCH}")
    elapsed = index_documents(
        name, index, counting(documents(pools, count), figures["by_language"]), count
    )
    figures["index_s"] = elapsed
    figures["docs_per_s"] = count / elapsed
    figures["size_mb"] = size_mb(path)
    figures["segments"] = segments_of(index)
    log(f"[{name}] indexed {index.count()} in {elapsed:.1f} s, {figures['size_mb']:.1f} MB")


def bench_engine(name, pools, count, query_texts, workdir):
    path, built = kept_index(name, count)
    kept = path is not None
    path = path or Path(workdir) / name
    index = load_index(name, str(path))
    figures = {"engine": name, "by_language": {}}
    try:
        if built:
            log(f"[{name}] reusing the index of {count} documents in {path}")
            figures.update(built, reused=True)
        else:
            build(name, index, path, pools, count, figures)
            if kept:
                (path / BUILT).write_text(json.dumps(figures))
        figures["count"] = index.count()

        # Query latency, default facets.
        figures["queries"] = bench_queries(name, index, query_texts)
        if KEEP["queries_only"]:
            return figures

        # Single-document commits (the live path: one new comment, one commit).
        log(f"[{name}] {SINGLE_COMMITS} single-document commits")
        commits = []
        for document in documents(pools, SINGLE_COMMITS, first_id=count, seed=SEED + 1):
            started = time.perf_counter()
            index.add([document])
            index.commit()
            commits.append((time.perf_counter() - started) * 1000)
        figures["commits"] = {
            "p50": percentile(commits, 0.50),
            "p95": percentile(commits, 0.95),
            "max": max(commits),
        }
        figures["size_after_mb"] = size_mb(path)
        figures["segments_after"] = segments_of(index)

        # An engine that merges segments on request (whoosh's `maintain`, which
        # consult's background writer calls when idle): queries with the
        # segments of the single commits, one `maintain()`, queries again.
        maintain = getattr(index, "maintain", None)
        if maintain is not None:
            rounds = figures["segment_rounds"] = []
            rounds.append(
                {
                    "segments": segments_of(index),
                    "maintain_s": None,
                    "queries": bench_queries(name, index, query_texts)["all"],
                }
            )
            log(f"[{name}] maintain() with {segments_of(index)} segments")
            started = time.perf_counter()
            maintain()
            elapsed = time.perf_counter() - started
            rounds.append(
                {
                    "segments": segments_of(index),
                    "maintain_s": elapsed,
                    "queries": bench_queries(name, index, query_texts)["all"],
                }
            )
        figures["freshness"] = bench_freshness(name, index, pools, count)
        if kept:  # the next run measures the same documents
            index.remove(d.id for d in documents(pools, SINGLE_COMMITS, count, SEED + 1))
            index.commit()
    finally:
        index.close()
        if not kept:
            shutil.rmtree(path, ignore_errors=True)
    return figures


# -- report ----------------------------------------------------------------------


def report(results, skipped, pools, command):
    print()
    print(
        f"Corpus: comment documents from {sum(map(len, pools.values()))} distinct sentences "
        f"({', '.join(f'{k} {len(v)}' for k, v in pools.items())})"
    )
    shown = set()
    for r in results:
        if r["count"] not in shown:
            shown.add(r["count"])
            counts = ", ".join(f"{k} {r['by_language'].get(k, 0)}" for k in LANGUAGES)
            print(f"  {r['count']} documents by detected language: {counts}")
    print(f"Polis comments: {POLIS_ATTRIBUTION}")
    print()
    print(f"Indexing (batches of {BATCH}, add + commit, consult's Python analysis included)")
    print(
        f"{'engine':<9} {'docs':>8} {'seconds':>9} {'docs/s':>8} {'size MB':>8} "
        f"{'MB after 200 commits':>21} {'segments':>9}"
    )
    for r in results:
        segments = "" if r["segments"] is None else str(r["segments"])
        if "segments_after" in r:
            segments += f" -> {r['segments_after']}"
        after = f"{r['size_after_mb']:>21.1f}" if "size_after_mb" in r else f"{'':>21}"
        print(
            f"{r['engine']:<9} {r['count']:>8} {r['index_s']:>9.1f} {r['docs_per_s']:>8.0f} "
            f"{r['size_mb']:>8.1f} {after} {segments:>9}"
            + ("   (reused: built by an earlier run)" if r.get("reused") else "")
        )
    print()
    print(
        f"Query latency, ms ({QUERIES_PER_LANGUAGE} queries per language, 1-3 words, "
        f"default facets)"
    )
    print(
        f"{'engine':<9} {'docs':>8} {'lang':<4} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'mean hits':>10} {'no hits':>8} {'cpu p50':>8} {'cpu p95':>8}"
    )
    for r in results:
        for key in (*LANGUAGES, "all"):
            q = r["queries"][key]
            print(
                f"{r['engine']:<9} {r['count']:>8} {key:<4} {q['p50']:>7.1f} {q['p95']:>7.1f} "
                f"{q['p99']:>7.1f} {q['hits']:>10.0f} {q['zero']:>4}/{q['n']:<3} "
                f"{q['cpu_p50']:>8.1f} {q['cpu_p95']:>8.1f}"
            )
    committed = [r for r in results if "commits" in r]
    if committed:
        print()
        print(f"Single-document commits, ms ({SINGLE_COMMITS} x add one document + commit)")
        print(f"{'engine':<9} {'docs':>8} {'p50':>7} {'p95':>7} {'max':>8}")
    for r in committed:
        c = r["commits"]
        print(
            f"{r['engine']:<9} {r['count']:>8} {c['p50']:>7.1f} {c['p95']:>7.1f} {c['max']:>8.1f}"
        )
    rounds = [r for r in results if r.get("segment_rounds")]
    if rounds:
        print()
        print(
            "Segments: all queries again after the single commits, then after one "
            "`maintain()` (warm caches)"
        )
        print(
            f"{'engine':<9} {'docs':>8} {'segments':>9} {'maintain s':>11} {'p50':>7} "
            f"{'p95':>7} {'p99':>7}"
        )
        for r in rounds:
            for step in r["segment_rounds"]:
                q = step["queries"]
                took = "" if step["maintain_s"] is None else f"{step['maintain_s']:.1f}"
                print(
                    f"{r['engine']:<9} {r['count']:>8} {step['segments']:>9} {took:>11} "
                    f"{q['p50']:>7.1f} {q['p95']:>7.1f} {q['p99']:>7.1f}"
                )
    fresh = [r for r in results if r.get("freshness")]
    if fresh:
        print()
        print("Freshness, s (ZODB commit to searchable)")
        print(
            f"{'engine':<9} {'docs':>8} {'rate/s':>7} {'seen':>9} {'p50':>7} {'p95':>7} "
            f"{'max':>8}   search meanwhile p95/max ms"
        )
        for r in fresh:
            f = r["freshness"]
            print(
                f"{r['engine']:<9} {r['count']:>8} {f['rate']:>7.1f} "
                f"{f['seen']:>4}/{f['posted']:<4} {f['p50']:>7.2f} {f['p95']:>7.2f} "
                f"{f['max']:>8.2f}   {f['search_p95_ms']:.1f} / {f['search_max_ms']:.1f}"
            )
    if skipped:
        print()
        print("Skipped")
        for line in skipped:
            print(f"  {line}")
    print()
    print(f"Command: {command}")


def estimate(name, count, rates, pools, workdir):
    """(seconds, basis): an estimate of the time to index `count` documents
    with an engine, from its rate at the largest count measured so far, or
    from a calibration run."""
    if name in rates:
        rate, measured = rates[name]
        return count / rate, f"{rate:.0f} docs/s measured at {measured} documents"
    rate = calibrate(name, pools, workdir)
    rates[name] = (rate, CALIBRATION)
    return count / rate, f"{rate:.0f} docs/s measured on {CALIBRATION} documents"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--count",
        type=int,
        nargs="+",
        default=[100_000],
        help="how many comment documents to index; several counts are "
        "measured in one run, smallest first (default 100000)",
    )
    parser.add_argument(
        "--engines",
        nargs="+",
        default=["whoosh", "tantivy"],
        choices=["memory", "whoosh", "tantivy"],
        help="engines to measure, in this order (default whoosh tantivy)",
    )
    parser.add_argument(
        "--max-minutes",
        type=float,
        default=MAX_MINUTES,
        help="skip an engine at a count when indexing it is estimated to "
        f"take longer (default {MAX_MINUTES:g})",
    )
    parser.add_argument(
        "--workdir",
        default=None,
        help="where the temporary index directories go (default: system temp)",
    )
    parser.add_argument(
        "--freshness-rate",
        type=float,
        default=FRESHNESS["rate"],
        help="comments per second committed while freshness is measured",
    )
    parser.add_argument(
        "--freshness-seconds",
        type=float,
        default=FRESHNESS["seconds"],
        help="how long freshness is measured per engine and count (0: skip)",
    )
    parser.add_argument(
        "--index-dir",
        default=None,
        help="keep each engine's index in DIR/<engine>-<count> and reuse it in "
        "later runs instead of indexing again (default: fresh temporary indexes)",
    )
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="measure query latency only: no single-document commits, segment rounds or freshness",
    )
    args = parser.parse_args(argv)
    KEEP.update(dir=args.index_dir, queries_only=args.queries_only)
    FRESHNESS.update(rate=args.freshness_rate, seconds=args.freshness_seconds)
    command = " ".join(shlex.quote(part) for part in [sys.executable, *sys.argv])

    log("building the sentence pools")
    pools = sentence_pools()
    log(f"sentences: { {k: len(v) for k, v in pools.items()} }")
    query_texts = queries(pools)

    results, skipped = [], []
    rates = {}  # engine -> (docs/s, at how many documents)
    with tempfile.TemporaryDirectory(prefix="consult-bench-", dir=args.workdir) as workdir:
        for count, name in itertools.product(sorted(set(args.count)), args.engines):
            reusing = kept_index(name, count)[1] is not None
            if not reusing and (count > CALIBRATION or name in rates):
                seconds, basis = estimate(name, count, rates, pools, workdir)
                if seconds > args.max_minutes * 60:
                    line = (
                        f"{name} at {count} documents: indexing alone estimated at "
                        f"{seconds / 60:.1f} min ({basis}), over --max-minutes "
                        f"{args.max_minutes:g}"
                    )
                    log(f"[{name}] skipped: {line}")
                    skipped.append(line)
                    continue
                log(
                    f"[{name}] {count} documents: indexing estimated at {seconds / 60:.1f} min "
                    f"({basis})"
                )
            figures = bench_engine(name, pools, count, query_texts, workdir)
            results.append(figures)
            rates[name] = (figures["docs_per_s"], count)
    report(results, skipped, pools, command)


if __name__ == "__main__":
    main()
