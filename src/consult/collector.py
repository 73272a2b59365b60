"""Tune Python's cyclic garbage collector for a long-running server.

A consult process keeps tens of thousands of persistent objects in each ZODB
connection cache, and the cache loads and evicts them all day. With Python's
default thresholds (700, 10, 10) that churn sets off a full (generation 2)
collection several times a minute, and each one walks every tracked object:
0.2-0.45 s of stopped server at 100 000 comments and up to 425 ms at
1 000 000 (benchmarks/README.md, "Comments from cached shells; the
garbage collector"). Two settings:

- `consult.gc.thresholds = 20000 20 20`: collect the youngest generation
  every 20 000 allocations rather than 700, and the older ones accordingly;
- `consult.gc.freeze = true`: once the application is built, move everything
  alive (modules, the registry, compiled code) to the permanent generation,
  which no collection walks again (`gc.freeze`).

Both are off unless the ini sets them; etc/production.ini sets them."""

import gc

from .settings import as_settings, parse_thresholds  # noqa: F401 (parse_thresholds: tests)


def collector_tuning(settings):
    """What applies the settings (typed, or the ini's text: checked now, so
    that a bad value fails before the application opens its database or
    starts its threads), to call once the application is built."""
    settings = as_settings(settings)
    thresholds = settings["consult.gc.thresholds"]
    freeze = settings["consult.gc.freeze"]

    def apply():
        if thresholds is not None:
            gc.set_threshold(*thresholds)
        if freeze:
            # Collect first, so that garbage is not frozen with the living.
            gc.collect()
            gc.freeze()

    return apply


def tune_collector(settings):
    """Apply the ini's thresholds and, if asked, freeze what is alive now."""
    collector_tuning(settings)()
