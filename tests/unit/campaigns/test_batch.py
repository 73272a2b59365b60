"""The bulk first pass forms the clusters that placing the comments one by
one would, stores the same band keys, and is what the worker's first pass
uses for a consultation with many comments."""

import random
from datetime import UTC, datetime, timedelta

import numpy
import pytest
import transaction
from campaign_corpus import planted, real_comments
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.campaigns import similarity
from consult.campaigns.batch import cluster_all
from consult.campaigns.clustering import place
from consult.campaigns.models import CampaignIndex
from consult.feedback.comments import Comment
from consult.feedback.store import CommentStore

START = datetime(2026, 3, 1, tzinfo=UTC)


def mixed_texts():
    rng = random.Random(5)
    texts = real_comments() + [text for _, text in planted(600)]
    texts += ["I agree", "Yes", ""] * 3  # too short to cluster
    texts += [texts[7]] * 4  # exact copies of a real comment
    rng.shuffle(texts)
    return texts


@pytest.fixture
def store(tmp_path):
    """A comment store in a real FileStorage, with the mixed texts."""
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    connection = db.open()
    root = connection.root()
    root["store"] = store = CommentStore()
    rng = random.Random(3)
    for number, text in enumerate(mixed_texts()):
        store.add(
            Comment(
                "question:q",
                f"user{number}",
                "A. B.",
                text,
                "neutral",
                START + timedelta(seconds=number),
            ),
            rng=rng,
        )
    transaction.commit()
    yield store
    transaction.abort()
    connection.close()
    db.close()


def partition(index):
    return sorted(sorted(cluster.members) for cluster in index.clusters.values())


def one_by_one(store):
    index = CampaignIndex()
    for comment_id in store.comments.keys():
        place(index, store, store.comments[comment_id])
    return index


def test_the_bulk_pass_forms_the_clusters_placing_one_by_one_forms(store):
    expected = one_by_one(store)
    index = CampaignIndex()
    stages = []
    looked = cluster_all(
        index,
        store,
        list(store.comments.keys()),
        savepoint=lambda: transaction.savepoint(optimistic=True),
        progress=lambda stage, done, total: stages.append((stage, done, total)),
    )

    assert looked == len(store.comments)
    assert len(expected.clusters) >= 5  # the planted letters, at least
    assert partition(index) == partition(expected)
    assert dict(index.bands.items()) == dict(expected.bands.items())
    assert dict(index.cluster_of.items()).keys() == dict(expected.cluster_of.items()).keys()
    assert len(expected.public_members) > 0
    assert {
        member: index.clusters[cluster_id].members.minKey()
        for member, cluster_id in index.public_members.items()
    } == {
        member: expected.clusters[cluster_id].members.minKey()
        for member, cluster_id in expected.public_members.items()
    }
    assert list(index.seen) == list(expected.seen)
    assert index.count() == expected.count()
    by_members = {tuple(cluster.members): cluster for cluster in index.clusters.values()}
    for cluster in expected.clusters.values():
        twin = by_members[tuple(cluster.members)]
        assert (twin.size(), twin.published_count(), twin.first_seen, twin.last_seen) == (
            cluster.size(),
            cluster.published_count(),
            cluster.first_seen,
            cluster.last_seen,
        )
        assert list(twin.published.items()) == list(cluster.published.items())
    assert stages[-1][0] == "comparisons" and stages[-1][1] == stages[-1][2]
    transaction.commit()  # the savepoints and the bulk writes commit


def test_a_comment_placed_after_the_bulk_pass_joins_its_campaign(store):
    index = CampaignIndex()
    cluster_all(index, store, list(store.comments.keys()))
    _, letter = planted(1, seed=99)[0]
    comment = store.add(
        Comment("question:q", "late", "A. B.", letter, "for", START + timedelta(days=1)),
        rng=random.Random(8),
    )
    cluster = place(index, store, comment)
    assert cluster is not None and cluster.size() > 50


def test_the_bulk_pass_needs_an_empty_index(store):
    index = CampaignIndex()
    first = next(iter(store.comments.keys()))
    place(index, store, store.comments[first])
    with pytest.raises(ValueError):
        cluster_all(index, store, list(store.comments.keys()))


def test_signatures_of_many_are_those_of_one(store):
    word_sets = [
        words
        for words in (similarity.words(comment.text) for comment in store.comments.values())
        if len(words) >= similarity.MIN_WORDS
    ]
    many = similarity.signatures(word_sets)
    assert numpy.array_equal(
        many, numpy.array([similarity.signature(words) for words in word_sets])
    )
    assert similarity.band_keys_of(many).tolist() == [
        similarity.band_keys(similarity.signature(words)) for words in word_sets
    ]


def test_texts_signed_by_another_process_give_the_same_clusters(store, monkeypatch):
    from consult.campaigns import batch

    monkeypatch.setattr(batch, "PARALLEL_FROM", 0)
    monkeypatch.setattr(batch, "BATCH", 97)  # many batches in flight
    alone, helped = CampaignIndex(), CampaignIndex()
    ids = list(store.comments.keys())
    cluster_all(alone, store, ids)
    cluster_all(helped, store, ids, processes=1)
    assert partition(helped) == partition(alone) and len(partition(alone)) >= 5
    assert dict(helped.bands.items()) == dict(alone.bands.items())


def test_when_the_signing_process_dies_the_pass_signs_in_its_own(store, monkeypatch, caplog):
    from concurrent.futures.process import BrokenProcessPool

    from consult.campaigns import batch

    class DeadPool:  # what a pool whose child was killed does
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def submit(self, *args):
            raise BrokenProcessPool("A child process terminated abruptly")

    monkeypatch.setattr(batch, "PARALLEL_FROM", 0)
    monkeypatch.setattr(batch, "ProcessPoolExecutor", DeadPool)
    alone, helped = CampaignIndex(), CampaignIndex()
    ids = list(store.comments.keys())
    cluster_all(alone, store, ids)
    cluster_all(helped, store, ids, processes=1)
    assert partition(helped) == partition(alone)
    assert "signing in this one instead" in caplog.text
