"""Searching a whoosh index on its segment readers (`SegmentReaders`),
because whoosh's own `Searcher.search` is too slow for the search page at
100 000 documents (it turns the visibility filter into a docnum set and
re-reads every sort and facet column on every search).

Scores are whoosh's BM25F (B 0.75, K1 1.2, whoosh's idf and lossy field
lengths), as `Searcher.search` would give them: each word scores the sum of
its matching variant stems, a document the sum of its words. Equal scores
are ordered by id (whoosh's float summation order used to make some of them
differ in the last bit). Filters compare column values, so a filter on ""
matches the documents without a value, as in `engine.accepts`."""

import heapq
from bisect import bisect_left
from collections import Counter
from itertools import chain

from . import engine
from .interfaces import SearchResult
from .whoosh_files import LENGTHS, TERMS, microseconds

B, K1 = 0.75, 1.2  # whoosh's BM25F defaults


def search(readers, query):
    """The SearchResult of an ISearchIndex query."""
    engine.check(query)
    words = engine.query_words(query)
    if not words or not query.principals:
        return engine.empty_result(query)
    if not all(isinstance(value, str) for value in query.filters.values()):
        return engine.empty_result(query)  # like engine.accepts: equal to nothing
    conditions = (
        tuple(sorted(set(query.principals))),
        tuple(sorted(query.filters.items())),
        microseconds(query.since) if query.since is not None else None,
        microseconds(query.until) if query.until is not None else None,
    )
    words = [sorted(word) for word in words]
    state = readers.state()
    relevance = query.sort != "date"
    start, stop = engine.page_bounds(query)

    total = 0
    matches = []  # (leaf, {docnum: score}) or (leaf, docnums)
    facets: dict[str, Counter[str]] = {name: Counter() for name in query.facets}
    for leaf in state.leaves:
        docnums = _match(readers, leaf, words, conditions)
        if not docnums:
            continue
        total += len(docnums)
        for name, counts in facets.items():
            counts.update(map(readers.column(leaf, name).__getitem__, docnums))
        if relevance:
            matches.append((leaf, _scores(readers, state, leaf, words, docnums)))
        else:
            matches.append((leaf, docnums))

    window = _window(readers, matches, relevance, stop)[start:stop]
    hits = [
        engine.hit(
            engine.loads(leaf.reader.stored_fields(docnum)["doc"]),
            score if relevance else 0.0,
            query,
        )
        for score, leaf, docnum in window
    ]
    return SearchResult(
        total=total,
        hits=hits,
        facets={name: engine.clean_facets(counts) for name, counts in facets.items()},
    )


def _match(readers, leaf, words, conditions):
    """The set of docnums of a segment matching every word (any of its
    stems) and the conditions."""
    mode, docset = readers.allowed(leaf, conditions)
    if mode == "allow" and not docset:
        return None
    unions = []
    for word in words:
        lists = [
            docnums
            for docnums, _ in (readers.postings_of(leaf, TERMS, stem) for stem in word)
            if docnums
        ]
        if not lists:
            return None
        unions.append(lists)
    unions.sort(key=lambda lists: sum(map(len, lists)))
    matched = set(chain.from_iterable(unions[0]))
    if mode == "allow":
        matched.intersection_update(docset)
    else:
        matched.difference_update(docset)
    for lists in unions[1:]:
        if not matched:
            break
        if len(lists) == 1:
            matched.intersection_update(lists[0])
        else:
            matched.intersection_update(set(chain.from_iterable(lists)))
    return matched


def _scores(readers, state, leaf, words, docnums):
    """{docnum: BM25F score} of the matched docnums of a segment."""
    lengths = readers.column(leaf, LENGTHS)
    norm0, norm1 = K1 * (1 - B), K1 * B / state.avg_length
    scores = dict.fromkeys(docnums, 0.0)
    for word in words:
        for stem in word:
            ids, weights = readers.postings_of(leaf, TERMS, stem)
            if not ids:
                continue
            factor = state.idf(stem, readers.postings_of) * (K1 + 1)
            if 8 * len(scores) < len(ids):  # few matches: look them up
                for docnum in scores:
                    i = bisect_left(ids, docnum)
                    if i < len(ids) and ids[i] == docnum:
                        tf = weights[i]
                        scores[docnum] += factor * tf / (tf + norm0 + norm1 * lengths[docnum])
            else:
                for docnum, tf in zip(ids, weights, strict=False):
                    if docnum in scores:
                        scores[docnum] += factor * tf / (tf + norm0 + norm1 * lengths[docnum])
    return scores


def _window(readers, matches, relevance, stop):
    """The first `stop` matches in `engine.order`: [(key, leaf, docnum)],
    the key being the score by relevance, the date otherwise; equal keys
    ordered by id. Only matches at least as good as the stop-th are
    sorted, and only their ids are read."""
    if relevance:
        keyed = [(scores, leaf) for leaf, scores in matches]
        values = chain.from_iterable(scores.values() for scores, _ in keyed)
    else:
        keyed = []
        for leaf, docnums in matches:
            created = readers.column(leaf, "created")
            keyed.append(({docnum: created[docnum] for docnum in docnums}, leaf))
        values = chain.from_iterable(keys.values() for keys, _ in keyed)
    best = heapq.nlargest(stop, values)
    if not best:
        return []
    threshold = best[-1]
    candidates = []
    for keys, leaf in keyed:
        ids = None
        for docnum, key in keys.items():
            if key >= threshold:
                if ids is None:
                    ids = readers.column(leaf, "id")
                candidates.append((-key, ids[docnum], leaf, docnum))
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [(-key, leaf, docnum) for key, _, leaf, docnum in candidates[:stop]]
