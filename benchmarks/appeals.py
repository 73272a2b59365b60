"""Appeals at scale: filing one, the busiest organisation's queue page and
its dashboard, over a database of `--count` appeals (1 000 000 by issue's
target) across every oblast and 200 categories.

1. builds (once, cached in `--data-dir`, default var/bench) a FileStorage
   of `--count` appeals made through the real service (AppealService:
   file, forward, register, assign, progress, extend, answer, rate,
   reopen, duplicate), filed over the past year, in transactions of
   `--batch`; 21 organisations: an akimat per oblast and city of
   republican significance, and a ministry competent nationwide for two of
   the twenty category families, which makes it the busiest;
2. copies it to a temporary directory, runs its pending evolution steps
   (timed), builds the real WSGI app (`consult.configure`) on the copy;
3. drives it with WebTest in this process: citizens file appeals through
   the real form (read, filled, posted; posted again when the similar open
   appeals are shown first), and an official of the busiest organisation
   reads its queue page (the dashboard is on it) unfiltered, by state, by
   category, by territory, overdue, with at most 3 working days left, and
   deep pages.

Printed per action: requests, wall and CPU milliseconds p50/p95 (CPU:
`time.process_time` around the WSGI call), ZODB loads per request; then the
process's CPU time, peak RSS, the database's size and the load average.

    .venv/bin/python benchmarks/appeals.py --count 100000
"""

import argparse
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from pages import TransferCounter, copy_database, evolve_copy, make_app  # noqa: E402

FORMAT = 1
SEED = 21
PASSWORD = "appeals-benchmark-password"
MINISTRY = "ministry-of-transport"
OFFICIALS = 10
CITIZENS = 200
FAMILIES, CHILDREN = 20, 9  # 20 root categories with 9 children each: 200
MINISTRY_FAMILIES = ("family-00", "family-01")
WORDS = [
    f"{a}{b}"
    for a in ("road", "water", "light", "heat", "bus", "yard", "park", "school", "clinic", "waste")
    for b in ("", "s", "ing", "ed", "er", "work", "side", "line", "way", "point", "stop", "pipe")
]


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def prepared_name(count):
    return f"appeals-v{FORMAT}-{count}"


class MovingClock:
    """The service's clock, set by the generator before each action."""

    def __init__(self, when):
        self.when = when

    def now(self):
        return self.when


def appeal_text(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40))).capitalize() + "."


def _world(root, now, password_hash):
    """Organisations, categories, routing rules, officials and citizens."""
    from consult.accounts.models import Principal
    from consult.appeals.services import AppealService
    from consult.organisations.services import OrganisationService
    from consult.organisations.territories import load_territories
    from consult.settings import DEFAULTS

    territories = load_territories()
    organisations = OrganisationService(root["organisations"])
    appeals = AppealService(
        root["appeals"], DEFAULTS, MovingClock(now), territories, root["organisations"]
    )
    akimats = {}
    for kato, territory in territories.items():
        if territory.parent is None:
            name = f"akimat-{kato}"
            level = "city" if territory.level == "city" else "oblast"
            organisations.create(
                name, {"en": f"Akimat of {territory.name['en']}"}, "akimat", level, kato
            )
            appeals.set_rule("*", kato, name)
            akimats[kato] = name
    organisations.create(MINISTRY, {"en": "Ministry of Transport"}, "ministry", "republic")
    codes = []
    for family in range(FAMILIES):
        root_code = f"family-{family:02d}"
        appeals.save_category(root_code, {"en": f"Family {family}"})
        codes.append(root_code)
        for child in range(CHILDREN):
            code = f"{root_code}-{child}"
            appeals.save_category(code, {"en": f"Family {family}, case {child}"}, root_code)
            codes.append(code)
    for code in MINISTRY_FAMILIES:
        appeals.set_rule(code, "*", MINISTRY)
    principals = root["principals"]
    staff = []
    for number in range(OFFICIALS):
        person = Principal(
            f"official-{number}@bench.invalid", "Official", "Ministry", password_hash, now
        )
        person.confirmed_at = now
        principals.add_principal(person)
        role = "organisation_administrator" if number == 0 else "answerer"
        organisations.grant_role(root["organisations"][MINISTRY], person, role)
        staff.append(person.id)
    citizens = []
    for number in range(CITIZENS):
        person = Principal(
            f"citizen-{number}@bench.invalid", "Aigerim", "Serikova", password_hash, now
        )
        person.confirmed_at = now
        principals.add_principal(person)
        citizens.append(person)
    return territories, akimats, codes, staff, citizens


def _life(service, clock, appeal, rng, now, akimats, staff, author):
    """Take one just-filed appeal through as much of a plausible life as
    fits before `now`, each step through the service."""
    from consult.appeals.models import FIXED, OUTCOMES

    day = timedelta(days=1)
    when = appeal.created

    def at(later):
        nonlocal when
        when = when + later
        clock.when = when
        return when <= now

    if rng.random() < 0.03 and at(day * rng.uniform(0.2, 2)):
        target = rng.choice([name for name in akimats.values() if name != appeal.organisation])
        service.forward(appeal, "bench", target, "Not ours: the akimat maintains it.")
    if not at(day * rng.uniform(0.1, 2)):
        return
    service.register(appeal, "bench")
    if appeal.organisation == MINISTRY and rng.random() < 0.8 and at(day * 0.1):
        service.assign(appeal, "bench", rng.choice(staff))
    if rng.random() < 0.02 and appeal.name != "1":
        original = service.appeals[str(int(appeal.name) - 1)]
        service.mark_duplicate(appeal, "bench", original, "Filed twice")
        return
    if rng.random() < 0.5 and at(day * rng.uniform(0.5, 5)):
        service.progress(appeal, "bench", "in_progress", "Looking into it")
    if rng.random() < 0.05 and at(day * 2) and clock.when.date() <= appeal.due:
        service.extend(appeal, "bench", appeal.due + 20 * day, "A survey of the site is needed.")
    if not at(day * rng.uniform(2, 24)):
        return
    outcome = rng.choice(OUTCOMES)
    disposition = rng.choice(("accepted", "partly", "rejected", "noted"))
    service.answer(
        appeal,
        "bench",
        disposition,
        "Answered after a site visit of the place, appeal " + appeal.name,
        outcome,
    )
    if rng.random() < 0.5 and at(day * rng.uniform(0.2, 5)):
        service.rate(appeal, author, rng.random() < 0.75, "")
    elif outcome == FIXED and appeal.public and rng.random() < 0.05 and at(day):
        service.reopen(appeal, author, "The hole is back after the rain.")


def prepare(path, count, batch):
    """Build the database in `path` (a new directory): Data.fs and meta.json."""
    import transaction  # noqa: F401 (opened_root commits)
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.accounts.passwords import hash_password
    from consult.appeals.services import AppealService
    from consult.clock import SystemClock
    from consult.config import evolution_steps
    from consult.resources import opened_root
    from consult.settings import DEFAULTS

    began, cpu_began = time.monotonic(), time.process_time()
    rng = random.Random(SEED)
    path.mkdir(parents=True)
    now = SystemClock().now().replace(microsecond=0)
    db = DB(FileStorage(str(path / "Data.fs")), cache_size=100000)
    steps = evolution_steps()
    try:
        with opened_root(db, steps) as root:
            territories, akimats, codes, staff, citizens = _world(
                root, now, hash_password(PASSWORD)
            )
            citizen_ids = [person.id for person in citizens]
        katos = list(territories)
        populations = [territories[kato].population or 1 for kato in katos]
        # The ministry's twenty categories are the most common ones.
        ranks = list(range(len(codes)))
        rest = ranks[len(MINISTRY_FAMILIES) * (CHILDREN + 1) :]
        rng.shuffle(rest)
        ranks[len(MINISTRY_FAMILIES) * (CHILDREN + 1) :] = rest
        weights = [1.0 / (rank + 1) ** 0.3 for rank in ranks]
        start = now - timedelta(days=365)
        step = timedelta(days=365) / count
        made = 0
        while made < count:
            with opened_root(db, steps) as root:
                clock = MovingClock(now)
                service = AppealService(
                    root["appeals"], DEFAULTS, clock, territories, root["organisations"]
                )
                principals = root["principals"]
                for _ in range(min(batch, count - made)):
                    clock.when = start + step * made
                    author = principals[rng.choice(citizen_ids)]
                    appeal = service.file(
                        author,
                        rng.choice(("complaint", "proposal", "request", "feedback")),
                        rng.choices(codes, weights)[0],
                        rng.choices(katos, populations)[0],
                        f"Street {rng.randint(1, 300)}",
                        appeal_text(rng),
                        rng.random() < 0.7,
                    )
                    _life(service, clock, appeal, rng, now, akimats, staff, author.id)
                    made += 1
            db.cacheMinimize()
            elapsed = time.monotonic() - began
            log(f"[prepare] {made} appeals, {elapsed:.0f} s ({made / elapsed:.0f}/s)")
        with opened_root(db, steps) as root:
            held = {name: len(root["appeals"].held_by(name)) for name in root["organisations"]}
    finally:
        db.close()
    meta = {
        "count": count,
        "now": now.isoformat(),
        "busiest": MINISTRY,  # its officials are the ones who sign in
        "held": held,
        "officials": [f"official-{n}@bench.invalid" for n in range(OFFICIALS)],
        "citizens": [f"citizen-{n}@bench.invalid" for n in range(CITIZENS)],
        "categories": codes,
        "katos": katos,
        "build_seconds": round(time.monotonic() - began),
        "build_cpu_seconds": round(time.process_time() - cpu_began),
    }
    (path / "meta.json").write_text(json.dumps(meta, indent=1))
    return meta


def prepared(data_dir, count, batch):
    path = Path(data_dir) / prepared_name(count)
    if not (path / "meta.json").exists():
        building = path.with_name(path.name + ".building")
        shutil.rmtree(building, ignore_errors=True)
        shutil.rmtree(path, ignore_errors=True)
        prepare(building, count, batch)
        building.rename(path)
    else:
        log(f"[prepare] using the cached database in {path}")
    return path


class Action:
    def __init__(self, name):
        self.name = name
        self.wall, self.cpu = [], []
        self.loads = 0

    def line(self):
        count = len(self.cpu)
        if not count:
            return f"{self.name:<28} {0:>5}"
        return (
            f"{self.name:<28} {count:>5} {percentile(self.wall, 50):>8.1f} "
            f"{percentile(self.wall, 95):>8.1f} {percentile(self.cpu, 50):>8.1f} "
            f"{percentile(self.cpu, 95):>8.1f} {self.loads / count:>9.1f}"
        )


HEADER = (
    f"{'action':<28} {'count':>5} {'wall p50':>8} {'wall p95':>8} {'CPU p50':>8} "
    f"{'CPU p95':>8} {'loads/req':>9}   (milliseconds)"
)


def percentile(samples, rank):
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0] * 1000
    return statistics.quantiles(ordered, n=100, method="inclusive")[rank - 1] * 1000


class Timed:
    """WSGI middleware: wall and CPU time of each request, body included."""

    def __init__(self, app):
        self.app = app
        self.last = (0.0, 0.0)

    def __call__(self, environ, start_response):
        wall, cpu = time.perf_counter(), time.process_time()
        body = b"".join(self.app(environ, start_response))
        self.last = (time.perf_counter() - wall, time.process_time() - cpu)
        return [body]


def _generation(data_fs):
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    db = DB(FileStorage(str(data_fs), read_only=True))
    try:
        connection = db.open()
        root = connection.root().get("consult")
        return None if root is None else root.generation
    finally:
        db.close()


def rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(args):
    from webtest import TestApp

    source = prepared(args.data_dir, args.count, args.batch)
    meta = json.loads((source / "meta.json").read_text())
    workdir = Path(tempfile.mkdtemp(prefix="consult-appeals-"))
    wsgi = None
    cpu_began = time.process_time()
    try:
        log(f"[appeals] copying {source.name} to {workdir}")
        data_fs = copy_database(source, workdir)
        began, cpu = time.monotonic(), time.process_time()
        generation = _generation(data_fs)
        evolve_copy(data_fs)
        evolve_line = (
            f"evolution of the copy (from generation {generation}): "
            f"{time.monotonic() - began:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
        )
        log(f"[appeals] {evolve_line}")
        wsgi = make_app(data_fs, workdir, args.cache_size)
        timed = Timed(wsgi)
        db = wsgi.registry._zodb_databases[""]
        counter = TransferCounter()
        db.setActivityMonitor(counter)
        rng = random.Random(args.seed)

        def signed_in(email):
            client = TestApp(timed, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
            form = client.get("/login").forms["deform"]
            form["email"], form["password"] = email, PASSWORD
            assert form.submit("login").status_int == 303
            return client

        def measured(action, call):
            loads = counter.loads
            response = call()
            wall, cpu = timed.last
            action.wall.append(wall)
            action.cpu.append(cpu)
            action.loads += counter.loads - loads
            return response

        busiest = meta["busiest"]
        official = signed_in(meta["officials"][0])
        citizens = [signed_in(email) for email in meta["citizens"][: args.people]]
        queue = f"/organisations/{busiest}/appeals"
        held = meta["held"][busiest]
        ministry_categories = [c for c in meta["categories"] if c.startswith(MINISTRY_FAMILIES)]
        variants = {
            "queue, no filter": lambda: {},
            "queue, state registered": lambda: {"state": "registered"},
            "queue, category family": lambda: {"category": rng.choice(MINISTRY_FAMILIES)},
            "queue, category leaf": lambda: {"category": rng.choice(ministry_categories)},
            "queue, territory": lambda: {"kato": rng.choice(meta["katos"])},
            "queue, overdue": lambda: {"overdue": "1"},
            "queue, ≤3 working days left": lambda: {"days_left": "3"},
            "queue, deep page": lambda: {"start": str(rng.randint(held // 2, held - 20))},
            "queue, state+territory": lambda: {
                "state": "in_progress",
                "kato": rng.choice(meta["katos"]),
            },
        }
        log(f"[appeals] warming up: {args.warmup} queue pages")
        for _ in range(args.warmup):
            official.get(queue, params=rng.choice(list(variants.values()))())
        actions = {name: Action(name) for name in variants}
        log(f"[appeals] {args.pages} pages of each queue variant")
        for _ in range(args.pages):
            for name, params in variants.items():
                chosen = params()
                response = measured(actions[name], lambda p=chosen: official.get(queue, params=p))
                assert response.status_int == 200, response.status
        filing = Action("file an appeal (POSTs)")
        shown_similar = 0
        log(f"[appeals] filing {args.filings} appeals")
        for _ in range(args.filings):
            citizen = rng.choice(citizens)
            form = citizen.get("/appeals/new").forms["deform"]
            form["kind"] = "complaint"
            form["category"] = rng.choice(meta["categories"])
            form["kato"] = rng.choice(meta["katos"])
            form["address"] = "Street 5"
            form["text"] = appeal_text(rng)
            form["public"] = True
            loads = counter.loads
            response = form.submit("file")
            wall, cpu = timed.last
            if response.status_int == 200 and response.html.select_one(".similar"):
                shown_similar += 1
                response = response.forms["deform"].submit("file")
                wall, cpu = wall + timed.last[0], cpu + timed.last[1]
            assert response.status_int == 303, response.status
            filing.wall.append(wall)
            filing.cpu.append(cpu)
            filing.loads += counter.loads - loads
        print(
            f"Appeals benchmark: {meta['count']} appeals, busiest organisation {busiest} "
            f"holding {held}; connection cache {args.cache_size}"
        )
        print(HEADER)
        for action in (filing, *actions.values()):
            print(action.line())
        print(f"filings shown similar appeals first: {shown_similar} of {args.filings}")
        print(evolve_line)
        print(
            f"process CPU {time.process_time() - cpu_began:.1f} s; RSS now {rss_mib():.0f} MiB, "
            f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
            f"Data.fs {data_fs.stat().st_size / 2**20:.0f} MiB; "
            f"built in {meta['build_seconds']} s ({meta['build_cpu_seconds']} CPU-s); "
            f"load average {Path('/proc/loadavg').read_text().strip()}"
        )
    finally:
        if wsgi is not None:
            wsgi.registry.search_feeder.stop()
            wsgi.registry.campaign_worker.stop()
            wsgi.registry.import_worker.stop()
            for database in wsgi.registry._zodb_databases.values():
                database.close()
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1_000_000, help="appeals (1 000 000)")
    parser.add_argument("--batch", type=int, default=2000, help="appeals per transaction")
    parser.add_argument("--data-dir", default=str(REPO / "var" / "bench"))
    parser.add_argument("--prepare-only", action="store_true")
    parser.add_argument("--pages", type=int, default=20, help="pages of each queue variant (20)")
    parser.add_argument("--filings", type=int, default=100, help="appeals filed (100)")
    parser.add_argument("--warmup", type=int, default=20, help="queue pages read first")
    parser.add_argument("--people", type=int, default=10, help="citizens signed in (10)")
    parser.add_argument("--cache-size", type=int, default=20000, help="connection cache (20000)")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    if args.prepare_only:
        prepared(args.data_dir, args.count, args.batch)
        return
    run(args)


if __name__ == "__main__":
    main()
