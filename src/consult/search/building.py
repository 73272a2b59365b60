"""Writing a whole index from the database: the feeder's rebuilds (first
start, an engine switch, an index older than the pruned log) and `consult
reindex` both fill a new generation this way."""

from itertools import chain, islice

from .content import content_count
from .documents import all_documents, consultation_documents, findings_documents
from .sources import all_sources

BUILD_BATCH = 2000  # documents per engine commit during a rebuild


def build(root, index, progress=lambda done: None, should_stop=lambda: False, gc=None):
    """Index every document of `root` into an empty `index`; returns how
    many, or None if `should_stop()` said to give up. An engine that can
    merge its segments (whoosh's `optimize`) does so at the end: searches
    on a fresh index then read one segment instead of one per batch."""
    documents = chain(all_documents(root), *(s.documents(root) for s in all_sources()))
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
    return total + content_count(root) + sum(s.count(root) for s in all_sources())
