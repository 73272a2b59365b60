"""A process's background workers (the search feeder, the campaign worker):
one daemon thread each, woken right after every commit in this process that
recorded changes, and every `poll` seconds for commits made elsewhere. One
cycle runs at a time, so tests and commands can run `catch_up()` themselves
with the thread off."""

import logging
import threading
import time

from ZODB.POSException import ConnectionStateError

from .changes.log import on_commit, remove_listener

log = logging.getLogger(__name__)


class BackgroundLoop:
    thread_name = "consult-background"
    batch_delay = 0.0  # after a wake-up, wait this long so one cycle takes more
    # Cycles start at least this far apart: a lone commit is handled at once,
    # a burst of them by one cycle each interval instead of one per commit.
    min_interval = 0.0

    def __init__(self, poll):
        self.poll = poll
        self.last_error = None
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = None

    def catch_up(self):
        with self._lock:
            return self._cycle()

    def _cycle(self):
        raise NotImplementedError

    def _close(self):
        """Release what the cycles opened (called under the lock by `stop`)."""

    def start(self):
        if self._thread is not None:
            return
        self._stopping.clear()
        on_commit(self.wake)
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self, timeout=30.0):
        remove_listener(self.wake)
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        with self._lock:
            self._close()

    def wake(self):
        self._wake.set()

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def _run(self):
        while not self._stopping.is_set():
            self._wake.clear()
            started = time.monotonic()
            try:
                self.catch_up()
                self.last_error = None
            except ConnectionStateError:
                log.info("%s: the database is closed; stopping", self.thread_name)
                return
            except Exception as error:  # keep going: the next cycle retries
                log.exception("%s: cycle failed", self.thread_name)
                self.last_error = error
                self._stopping.wait(min(30.0, self.poll * 5))
            if self._wake.wait(self.poll) and not self._stopping.is_set():
                self._stopping.wait(
                    max(self.batch_delay, started + self.min_interval - time.monotonic())
                )
