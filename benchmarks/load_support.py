"""Instrumentation for the load benchmark, and only for it: `load.py` writes
`pyramid.includes = load_support` into the ini of the server it starts (with
this directory on PYTHONPATH); no other configuration loads this module.

It counts, per process:

- `requests`: requests received (first attempts);
- `attempts`: every run of the request pipeline, retries included;
- `retries`: pyramid_retry's `IBeforeRetry` events, i.e. attempts thrown
  away because of a retryable error (ZODB `ConflictError`s above all), with
  `retries_by_error` naming the exception classes;
- `retries_exhausted`: requests whose last attempt still failed with a
  retryable error (the person then sees an error page);
- `conflicts`: attempts that ended in a `ZODB.POSException.ConflictError`
  (retried or not);
- `not_modified`: requests answered 304 (a cache revalidating its copy);

and serves them as JSON at `/_bench/stats`, with the process id and its
monotonic clock. `/_bench/timings?since=CLOCK` gives, from that moment on,
the requests' time inside the application (GET and POST: p50/p95/p99/max),
the garbage collector's passes per generation, and the process's stalls:
moments when a thread asking to sleep 10 ms woke 100 ms or more late.

`/_bench/memory` says where the process's memory is (`memory_report`): the
kernel's view (`/proc/self/smaps_rollup`: resident anonymous memory against
resident pages of mapped files such as the tantivy index), glibc's
(`mallinfo2`: bytes in use, free bytes the allocator keeps, mmap'd blocks),
Python's (allocated blocks, objects the garbage collector tracks), the ZODB
connection caches (objects and estimated bytes per connection, the classes
they hold), the render cache, and with `?top=N` the N largest allocation
sites if the server runs with `PYTHONTRACEMALLOC` (`load.py --tracemalloc`).
`POST /_bench/trim` calls glibc's `malloc_trim(0)` and reports the RSS before
and after: how much of the resident memory was free memory glibc kept."""

import ctypes
import ctypes.util
import gc
import os
import sys
import threading
import time
import tracemalloc
from collections import Counter, deque

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid_retry import IBeforeRetry, is_error_retryable
from ZODB.POSException import ConflictError

STATS_PATH = "/_bench/stats"
MEMORY_PATH = "/_bench/memory"
TRIM_PATH = "/_bench/trim"
TIMINGS_PATH = "/_bench/timings"


class Counters:
    def __init__(self):
        self._lock = threading.Lock()
        self._values = Counter()
        self._errors = Counter()

    def add(self, name, amount=1):
        with self._lock:
            self._values[name] += amount

    def add_error(self, error):
        with self._lock:
            self._errors[type(error).__name__] += 1

    def snapshot(self):
        with self._lock:
            values = dict(self._values)
            values["retries_by_error"] = dict(self._errors)
        for name in (
            "requests",
            "attempts",
            "retries",
            "retries_exhausted",
            "conflicts",
            "not_modified",
        ):
            values.setdefault(name, 0)
        values["pid"] = os.getpid()
        values["clock"] = time.monotonic()  # for /_bench/timings?since=
        return values


def counting_tween_factory(handler, registry):
    counters = registry.bench_counters

    timings = registry.bench_timings

    def counting_tween(request):
        environ = request.environ
        if environ.get("retry.attempt", 0) == 0 and "wsgi.bench_began" not in environ:
            environ["wsgi.bench_began"] = time.monotonic()
            request.add_finished_callback(timings.finished)
        attempt = request.environ.get("retry.attempt", 0)
        last = attempt + 1 >= request.environ.get("retry.attempts", 1)
        counters.add("attempts")
        if attempt == 0:
            counters.add("requests")
        try:
            response = handler(request)
        except Exception as error:
            _failed(counters, request, error, last)
            raise
        error = getattr(request, "exception", None)
        if error is not None:
            _failed(counters, request, error, last)
        elif response.status_code == 304:
            counters.add("not_modified")
        return response

    return counting_tween


class Timings:
    """What a client's latency is made of, seen from inside the server: each
    request's time in the application (its first attempt: retries are rare,
    see the counters), garbage-collector passes, and stalls of the whole
    process (a thread that asks to sleep 10 ms and wakes later than that:
    something held the GIL, or the process was not scheduled)."""

    TICK = 0.01
    STALL = 0.1

    def __init__(self, limit=500_000):
        self.requests = deque(maxlen=limit)  # (ended, seconds, method)
        self.collections = deque(maxlen=limit)  # (ended, seconds, generation, cpu seconds)
        self.stalls = deque(maxlen=limit)  # (ended, seconds late)
        self._collecting = None
        gc.callbacks.append(self._gc)
        threading.Thread(target=self._watch, name="bench-stall-watch", daemon=True).start()

    def finished(self, request):
        began = request.environ.get("wsgi.bench_began")
        if began is not None:
            now = time.monotonic()
            self.requests.append((now, now - began, request.method))

    def _gc(self, phase, info):
        # A collection runs in the thread whose allocation set it off, the
        # GIL held: its thread time is the collection's CPU.
        if phase == "start":
            self._collecting = (time.monotonic(), time.thread_time())
        elif self._collecting is not None:
            now, cpu = time.monotonic(), time.thread_time()
            self.collections.append(
                (
                    now,
                    now - self._collecting[0],
                    info["generation"],
                    cpu - self._collecting[1],
                )
            )
            self._collecting = None

    def _watch(self):
        while True:
            began = time.monotonic()
            time.sleep(self.TICK)
            late = time.monotonic() - began - self.TICK
            if late >= self.STALL:
                self.stalls.append((time.monotonic(), late))

    def since(self, moment):
        def percentiles(values):
            values = sorted(values)
            if not values:
                return None

            def pick(share):
                return values[min(len(values) - 1, int(share * len(values)))]

            return {
                "count": len(values),
                "p50": pick(0.5),
                "p95": pick(0.95),
                "p99": pick(0.99),
                "max": values[-1],
            }

        requests = [entry for entry in list(self.requests) if entry[0] >= moment]
        collections = [entry for entry in list(self.collections) if entry[0] >= moment]
        stalls = [late for ended, late in list(self.stalls) if ended >= moment]
        return {
            "get": percentiles(seconds for _, seconds, method in requests if method == "GET"),
            "post": percentiles(seconds for _, seconds, method in requests if method == "POST"),
            "collections": {
                str(generation): {
                    "count": sum(1 for _, _, g, _ in collections if g == generation),
                    "seconds": sum(seconds for _, seconds, g, _ in collections if g == generation),
                    "cpu_seconds": sum(cpu for _, _, g, cpu in collections if g == generation),
                    "max": max(
                        (seconds for _, seconds, g, _ in collections if g == generation),
                        default=0.0,
                    ),
                }
                for generation in (0, 1, 2)
            },
            "stalls": {
                "count": len(stalls),
                "seconds": sum(stalls),
                "max": max(stalls, default=0.0),
            },
        }


def timings(request):
    return request.registry.bench_timings.since(float(request.params.get("since", 0)))


def _failed(counters, request, error, last):
    if isinstance(error, ConflictError):
        counters.add("conflicts")
    if last and is_error_retryable(request, error):
        counters.add("retries_exhausted")


def stats(request):
    return request.registry.bench_counters.snapshot()


class _Mallinfo2(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            "arena",
            "ordblks",
            "smblks",
            "hblks",
            "hblkhd",
            "usmblks",
            "fsmblks",
            "uordblks",
            "fordblks",
            "keepcost",
        )
    ]


def _libc():
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


def mallinfo():
    """glibc's allocator totals over all its arenas, in bytes (None elsewhere):
    `arena` bytes obtained with sbrk/heaps, `in_use`, `free` (kept by the
    allocator, counted in RSS where touched), `mmapped` (large blocks)."""
    libc = _libc()
    function = getattr(libc, "mallinfo2", None) if libc is not None else None
    if function is None:
        return None
    function.restype = _Mallinfo2
    info = function()
    return {
        "arena": info.arena,
        "in_use": info.uordblks,
        "free": info.fordblks,
        "mmapped": info.hblkhd,
        "mmapped_blocks": info.hblks,
        "top_releasable": info.keepcost,
    }


def smaps_rollup(pid="self"):
    """/proc/PID/smaps_rollup as {field: bytes} (Linux)."""
    values = {}
    try:
        lines = open(f"/proc/{pid}/smaps_rollup").read().splitlines()[1:]
    except OSError:
        return values
    for line in lines:
        name, _, rest = line.partition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[1] == "kB":
            values[name.strip()] = int(parts[0]) * 1024
    return values


def mapped_files(pid="self", top=6):
    """The files whose pages are resident the most (/proc/PID/smaps), as
    [[path, resident bytes]], the largest first; directories of a tantivy
    index are summed under the directory."""
    resident = Counter()
    path = None
    try:
        lines = open(f"/proc/{pid}/smaps").read().splitlines()
    except OSError:
        return []
    for line in lines:
        fields = line.split()
        if fields and "-" in fields[0] and ":" not in fields[0]:  # a mapping's first line
            path = fields[5] if len(fields) > 5 and fields[5].startswith("/") else None
            if path is not None and "/g-" in path:  # an index generation's segment files
                path = path.rsplit("/", 1)[0]
        elif path is not None and fields[:1] == ["Rss:"]:
            resident[path] += int(fields[1]) * 1024
    return [[name, size] for name, size in resident.most_common(top)]


def zodb_caches(db):
    """Per connection of `db`'s pool: non-ghost objects, all objects, the
    cache's estimated bytes of non-ghost state; and the classes of the
    non-ghost objects of all of them."""
    connections = []

    def visit(connection):
        cache = connection._cache
        held = Counter(type(ob).__name__ for _oid, ob in cache.lru_items())
        connections.append(
            {
                "non_ghosts": cache.cache_non_ghost_count,
                "objects": len(cache),
                "opened": connection.opened is not None,
                "classes": dict(held.most_common(4)),
                "estimated_bytes": cache.total_estimated_size,
                "limit_objects": cache.cache_size,
                "limit_bytes": cache.cache_size_bytes,
            }
        )

    classes = Counter()

    def count_classes(connection):
        # lru_items() is a list made in one step (the caches are in use by
        # other threads: iterating over a cache itself could fail midway).
        for _oid, ob in connection._cache.lru_items():
            classes[type(ob).__name__] += 1

    db._connectionMap(visit)
    db._connectionMap(count_classes)
    return {"connections": connections, "classes": dict(classes.most_common(12))}


def memory_report(registry, top=0):
    report = {
        "pid": os.getpid(),
        "smaps": smaps_rollup(),
        "files": mapped_files(),
        "malloc": mallinfo(),
        "python_blocks": sys.getallocatedblocks(),
        "gc_objects": len(gc.get_objects()),
        "threads": threading.active_count(),
    }
    db = getattr(registry, "_zodb_databases", {}).get("")
    if db is not None:
        report["zodb"] = zodb_caches(db)
    cache = getattr(registry, "consult_render_cache", None)
    lru = getattr(cache, "_lru", None)
    if lru is not None:
        report["render_cache"] = {
            "entries": len(lru),
            "chars": lru.currsize,
            "limit_chars": lru.maxsize,
        }
    if tracemalloc.is_tracing():
        snapshot = tracemalloc.take_snapshot()
        traced, peak = tracemalloc.get_traced_memory()
        report["tracemalloc"] = {
            "traced": traced,
            "peak": peak,
            "top": [
                [str(stat.traceback), stat.size, stat.count]
                for stat in snapshot.statistics("lineno")[: top or 25]
            ],
        }
    return report


def memory(request):
    return memory_report(request.registry, int(request.params.get("top", 0)))


def trim(request):
    """Give glibc's free memory back to the kernel; RSS before and after."""
    before = smaps_rollup()
    libc = _libc()
    trimmed = bool(libc.malloc_trim(0)) if libc is not None else None
    after = smaps_rollup()
    return {
        "trimmed": trimmed,
        "rss_before": before.get("Rss"),
        "rss_after": after.get("Rss"),
        "anonymous_before": before.get("Anonymous"),
        "anonymous_after": after.get("Anonymous"),
    }


def includeme(config):
    counters = config.registry.bench_counters = Counters()
    config.registry.bench_timings = Timings()

    def before_retry(event):
        counters.add("retries")
        counters.add_error(event.exception)

    config.add_subscriber(before_retry, IBeforeRetry)
    config.add_tween("load_support.counting_tween_factory")
    config.add_route("bench_stats", STATS_PATH)
    config.add_view(
        stats,
        route_name="bench_stats",
        renderer="json",
        permission=NO_PERMISSION_REQUIRED,
        http_cache=0,
    )
    config.add_route("bench_memory", MEMORY_PATH)
    config.add_view(
        memory,
        route_name="bench_memory",
        renderer="json",
        permission=NO_PERMISSION_REQUIRED,
        http_cache=0,
    )
    config.add_route("bench_timings", TIMINGS_PATH)
    config.add_view(
        timings,
        route_name="bench_timings",
        renderer="json",
        permission=NO_PERMISSION_REQUIRED,
        http_cache=0,
    )
    config.add_route("bench_trim", TRIM_PATH)
    config.add_view(
        trim,
        route_name="bench_trim",
        renderer="json",
        request_method="POST",
        require_csrf=False,
        permission=NO_PERMISSION_REQUIRED,
        http_cache=0,
    )
