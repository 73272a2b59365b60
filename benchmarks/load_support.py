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

and serves them as JSON at `/_bench/stats`, with the process id."""
import os
import threading
from collections import Counter

from pyramid.security import NO_PERMISSION_REQUIRED
from pyramid_retry import IBeforeRetry, is_error_retryable
from ZODB.POSException import ConflictError

STATS_PATH = "/_bench/stats"


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
        for name in ("requests", "attempts", "retries", "retries_exhausted", "conflicts"):
            values.setdefault(name, 0)
        values["pid"] = os.getpid()
        return values


def counting_tween_factory(handler, registry):
    counters = registry.bench_counters

    def counting_tween(request):
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
        return response

    return counting_tween


def _failed(counters, request, error, last):
    if isinstance(error, ConflictError):
        counters.add("conflicts")
    if last and is_error_retryable(request, error):
        counters.add("retries_exhausted")


def stats(request):
    return request.registry.bench_counters.snapshot()


def includeme(config):
    counters = config.registry.bench_counters = Counters()

    def before_retry(event):
        counters.add("retries")
        counters.add_error(event.exception)

    config.add_subscriber(before_retry, IBeforeRetry)
    config.add_tween("load_support.counting_tween_factory")
    config.add_route("bench_stats", STATS_PATH)
    config.add_view(stats, route_name="bench_stats", renderer="json",
                    permission=NO_PERMISSION_REQUIRED, http_cache=0)
