"""CPU time per request, in-process: the article page and the comment POST.

The load benchmark (load.py) measures requests per second and latency over
the network; on a shared machine its wall-clock figures depend on whatever
else runs. This one measures what a request costs the server's CPU, which
other load barely disturbs:

1. copies the prepared 100 000-comment database of load.py (var/bench, built
   with `load.py --prepare-only` if missing; the cached copy is never
   written) to a temporary directory;
2. builds the real WSGI app (`consult.configure`) on that copy, with the
   in-memory search engine fed by no thread, the campaign worker off and
   the abuse limits off, as load.py's server has them, and the garbage
   collector set as etc/production.ini sets it (`--collector python`: Python's
   defaults);
3. drives it with WebTest in this process: article pages with their first
   20 comments read anonymously and by signed-in people, then comments
   posted through the real form (the page is read, its form filled in with
   the session's CSRF token and posted; only the POST is counted there).

Printed per action: requests, CPU seconds per request (`time.process_time`
around the WSGI call and the reading of its body, i.e. the server's work
and not WebTest's), its p50/p99, requests per CPU-second, and ZODB objects
loaded per request (the connection's transfer counts, read when
pyramid_zodbconn closes it). A warm-up of `--warmup` pages first compiles
the templates and fills the connection cache as a running server would
have them.

    .venv/bin/python benchmarks/pages.py --pages 400 --posts 200

Profile it with py-spy:

    py-spy record -o /tmp/pages.svg -- .venv/bin/python benchmarks/pages.py
"""

import argparse
import cProfile
import json
import pstats
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from load import collector_settings, prepared, prepared_name  # noqa: E402


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


class Meter:
    """WSGI middleware: the CPU time of each request, body included."""

    def __init__(self, app):
        self.app = app
        self.samples = []
        self.last = None
        self.profiler = None  # a cProfile.Profile when the measured requests are profiled

    def __call__(self, environ, start_response):
        if self.profiler is not None:
            self.profiler.enable()
        began = time.process_time()
        body = b"".join(self.app(environ, start_response))
        self.last = time.process_time() - began
        if self.profiler is not None:
            self.profiler.disable()
        self.samples.append(self.last)
        return [body]


class TransferCounter:
    """A ZODB activity monitor that only adds up loads and stores."""

    def __init__(self):
        self.loads = self.stores = 0

    def closedConnection(self, connection):  # noqa: N802 (ZODB's name)
        loads, stores = connection.getTransferCounts(True)
        self.loads += loads
        self.stores += stores


def copy_database(source, workdir):
    for name in ("Data.fs", "Data.fs.index"):
        if (source / name).exists():
            shutil.copyfile(source / name, workdir / name)
    return workdir / "Data.fs"


def evolve_copy(data_fs):
    """Bring the copy to the latest generation, as `consult evolve` does
    before load.py starts its server. Returns the steps run."""
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.config import evolution_steps
    from consult.resources import opened_root

    steps = evolution_steps()
    db = DB(FileStorage(str(data_fs)), cache_size=50000)
    try:
        with opened_root(db, steps) as root:
            ran = steps.evolve(root)
    finally:
        db.close()
    return ran


def make_app(data_fs, workdir, cache_size, render_cache_chars=None, collector="production"):
    from consult.collector import tune_collector
    from consult.config import configure
    from consult.limits import RECOMMENDED

    settings = {
        "zodbconn.uri": f"file://{data_fs}?connection_cache_size={cache_size}",
        "consult.session_secret": "pages-benchmark-only",
        "consult.hash_secret": "pages-benchmark-hashes",
        "consult.public_url": "http://localhost",
        "mail.debug_directory": str(workdir / "mail"),
        "pyramid.default_locale_name": "en",
        "consult.search.backend": "memory",
        "consult.search.feed_thread": "false",
        "consult.campaigns.worker": "false",
        # Every abuse limit off, those on guessing (on by default) included.
        **{f"consult.limits.{name}": "" for name in RECOMMENDED},
    }
    if render_cache_chars is not None:  # else consult's default
        settings["consult.render_cache_chars"] = str(render_cache_chars)
    if collector == "production":  # as consult.main does with etc/production.ini's
        settings.update(line.split(" = ", 1) for line in collector_settings())
    config = configure(settings)
    app = config.make_wsgi_app()  # loads the language model, as in consult.main
    tune_collector(app.registry.consult_settings)
    return app


class Action:
    def __init__(self, name):
        self.name = name
        self.cpu = []
        self.loads = 0
        self.stores = 0

    def line(self):
        count = len(self.cpu)
        if not count:
            return f"{self.name:<22} {0:>6}"
        total = sum(self.cpu)
        ordered = sorted(self.cpu)
        p99 = ordered[min(count - 1, int(count * 0.99))]
        return (
            f"{self.name:<22} {count:>6} {total / count * 1000:>9.2f} "
            f"{statistics.median(ordered) * 1000:>8.2f} {p99 * 1000:>8.2f} "
            f"{count / total if total else 0:>9.0f} {self.loads / count:>9.1f} "
            f"{self.stores / count:>8.1f}"
        )


HEADER = (
    f"{'action':<22} {'count':>6} {'ms CPU/req':>9} {'p50 ms':>8} {'p99 ms':>8} "
    f"{'req/CPU-s':>9} {'loads/req':>9} {'stores/r':>8}"
)


def run(args):
    from webtest import TestApp

    source = prepared(args.data_dir, args.comments, args.accounts)
    meta = json.loads((source / "meta.json").read_text())
    workdir = Path(tempfile.mkdtemp(prefix="consult-pages-"))
    try:
        log(f"[pages] copying {source.name} to {workdir}")
        data_fs = copy_database(source, workdir)
        if not args.no_evolve:
            began = time.process_time()
            ran = evolve_copy(data_fs)
            log(
                f"[pages] evolved the copy ({', '.join(ran) or 'nothing to do'}) in "
                f"{time.process_time() - began:.0f} CPU-s"
            )
        wsgi = make_app(data_fs, workdir, args.cache_size, args.render_cache_chars, args.collector)
        meter = Meter(wsgi)
        db = wsgi.registry._zodb_databases[""]
        counter = TransferCounter()
        db.setActivityMonitor(counter)
        rng = random.Random(args.seed)
        slug = meta["slug"]
        articles = meta["articles"]

        def client():
            return TestApp(meter, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})

        anonymous = client()
        people = []
        log(f"[pages] signing in {args.people} people")
        for email in meta["accounts"][: args.people]:
            person = client()
            form = person.get("/login").forms["deform"]
            form["email"] = email
            form["password"] = meta["password"]
            response = form.submit("login")
            assert response.status_int == 303, response.status
            people.append(person)

        def path(article):
            version, number, _uid = article
            return f"/consultations/{slug}/drafts/{version}/{number}/"

        profilers = {}

        def measured(action, call):
            loads, stores = counter.loads, counter.stores
            if args.cprofile:
                meter.profiler = profilers.setdefault(action.name, cProfile.Profile())
            response = call()
            meter.profiler = None
            action.cpu.append(meter.last)
            action.loads += counter.loads - loads
            action.stores += counter.stores - stores
            return response

        log(f"[pages] warming up with {args.warmup} pages")
        for _ in range(args.warmup):
            rng.choice([anonymous, *people]).get(path(rng.choice(articles)))

        read_anonymous = Action("article page (anon)")
        read_signed = Action("article page (signed)")
        posting = Action("comment POST")
        log(f"[pages] {args.pages} pages each way, {args.posts} posts")
        for _ in range(args.pages):
            measured(read_anonymous, lambda: anonymous.get(path(rng.choice(articles))))
            person = rng.choice(people)
            measured(read_signed, lambda person=person: person.get(path(rng.choice(articles))))
        for number in range(args.posts):
            person = rng.choice(people)
            article = rng.choice(articles)
            page = person.get(path(article))
            form = page.forms[f"form-thread-{article[2].replace(':', '-')}"]
            form["text"] = f"A benchmark comment number {number}: {rng.random()}"
            stance = next(name for name in form.fields if name.endswith("stance"))
            form[stance] = rng.choice(("for", "against", "neutral"))
            response = measured(posting, lambda form=form: form.submit("post"))
            assert response.status_int == 303 and "#comment-" in response.location, response.status
        print(
            f"CPU per request, in-process ({prepared_name(args.comments, args.accounts)}, "
            f"connection cache {args.cache_size}, {args.people} people signed in, "
            f"garbage collector: {args.collector})"
        )
        print(HEADER)
        for action in (read_anonymous, read_signed, posting):
            print(action.line())
        for name, profiler in profilers.items():
            target = f"{args.cprofile}.{name.split()[-1].strip('()').lower()}"
            profiler.dump_stats(target)
            log(f"[pages] cProfile of {name!r} in {target}")
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pages = read_anonymous.cpu + read_signed.cpu
        print(
            f"{'article pages (all)':<22} {len(pages):>6} "
            f"{sum(pages) / len(pages) * 1000:>9.2f}   → {len(pages) / sum(pages):.0f} "
            "pages per CPU-second"
        )
        from consult.feedback.display.render_cache import render_cache

        cache = render_cache(wsgi.registry)
        kinds = {}
        for key in list(cache._lru.keys()) if cache._lru is not None else ():
            count, chars = kinds.get(key[0], (0, 0))
            kinds[key[0]] = (count + 1, chars + len(cache._lru[key]))
        print(
            f"render cache: {cache.hits} hits, {cache.misses} misses; held: "
            + ", ".join(
                f"{kind} {count} ({chars / count:.0f} characters each)"
                for kind, (count, chars) in sorted(kinds.items())
            )
        )
    finally:
        try:
            # The workers first: a cycle after the databases close would fail.
            wsgi.registry.search_feeder.stop()
            wsgi.registry.campaign_worker.stop()
            wsgi.registry.import_worker.stop()
            for database in wsgi.registry._zodb_databases.values():
                database.close()
        except NameError:
            pass
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--accounts", type=int, default=200)
    parser.add_argument("--data-dir", default=str(REPO / "var" / "bench"))
    parser.add_argument(
        "--pages",
        type=int,
        default=300,
        help="article pages read anonymously, and as many signed in (300)",
    )
    parser.add_argument("--posts", type=int, default=150, help="comments posted (150)")
    parser.add_argument("--warmup", type=int, default=200, help="pages read first, unmeasured")
    parser.add_argument("--people", type=int, default=20, help="people signed in (20)")
    parser.add_argument(
        "--cache-size",
        type=int,
        default=20000,
        help="ZODB connection cache, objects (20000, as load.py)",
    )
    parser.add_argument(
        "--render-cache-chars",
        type=int,
        default=None,
        help="consult.render_cache_chars (default: consult's; 0: no cache)",
    )
    parser.add_argument(
        "--collector",
        choices=("production", "python"),
        default="production",
        help="the garbage collector's settings: etc/production.ini's "
        "(consult.gc.*, the default) or Python's own",
    )
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--no-evolve",
        action="store_true",
        help="measure the copy as it is, without its pending evolution steps",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    parser.add_argument(
        "--cprofile",
        metavar="PREFIX",
        help="profile the measured requests with cProfile, one file per action "
        "(PREFIX.anon, PREFIX.signed, PREFIX.post; their CPU figures then include "
        "the profiler's overhead)",
    )
    run(parser.parse_args(argv))


if __name__ == "__main__":
    main()
