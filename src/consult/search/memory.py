"""The in-memory engine: dicts, BM25 in Python. It honours abort, and can join
a `transaction` manager so staged changes commit and abort with it (a fake
that ignored abort would hide bugs)."""

import math
import threading
from collections import Counter
from typing import Any

from zope.interface import implementer

from . import engine
from .interfaces import ISearchIndex, SearchResult

K1, B = 1.2, 0.75


@implementer(ISearchIndex)
class MemoryIndex:
    path = None

    def __init__(self, path=None):
        # `path` is accepted (load_index passes one) and ignored.
        self._staging = engine.Staging()
        # The feeder thread commits while request threads search.
        self._lock = threading.RLock()
        self._manager: Any = None  # a transaction.TransactionManager (untyped)
        self._data_manager = None
        self._empty()

    def _empty(self):
        self._documents = {}  # id -> SearchDocument
        self._stems = {}  # id -> Counter of stems
        self._frequency: Counter[str] = Counter()  # stem -> how many documents have it
        self._length = 0  # total stems over all documents

    # -- transactions --------------------------------------------------------

    def join(self, transaction_manager):
        """Stage into the current transaction of `transaction_manager` from now
        on: its commit commits the staged changes, its abort drops them."""
        self._manager = transaction_manager
        self._data_manager = DataManager(self, transaction_manager)

    def _joined(self):
        if self._data_manager is not None:
            self._data_manager.join(self._manager.get())

    # -- ISearchIndex --------------------------------------------------------

    def add(self, documents):
        self._joined()
        self._staging.add(documents)

    def remove(self, ids):
        self._joined()
        self._staging.remove(ids)

    def commit(self):
        with self._lock:
            for document_id, document in self._staging.take().items():
                self._drop(document_id)
                if document is not None:
                    self._put(document)

    def abort(self):
        self._staging.clear()

    def _put(self, document):
        stems = Counter(engine.terms_of(document).split())
        self._documents[document.id] = document
        self._stems[document.id] = stems
        self._frequency.update(stems.keys())
        self._length += sum(stems.values())

    def _drop(self, document_id):
        if self._documents.pop(document_id, None) is None:
            return
        stems = self._stems.pop(document_id)
        for stem in stems:
            self._frequency[stem] -= 1
            if not self._frequency[stem]:
                del self._frequency[stem]
        self._length -= sum(stems.values())

    def search(self, query):
        with self._lock:
            return self._search(query)

    def _search(self, query):
        engine.check(query)
        words = engine.query_words(query)
        if not words:
            return engine.empty_result(query)
        total = len(self._documents)
        average = self._length / total if total else 0
        scored = []
        for document_id, stems in self._stems.items():
            if not all(word & stems.keys() for word in words):
                continue
            document = self._documents[document_id]
            if not engine.accepts(document, query):
                continue
            length = sum(stems.values())
            score = 0.0
            for word in words:
                score += max(
                    self._bm25(stems[stem], self._frequency[stem], total, length, average)
                    for stem in word
                    if stem in stems
                )
            scored.append((document, score))
        start, stop = engine.page_bounds(query)
        ordered = engine.order(scored, query.sort)
        return SearchResult(
            total=len(scored),
            hits=[engine.hit(document, score, query) for document, score in ordered[start:stop]],
            facets=engine.count_facets([document for document, _ in scored], query.facets),
        )

    @staticmethod
    def _bm25(tf, df, total, length, average):
        idf = math.log(1 + (total - df + 0.5) / (df + 0.5))
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / (average or 1)))

    def get(self, document_id):
        return self._documents.get(document_id)

    def count(self):
        return len(self._documents)

    def clear(self):
        with self._lock:
            self._staging.clear()
            self._empty()

    def close(self):
        self._staging.clear()


class DataManager:
    """A `transaction` data manager: the index's staged changes commit at the
    end of two-phase commit and are dropped on abort."""

    def __init__(self, index, transaction_manager):
        self.index = index
        self.transaction_manager = transaction_manager
        self._transaction = None

    def join(self, transaction):
        if self._transaction is not transaction:
            transaction.join(self)
            self._transaction = transaction

    def _done(self):
        self._transaction = None

    def abort(self, transaction):
        self.index.abort()
        self._done()

    def tpc_begin(self, transaction):
        pass

    def commit(self, transaction):
        pass

    def tpc_vote(self, transaction):
        pass

    def tpc_finish(self, transaction):
        self.index.commit()
        self._done()

    def tpc_abort(self, transaction):
        self.index.abort()
        self._done()

    def sortKey(self):
        return f"consult.search.memory:{id(self.index)}"
