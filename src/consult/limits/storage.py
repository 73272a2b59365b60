"""Where the counts live when they live in the process's memory."""

import threading
import time
from bisect import bisect_right

from limits.storage import MovingWindowSupport, Storage


class ClockedMemoryStorage(Storage, MovingWindowSupport):
    """The `limits` in-memory moving window, on an injected clock (so that a
    test can move time; `limits`' own MemoryStorage reads `time.time()`)."""

    STORAGE_SCHEME = ["consult-memory"]

    def __init__(self, now=time.time):
        super().__init__()
        self.now = now
        self.events = {}  # key -> sorted list of instants (seconds)
        self.lock = threading.Lock()

    @property
    def base_exceptions(self):  # pragma: no cover - nothing to wrap
        return ValueError

    def _live(self, key, expiry, now):
        events = self.events.get(key, [])
        del events[: bisect_right(events, now - expiry)]
        return events

    def acquire_entry(self, key, limit, expiry, amount=1):
        with self.lock:
            now = self.now()
            events = self._live(key, expiry, now)
            if len(events) + amount > limit:
                return False
            self.events[key] = events + [now] * amount
            return True

    def get_moving_window(self, key, limit, expiry):
        with self.lock:
            now = self.now()
            events = self._live(key, expiry, now)
            return (events[0], len(events)) if events else (now, 0)

    # The fixed-window half of the interface, unused by the moving window.
    def incr(self, key, expiry, amount=1):  # pragma: no cover
        raise NotImplementedError

    def get(self, key):  # pragma: no cover
        return len(self.events.get(key, ()))

    def get_expiry(self, key):  # pragma: no cover
        return self.now()

    def check(self):
        return True

    def reset(self):
        with self.lock:
            count = len(self.events)
            self.events.clear()
            return count

    def clear(self, key):
        with self.lock:
            self.events.pop(key, None)
