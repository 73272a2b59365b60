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

from pyramid.settings import asbool


def parse_thresholds(value):
    """`"20000 20 20"` as a tuple of three positive whole numbers, or None
    for an empty value; ValueError with the setting's name otherwise."""
    if value is None or not str(value).strip():
        return None
    parts = str(value).split()
    try:
        numbers = tuple(int(part) for part in parts)
    except ValueError:
        numbers = ()
    if len(numbers) != 3 or any(number <= 0 for number in numbers):
        raise ValueError(
            f"consult.gc.thresholds must be three positive whole numbers, as in "
            f"'20000 20 20' (generation 0, 1 and 2); got {value!r}")
    return numbers


def collector_tuning(settings):
    """Check the ini's settings now (a bad value fails before the application
    opens its database or starts its threads); returns what applies them,
    to call once the application is built."""
    thresholds = parse_thresholds(settings.get("consult.gc.thresholds"))
    freeze = asbool(settings.get("consult.gc.freeze", False))

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
