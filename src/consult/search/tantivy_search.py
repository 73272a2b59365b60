"""One search on a tantivy index (`TantivyIndex.search`): the page of hits,
the total and the facet counts, with the work bounded by the page rather
than by the number of matches (benchmarks/README.md, "Search at a million").

- The total and the facets come from one terms aggregation, counted by the
  engine over every match: exact, never capped. Every document has exactly
  one value in every filter field ("" when it has none), so the buckets of
  one field add up to the total and the ranking search needs no count.
- The ranking search fetches the page and a margin past it in one go, so a
  run of equal keys (scores tie often: BM25 field lengths are stored
  coarsely) crossing the page's end is usually complete the first time.
- Equal keys are ordered by id, like every engine (`engine.order`). Only
  the stored documents of the runs of equal keys that overlap the page are
  read; of those only the id is decoded, and only the documents shown are
  decoded whole and get a snippet.
- The cap: a run of more than MAX_TIED equal keys is not read to order it by
  id; it keeps tantivy's order (by segment and document number), which is
  the same on every page while the index does not change. The hits shown
  are still in key order, and total and facets stay exact. So a search
  reads at most one page plus 2 x MAX_TIED stored documents."""

import json
from typing import Any

import tantivy

from . import analysis, engine
from .interfaces import SearchHit, SearchResult

CREATED = "created"
STORED = "doc"
# The field whose buckets give the total when no facet is asked for.
COUNTED = "kind"
# Tantivy's terms aggregation returns the `size` most frequent values; ask for
# more than any field can hold so the counts are exact and complete.
FACET_SIZE = 1_000_000
# Matches fetched past the page's end by the first ranking search.
MARGIN = 40
# At most this many stored documents are read past the page's end to order a
# run of equal keys by id: the per-query cap on tie-breaking work.
MAX_TIED = 50


def search(searcher, tantivy_query, query):
    """The SearchResult of `query` (already checked, with words)."""
    counted = tuple(dict.fromkeys((*query.facets, COUNTED)))
    buckets = aggregate(searcher, tantivy_query, counted)
    total = sum(buckets[COUNTED].values())
    if not total:
        return engine.empty_result(query)
    start, stop = engine.page_bounds(query)
    window = page(searcher, tantivy_query, query.sort, start, stop, total)
    return SearchResult(
        total=total,
        hits=hits(window, query),
        facets={name: engine.clean_facets(buckets[name]) for name in query.facets},
    )


def aggregate(searcher, tantivy_query, names):
    """{field: {value: count}} over every match, "" included, by the engine."""
    spec = {
        name: {"terms": {"field": name, "size": FACET_SIZE, "segment_size": FACET_SIZE}}
        for name in names
    }
    result = searcher.aggregate(tantivy_query, spec)
    return {
        name: {
            bucket["key"]: bucket["doc_count"] for bucket in result.get(name, {}).get("buckets", ())
        }
        for name in names
    }


def ranked(searcher, tantivy_query, sort, limit):
    """[(key, address)] of the first `limit` matches in tantivy's order: by
    score, or by `created` newest first (key None for undated, last)."""
    if sort == "date":
        return searcher.search(
            tantivy_query,
            limit=limit,
            count=False,
            order_by_field=CREATED,
            order=tantivy.Order.Desc,
        ).hits
    return searcher.search(tantivy_query, limit=limit, count=False).hits


def _id_of(stored):
    """The id in a stored document's JSON, without building the document."""
    return json.loads(stored)["id"]


def _run_start(found, position):
    while position > 0 and found[position - 1][0] == found[position][0]:
        position -= 1
    return position


def _run_end(found, position):
    """The end (exclusive) of the run of equal keys at `position` in `found`."""
    while position + 1 < len(found) and found[position + 1][0] == found[position][0]:
        position += 1
    return position + 1


def page(searcher, tantivy_query, sort, start, stop, total):
    """[(document, score)] of matches start..stop in `engine.order`."""
    if start >= total:
        return []
    stop = min(stop, total)
    found = ranked(searcher, tantivy_query, sort, min(total, stop + MARGIN))
    last_run = _run_start(found, stop - 1)
    if _run_end(found, stop - 1) == len(found) < total and len(found) <= last_run + MAX_TIED:
        # The last run may go on: fetch enough to see its end or that it is long.
        found = ranked(searcher, tantivy_query, sort, min(total, last_run + MAX_TIED + 1))
    low = _run_start(found, start)
    # (key, address or None, stored bytes or None) for positions low.., in order
    entries: list[tuple[Any, Any, bytes | None]] = []
    position = low
    while position < stop:
        end = _run_end(found, position)
        run = found[position:end]
        if len(run) > MAX_TIED:  # tantivy's order: by address, stable for one index state
            entries.extend((key, address, None) for key, address in run)
        else:
            stored = [(key, searcher.doc(address).get_first(STORED)) for key, address in run]
            stored.sort(key=lambda item: _id_of(item[1]))
            entries.extend((key, None, raw) for key, raw in stored)
        position = end
    return [
        (
            engine.loads(raw if raw is not None else searcher.doc(address).get_first(STORED)),
            float(key) if sort == "relevance" else 0.0,
        )
        for key, address, raw in entries[start - low : stop - low]
    ]


def hits(window, query):
    """SearchHits with snippets for the documents shown, the query's terms
    worked out once per language rather than once per hit."""
    terms = {}
    result = []
    for document, score in window:
        if document.language not in terms:
            terms[document.language] = analysis.query_terms(query.text, (document.language,))
        snippet = analysis.highlight(document.text, document.language, terms[document.language])
        result.append(SearchHit(document=document, score=float(score), snippet=snippet))
    return result
