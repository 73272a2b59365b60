"""One index writer per process: a background thread that reads the change
log after ZODB commits and brings this process's index up to date.

Requests never write to the index and never wait for it: they record what
they changed in the change feed (`changes.log`, same transaction), wake
the feeder after their commit, and search whatever index the feeder serves.
The feeder indexes in batches (one engine commit for all the entries that
arrived since its last cycle), stores how far it got (the watermark) with
the index, and polls the log too, so it also picks up commits made by other
processes (ZEO, RelStorage) and, after a crash, everything committed since
its last watermark.

A rebuild (first start, an engine switch, an index older than the pruned
log) writes a new generation while the old one, if any, keeps serving.
What an entry writes is `staging`'s; how a whole index is written,
`building`'s."""

import logging
import time
from typing import Any

import transaction
from ZODB.POSException import ConflictError

from ..background import BackgroundLoop
from ..settings import default_of
from ..timekeys import key_for
from . import engine
from .backends import in_process, same_engine
from .building import build, count_documents_estimate
from .generations import FORMAT, IndexDirectory
from .staging import CHUNK, apply_entries

log = logging.getLogger(__name__)

# The defaults of the consult.search.* settings (consult.settings says why).
WINDOW_SECONDS = default_of("consult.search.window_seconds")  # log re-read behind the watermark
POLL_SECONDS = default_of("consult.search.poll_seconds")  # looking for others' commits
BATCH_DELAY = default_of("consult.search.batch_delay_seconds")  # after a wake-up
MIN_INTERVAL = default_of("consult.search.min_interval_seconds")  # between engine commits
RETIRE_SECONDS = 60.0  # keep a replaced index open this long for searches in flight
PRUNE_EVERY_SECONDS = 3600.0
RETENTION_DAYS = 7.0  # change-log entries older than this are pruned
IDLE_MAINTENANCE_SECONDS = 10.0  # merge segments after this long without changes
# Objects kept in the feeder's own ZODB connection cache. It reads each
# changed comment once, and a rebuild streams through all of them: with the
# site's cache size (20 000 a connection) it would keep as many objects as a
# request thread, which no request reads (benchmarks/README.md, "Load").
CACHE_SIZE = 2000
APP_KEY = "consult"


def window_keys(seconds):
    return key_for(seconds)


class IndexFeeder(BackgroundLoop):
    thread_name = "consult-search-feeder"

    def __init__(
        self,
        db,
        backend,
        path,
        *,
        poll=POLL_SECONDS,
        window=WINDOW_SECONDS,
        retention_days=RETENTION_DAYS,
        batch_delay=BATCH_DELAY,
        min_interval=MIN_INTERVAL,
    ):
        super().__init__(poll)
        self.min_interval = min_interval
        self.db = db
        self.backend = backend
        self.directory = IndexDirectory(path)
        self.window = window
        self.retention_days = retention_days
        self.batch_delay = batch_delay
        # Set by _serve(); None until the first index is served.
        self.generation: Any = None
        self.index: Any = None
        self.building = False
        self.progress: tuple[int, int] | None = None  # (done, estimated total) while building
        self.indexed_entries = 0  # change-log entries applied since start
        self._watermark = 0
        self._done = set()  # keys applied, within the window behind the watermark
        self._retired = []  # (when, index, generation)
        # ZODB and transaction have no types: a Connection and its
        # TransactionManager, opened by _open() before any use.
        self._connection: Any = None
        self._manager: Any = None
        self._last_change = time.monotonic()
        self._last_maintenance = time.monotonic()
        self._last_prune = 0.0
        self._warned_unevolved = False

    # -- control -------------------------------------------------------------

    def _close(self):
        for _, index, _generation in self._retired:
            index.close()
        self._retired = []
        if self.index is not None:
            self.index.close()
            self.index = None
        self.generation = None
        if self._connection is not None:
            self._manager.abort()
            self._connection.close()
            self._connection = None

    def catch_up(self):
        """Bring the index up to date with every committed change, now, in
        the calling thread; returns how many log entries were applied."""
        return super().catch_up()

    # -- reading ------------------------------------------------------------

    def search(self, query):
        index = self.index
        if index is None:
            engine.check(query)
            return engine.empty_result(query)
        return index.search(query)

    # -- the cycle -------------------------------------------------------------

    def _open(self):
        if self._connection is None:
            self._manager = transaction.TransactionManager()
            self._connection = self.db.open(self._manager)
            cache = self._connection._cache
            cache.cache_size = min(cache.cache_size, CACHE_SIZE)
        self._manager.begin()  # see every commit so far
        return self._connection.root().get(APP_KEY)

    def _cycle(self):
        root = self._open()
        try:
            if root is None or getattr(root, "search_changes", None) is None:
                if not self._warned_unevolved:
                    log.warning(
                        "the database has no search change log yet: run `consult "
                        "initialize` or `consult evolve`; search stays empty until then"
                    )
                    self._warned_unevolved = True
                return 0
            changelog = root.search_changes
            if self._follow_current(changelog):
                self._rebuild(root, changelog)
            if self.index is None:
                return 0
            applied = self._apply(root, changelog)
        finally:
            self._manager.abort()
        self._housekeeping(applied)
        return applied

    def _follow_current(self, changelog):
        """Serve the current generation; True if a rebuild is needed."""
        name = (
            self.directory.current_name()
            if self.directory.path
            else (self.generation.name if self.generation else None)
        )
        if self.generation is not None and name == self.generation.name:
            return self._outdated(self.generation, changelog)
        generation = self.directory.get(name)
        watermark = generation.read_watermark() if generation is not None else None
        if generation is None or watermark is None:
            return True
        # CURRENT replaced under a running feeder: another process (`consult
        # reindex`) built it, with the engine the operator chose. Follow it:
        # rebuilding it again with this process's engine would undo the switch.
        # At its next start the process takes the engine its ini names.
        switched = (
            self.generation is not None
            and not same_engine(generation.backend, self.backend)
            and not in_process(generation.backend)
        )
        self._serve(generation, generation.open_index(), watermark)
        if switched:
            log.warning(
                "serving the search index %s that another process built with %s;"
                " at its next start this process uses the engine its ini names",
                generation.name,
                generation.backend,
            )
            self.backend = generation.backend
        return self._outdated(generation, changelog, explain=True)

    def _outdated(self, generation, changelog, explain=False):
        """Whether the served generation must be rebuilt: another engine than
        this process's, another FORMAT, or older than the pruned log."""
        if not same_engine(generation.backend, self.backend):
            if explain:
                log.warning(
                    "the search index was built with %s; rebuilding it with %s",
                    generation.backend,
                    self.backend,
                )
            return True
        if generation.format != FORMAT:
            if explain:
                log.warning(
                    "the search index %s is in format %s; rebuilding it in format %s"
                    " (it serves meanwhile)",
                    generation.name,
                    generation.format,
                    FORMAT,
                )
            return True
        return self._watermark < changelog.pruned_before

    def _serve(self, generation, index, watermark):
        previous_generation, previous_index = self.generation, self.index
        self.generation, self.index = generation, index
        self._watermark, self._done = watermark, set()
        if previous_index is not None:
            self._retired.append((time.monotonic(), previous_index, previous_generation))
        log.info("serving search index %s at %s", generation, watermark)

    def _rebuild(self, root, changelog):
        generation = self.directory.create(self.backend)
        index = generation.open_index()
        start = changelog.last_key()
        self.building = True
        self.progress = (0, count_documents_estimate(root))
        log.info("building search index %s", generation)
        began = time.monotonic()

        def advance(count):
            assert self.progress is not None  # set just above, cleared after the build
            self.progress = (self.progress[0] + count, self.progress[1])

        try:
            done = build(
                root,
                index,
                progress=advance,
                should_stop=self._stopping.is_set,
                gc=self._connection.cacheGC,
            )
        except BaseException:
            index.close()
            self.directory.remove(generation)
            self.building = False
            raise
        if done is None:  # stopping
            index.close()
            self.directory.remove(generation)
            self.building = False
            return
        generation.write_watermark(start)
        self.directory.make_current(generation)
        self._serve(generation, index, start)
        self.building = False
        self.progress = None
        log.info(
            "built search index %s: %d documents in %.1f s",
            generation,
            done,
            time.monotonic() - began,
        )

    def _apply(self, root, changelog):
        floor = max(0, self._watermark - window_keys(self.window))
        pending = [(key, entry) for key, entry in changelog.since(floor) if key not in self._done]
        for start in range(0, len(pending), CHUNK):
            chunk = pending[start : start + CHUNK]
            apply_entries(root, self.index, [entry for _, entry in chunk])
            self._done.update(key for key, _ in chunk)
            self._watermark = max(self._watermark, chunk[-1][0])
            self.generation.write_watermark(self._watermark)
            self._connection.cacheGC()
        if pending:
            floor = self._watermark - window_keys(self.window)
            self._done = {key for key in self._done if key >= floor}
            self.indexed_entries += len(pending)
        return len(pending)

    # -- housekeeping -----------------------------------------------------------

    def _housekeeping(self, applied):
        now = time.monotonic()
        while self._retired and now - self._retired[0][0] > RETIRE_SECONDS:
            _, index, generation = self._retired.pop(0)
            index.close()
            if generation is not None and generation.name != self.directory.current_name():
                self.directory.remove(generation)
        if applied:
            self._last_change = now
        elif (
            now - self._last_change > IDLE_MAINTENANCE_SECONDS
            and self._last_maintenance < self._last_change
        ):
            maintain = getattr(self.index, "maintain", None)
            # An engine that merges a few segments per call (whoosh) says
            # whether it merged; keep going on the next idle cycles until not.
            if maintain is None or not maintain():
                self._last_maintenance = now
        if self.retention_days and now - self._last_prune > PRUNE_EVERY_SECONDS:
            self._last_prune = now
            self._prune()

    def _prune(self):
        before = key_for(time.time() - self.retention_days * 86_400)
        before = min(before, self._watermark - window_keys(self.window))
        root = self._open()
        try:
            pruned = root.search_changes.prune(before) if root is not None else 0
            if pruned:
                self._manager.commit()
                log.info("pruned %d change-log entries", pruned)
        except ConflictError:
            pass  # another process pruned at the same moment
        finally:
            self._manager.abort()
