"""For benchmarks/petitions.py only: the server's CPU time per kind of
request, served at `/_bench/cpu` (the machine is shared, so wall time alone
says little), and with `--log-conflicts` the object of every conflict that
made pyramid_retry run a request again. It also counts the write conflicts
that FileStorage resolved at commit (two transactions changed one object:
a `Length`, a bucket) with the CPU they took, per class of object: a cost
of concurrency that a single-threaded profile does not show.

A request's CPU is its thread's (`time.thread_time`) over all its attempts,
pyramid_tm's commit included, each retry's attempt added to its request's; waitress's own thread, which reads requests and writes responses, is
not in it (the process's total, from /proc, is the benchmark's)."""

import logging
import threading
import time
from collections import Counter

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid.settings import asbool
from pyramid.tweens import INGRESS
from pyramid_retry import IBeforeRetry
from ZODB.FileStorage.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata

log = logging.getLogger("petitions.retries")
CPU_PATH = "/_bench/cpu"


def log_retry(event):
    log.warning("retry: %s", event.exception)


def kind_of(request):
    if request.method == "POST":
        return "sign" if request.path.endswith("/sign") else "post"
    if request.path.startswith("/petitions/"):
        return "page signed in" if request.cookies else "page anonymous"
    return "get"


class CpuTimes:
    def __init__(self):
        self._lock = threading.Lock()
        self.seconds = Counter()
        self.requests = Counter()

    def add(self, kind, seconds, first):
        with self._lock:
            self.seconds[kind] += seconds
            self.requests[kind] += first

    def snapshot(self):
        with self._lock:
            return {kind: [self.requests[kind], self.seconds[kind]] for kind in self.requests}


def cpu_tween_factory(handler, registry):
    times = registry.bench_cpu

    def cpu_tween(request):
        began = time.thread_time()
        try:
            return handler(request)
        finally:
            # pyramid_retry runs the tweens again for each attempt.
            first = request.environ.get("retry.attempt", 0) == 0
            times.add(kind_of(request), time.thread_time() - began, first)

    return cpu_tween


def count_resolutions(times):
    """Wrap FileStorage's conflict resolution to add each resolved
    conflict's thread CPU to `times` as "resolved <module.Class>"."""
    resolve = FileStorage.tryToResolveConflict

    def counted(storage, oid, committed, old, newpickle, *args, **kwargs):
        began = time.thread_time()
        try:
            return resolve(storage, oid, committed, old, newpickle, *args, **kwargs)
        finally:
            module, name = get_pickle_metadata(newpickle)
            times.add(f"resolved {module}.{name}", time.thread_time() - began, 1)

    FileStorage.tryToResolveConflict = counted


def includeme(config):
    config.registry.bench_cpu = CpuTimes()
    count_resolutions(config.registry.bench_cpu)
    if asbool(config.registry.settings.get("bench.log_retries")):
        config.add_subscriber(log_retry, IBeforeRetry)
    config.add_tween("petitions_support.cpu_tween_factory", under=INGRESS)
    config.add_route("bench_cpu", CPU_PATH)
    config.add_view(
        lambda request: request.registry.bench_cpu.snapshot(),
        route_name="bench_cpu",
        renderer="json",
        permission=NO_PERMISSION_REQUIRED,
        http_cache=0,
    )
