"""Put one comment into its campaign: the incremental step the background
worker runs for every new comment, and the benchmark times."""

from . import similarity
from .models import CampaignIndex


def campaigns_of(consultation, create=True):
    index = getattr(consultation, "campaigns", None)
    if index is None and create:
        index = consultation.campaigns = CampaignIndex()
        index.__parent__ = consultation
    return index


def place(index, store, comment, threshold=similarity.THRESHOLD, fingerprint=False):
    """Compare a comment not seen before with the comments sharing an LSH
    band with it and join the cluster of the most similar one above
    `threshold` (founding a cluster with it if it had none). Returns the
    cluster or None. Later calls for the same comment only update whether it
    counts as published. `fingerprint`, when given, is
    `similarity.fingerprint(comment.text)` computed beforehand (elsewhere)."""
    if comment.id in index.seen:
        cluster = index.cluster_for(comment.id)
        if cluster is not None:
            index.follow_state(cluster, comment)
        return cluster
    index.seen.add(comment.id)
    if fingerprint is False:
        fingerprint = similarity.fingerprint(comment.text)
    if fingerprint is None:
        return None
    own, keys = fingerprint
    best = _most_similar(store, own, _band_neighbours(index, comment.id, keys), threshold)
    if best is None:
        return None
    cluster = index.cluster_for(best.id)
    if cluster is None:
        cluster = index.new_cluster(min(best.created, comment.created))
        index.join(cluster, best)
    index.join(cluster, comment)
    return cluster


def _band_neighbours(index, comment_id, keys):
    """The ids of the comments that first took one of `keys` (in order,
    once each); the bands no comment had yet are given to `comment_id`."""
    candidates = []
    for key in keys:
        other_id = index.bands.get(key)
        if other_id is None:
            index.bands[key] = comment_id
        elif other_id != comment_id and other_id not in candidates:
            candidates.append(other_id)
    return candidates


def _most_similar(store, own, candidates, threshold):
    """The stored comment among `candidates` whose words are most like `own`
    (the later one on a tie) at `threshold` or above, or None."""
    best, best_score = None, threshold
    for other_id in candidates:
        other = store.get(other_id)
        if other is None:
            continue
        score = similarity.jaccard(own, similarity.words_of_stored(other.text))
        if score >= best_score:
            best, best_score = other, score
    return best
