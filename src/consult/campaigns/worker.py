"""The background step that keeps campaigns current: after each commit it
reads the search change log (`search.changes`) and places every new or
changed comment in its cluster, in its own ZODB transactions. Requests never
wait for it.

Its position in the log is stored in the database (`root.campaign_cursor`),
so it resumes after a restart; each step is idempotent (a comment is compared
once; later entries only update whether it counts as published), so two
processes running it at once only cost a ConflictError and a retry. On a
site with several processes, turn it off (`consult.campaigns.worker = false`)
in all but one."""

import logging
from itertools import islice

import transaction
from persistent import Persistent
from ZODB.POSException import ConflictError

from ..background import BackgroundLoop
from ..settings import default_of
from ..timekeys import key_for
from .batch import cluster_all
from .clustering import campaigns_of, place

log = logging.getLogger(__name__)

APP_KEY = "consult"
POLL_SECONDS = default_of("consult.campaigns.poll_seconds")
# Cycles start at least this far apart, so that under a burst one cycle places
# the comments of many commits: each cycle re-reads the change log's last
# WINDOW_SECONDS, and woken after every commit (40 a second in the load
# benchmark) that re-reading took a fifth of the server's GIL.
MIN_INTERVAL = default_of("consult.campaigns.min_interval_seconds")
WINDOW_SECONDS = 30.0
CHUNK = 500
# Objects kept in the worker's own ZODB connection cache: it reads each new
# comment, its candidates and band buckets once; with the site's cache size
# (20 000 a connection) it would keep as many objects as a request thread,
# ghosts they hold included, which no request reads (benchmarks/README.md).
CACHE_SIZE = 2000


class CampaignCursor(Persistent):
    def __init__(self, watermark):
        self.watermark = watermark
        self.initial_done = False
        self.initial_position = None  # (consultation slug, last comment id) of the first pass


class CampaignWorker(BackgroundLoop):
    thread_name = "consult-campaigns"

    def __init__(
        self, db, poll=POLL_SECONDS, window=WINDOW_SECONDS, processes=0, min_interval=MIN_INTERVAL
    ):
        super().__init__(poll)
        self.min_interval = min_interval
        self.db = db
        self.window = window
        self.processes = processes  # helping sign a large consultation's first pass
        self.placed = 0
        self._done = set()
        self._manager = None
        self._connection = None

    def _close(self):
        if self._connection is not None:
            self._manager.abort()
            self._connection.close()
            self._connection = None

    def catch_up(self):
        """Place every comment committed so far, now, in the calling thread;
        returns how many comments were looked at."""
        with self._lock:
            total = 0
            while True:
                progressed, looked = self._step()
                total += looked
                if not progressed:
                    return total

    def _root(self):
        if self._connection is None:
            self._manager = transaction.TransactionManager()
            self._connection = self.db.open(self._manager)
            cache = self._connection._cache
            cache.cache_size = min(cache.cache_size, CACHE_SIZE)
        self._manager.begin()
        return self._connection.root().get(APP_KEY)

    def _step(self):
        """One committed step: (whether there was anything to do, how many
        comments it looked at)."""
        root = self._root()
        try:
            if root is None or getattr(root, "search_changes", None) is None:
                return False, 0
            cursor = getattr(root, "campaign_cursor", None)
            if cursor is None:
                cursor = root.campaign_cursor = CampaignCursor(root.search_changes.last_key())
            if not cursor.initial_done:
                progressed, looked, keys = True, self._initial_step(root, cursor), []
            else:
                keys, looked = self._log_step(root, cursor)
                progressed = bool(keys)
            self._manager.commit()
        except ConflictError:
            # Another process placed them; the next cycle reads the log again.
            self._manager.abort()
            return False, 0
        finally:
            self._manager.abort()
        self._done.update(keys)
        floor = cursor.watermark - key_for(self.window)
        self._done = {key for key in self._done if key >= floor}
        self.placed += looked
        return progressed, looked

    def _initial_step(self, root, cursor):
        """The comments stored before the worker existed: a consultation's
        all at once in bulk (`batch.cluster_all`), or a chunk at a time when
        it has few or its pass was begun a chunk at a time."""
        slugs = list(root["consultations"].keys())
        slug, last = cursor.initial_position or (slugs[0] if slugs else None, 0)
        while slug is not None:
            consultation = root["consultations"][slug]
            store = consultation.comments
            index = campaigns_of(consultation)
            if last == 0 and not index.seen and store.total() > CHUNK:
                ids = list(store.comments.keys())
                cluster_all(
                    index,
                    store,
                    ids,
                    savepoint=self._savepoint,
                    progress=self._progress(slug),
                    processes=self.processes,
                )
                cursor.initial_position = (slug, ids[-1])
                return len(ids)
            ids = list(islice(store.comments.keys(min=last + 1), CHUNK))
            if ids:
                for comment_id in ids:
                    place(index, store, store.comments[comment_id])
                cursor.initial_position = (slug, ids[-1])
                return len(ids)
            following = [s for s in slugs if s > slug]
            slug, last = (following[0], 0) if following else (None, 0)
        cursor.initial_done = True
        cursor.initial_position = None
        return 0

    def _savepoint(self):
        self._manager.savepoint(optimistic=True)

    @staticmethod
    def _progress(slug):
        """Log a bulk pass's progress, about every tenth of each stage."""
        marks = {}

        def report(stage, done, total):
            if done - marks.get(stage, 0) >= max(1, total // 10) or done == total:
                marks[stage] = done
                log.info("campaigns of %s: %s %d/%d", slug, stage, done, total)

        return report

    def _log_step(self, root, cursor):
        floor = max(0, cursor.watermark - key_for(self.window))
        pending = [
            (key, entry) for key, entry in root.search_changes.since(floor) if key not in self._done
        ]
        chunk = pending[:CHUNK]
        looked = 0
        for _key, (kind, slug, argument) in chunk:
            consultation = root["consultations"].get(slug)
            if kind != "comment" or consultation is None:
                continue
            comment = consultation.comments.get(argument)
            if comment is not None:
                place(campaigns_of(consultation), consultation.comments, comment)
                looked += 1
        if chunk:
            cursor.watermark = max(cursor.watermark, chunk[-1][0])
        return [key for key, _ in chunk], looked
