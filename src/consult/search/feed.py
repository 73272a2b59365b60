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
log) writes a new generation while the old one, if any, keeps serving."""

import logging
import time
from itertools import islice

import transaction
from ZODB.POSException import ConflictError

from ..background import BackgroundLoop
from ..settings import default_of
from ..timekeys import key_for
from . import engine
from .documents import (
    all_documents,
    comment_document,
    comment_document_id,
    consultation_documents,
    findings_document_ids,
    findings_documents,
)
from .generations import IndexDirectory

log = logging.getLogger(__name__)

# The defaults of the consult.search.* settings (consult.settings says why).
WINDOW_SECONDS = default_of("consult.search.window_seconds")  # log re-read behind the watermark
POLL_SECONDS = default_of("consult.search.poll_seconds")  # looking for others' commits
BATCH_DELAY = default_of("consult.search.batch_delay_seconds")  # after a wake-up
MIN_INTERVAL = default_of("consult.search.min_interval_seconds")  # between engine commits
CHUNK = 1000  # log entries per engine commit when catching up
BUILD_BATCH = 2000  # documents per engine commit during a rebuild
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


class _Staged:
    """The documents to add and the ids to remove, the later entry winning."""

    def __init__(self):
        self.additions, self.removals = {}, set()

    def add(self, document):
        self.additions[document.id] = document
        self.removals.discard(document.id)

    def remove(self, document_id):
        self.removals.add(document_id)
        self.additions.pop(document_id, None)

    def comment(self, consultation, slug, comment_id):
        found = consultation.comments.comments.get(comment_id) if consultation else None
        document = comment_document(found) if found is not None else None
        if document is None:
            self.remove(comment_document_id(slug, comment_id))
        else:
            self.add(document)

    def consultation(self, consultation, slug, with_comments):
        for document in consultation_documents(consultation):
            self.additions[document.id] = document
        if with_comments:
            for comment_id in consultation.comments.comments.keys():
                self.comment(consultation, slug, comment_id)

    def jury(self, jury, name):
        documents = findings_documents(jury) if jury is not None else []
        for document in documents:
            self.add(document)
        kept = {document.id for document in documents}
        for document_id in findings_document_ids(name):
            if document_id not in kept:
                self.remove(document_id)


def documents_for(root, entries):
    """({id: SearchDocument} to add, {id} to remove) for change-log entries,
    from the current state of the database (so that replaying is harmless)."""
    consultations = root["consultations"]
    staged = _Staged()
    for kind, slug, argument in entries:
        if kind == "jury":
            staged.jury(root["juries"].get(slug) if "juries" in root else None, slug)
            continue
        consultation = consultations.get(slug)
        if kind == "comment":
            staged.comment(consultation, slug, argument)
        elif kind == "consultation" and consultation is not None:
            staged.consultation(consultation, slug, argument)
        else:
            log.warning("unknown change-log entry %r", (kind, slug, argument))
    return staged.additions, staged.removals


def apply_entries(root, index, entries):
    """Stage and commit the documents of `entries` in `index`."""
    additions, removals = documents_for(root, entries)
    if removals:
        index.remove(sorted(removals))
    if additions:
        index.add(list(additions.values()))
    index.commit()


def build(root, index, progress=lambda done: None, should_stop=lambda: False, gc=None):
    """Index every document of `root` into an empty `index`; returns how
    many, or None if `should_stop()` said to give up. An engine that can
    merge its segments (whoosh's `optimize`) does so at the end: searches
    on a fresh index then read one segment instead of one per batch."""
    documents = all_documents(root)
    done = 0
    while batch := list(islice(documents, BUILD_BATCH)):
        if should_stop():
            return None
        index.add(batch)
        index.commit()
        done += len(batch)
        progress(len(batch))
        if gc is not None:
            gc()
    optimize = getattr(index, "optimize", None)
    if optimize is not None and done > BUILD_BATCH:
        optimize()
    return done


def count_documents_estimate(root):
    """About how many documents a rebuild writes (for progress): comments
    are counted from their counters without loading them."""
    total = 0
    for consultation in root["consultations"].values():
        total += len(consultation_documents(consultation)) + consultation.comments.total()
    for jury in root["juries"].values() if "juries" in root else ():
        total += len(findings_documents(jury))
    return total


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
        self.generation = None
        self.index = None
        self.building = False
        self.progress = None  # (done, estimated total) during a rebuild
        self.indexed_entries = 0  # change-log entries applied since start
        self._watermark = 0
        self._done = set()  # keys applied, within the window behind the watermark
        self._retired = []  # (when, index, generation)
        self._connection = None
        self._manager = None
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
            return (
                self.generation.backend != self.backend or self._watermark < changelog.pruned_before
            )
        generation = self.directory.get(name)
        watermark = generation.read_watermark() if generation is not None else None
        if generation is None or watermark is None:
            return True
        self._serve(generation, generation.open_index(), watermark)
        if generation.backend != self.backend:
            log.warning(
                "the search index was built with %s; rebuilding it with %s",
                generation.backend,
                self.backend,
            )
            return True
        return watermark < changelog.pruned_before

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
