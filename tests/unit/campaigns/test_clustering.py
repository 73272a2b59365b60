"""Clustering quality: a synthetic form-letter campaign planted among the real
Polis comments is found with precision and recall of at least 0.95, and no
real comment joins a template's cluster."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from campaign_corpus import TEMPLATES, planted, real_comments

from consult.campaigns.clustering import place
from consult.campaigns.models import CampaignIndex
from consult.feedback.comments import Comment
from consult.feedback.store import CommentStore

START = datetime(2026, 3, 1, tzinfo=UTC)


def store_with(texts):
    store = CommentStore()
    rng = random.Random(3)
    comments = []
    for number, text in enumerate(texts):
        comment = Comment(
            "question:q",
            f"user{number}",
            "A. B.",
            text,
            "neutral",
            START + timedelta(seconds=number),
        )
        comments.append(store.add(comment, rng=rng))
    return store, comments


def cluster_everything(texts):
    store, comments = store_with(texts)
    index = CampaignIndex()
    for comment in comments:
        place(index, store, comment)
    return index, comments


def test_a_planted_campaign_is_found_among_real_comments():
    real = real_comments()
    campaign = planted(2000)
    rng = random.Random(11)
    mixed = [(None, text) for text in real] + campaign
    rng.shuffle(mixed)
    index, comments = cluster_everything([text for _, text in mixed])
    labels = {comment.id: template for comment, (template, _) in zip(comments, mixed, strict=False)}

    for template in range(len(TEMPLATES)):
        variants = [cid for cid, label in labels.items() if label == template]
        clusters = Counter(index.cluster_of.get(cid) for cid in variants)
        main, found = clusters.most_common(1)[0]
        assert main is not None
        members = list(index.clusters[main].members)
        recall = found / len(variants)
        precision = sum(labels[cid] == template for cid in members) / len(members)
        assert recall >= 0.95, (template, recall)
        assert precision >= 0.95, (template, precision)
        assert not [cid for cid in members if labels[cid] is None], "a real comment joined"


def test_identical_texts_cluster_and_different_ones_do_not():
    index, comments = cluster_everything(
        [
            "Jurors must be paid for every day of service without exception.",
            "Jurors must be paid for every day of service, without exception!",
            "Publish the algorithm that selects the jurors and the random seed.",
        ]
    )
    first, second, third = comments
    assert index.cluster_of.get(first.id) == index.cluster_of.get(second.id) is not None
    assert index.cluster_of.get(third.id) is None


def test_short_texts_are_not_clustered():
    index, comments = cluster_everything(["I agree", "I agree", "I agree."])
    assert len(index.clusters) == 0


def test_published_members_and_the_representative_follow_states():
    store, comments = store_with(["Jurors must be paid for every day of service."] * 12)
    index = CampaignIndex()
    for comment in comments:
        place(index, store, comment)
    [cluster] = index.clusters.values()
    assert cluster.size() == 12 and cluster.published_count() == 12
    assert cluster.is_public_campaign
    assert cluster.representative_id() == comments[0].id
    store.set_state(comments[0], "hidden")
    place(index, store, comments[0])  # the worker sees the state change
    assert cluster.published_count() == 11 and cluster.representative_id() == comments[1].id
    for comment in comments[1:3]:
        store.set_state(comment, "withdrawn")
        place(index, store, comment)
    assert not cluster.is_public_campaign  # 9 published


def public_members(index):
    return {comment_id: cluster_id for comment_id, cluster_id in index.public_members.items()}


def test_public_members_list_the_published_members_of_public_campaigns_only():
    store, comments = store_with(["Jurors must be paid for every day of service."] * 11)
    index = CampaignIndex()
    for comment in comments[:9]:
        place(index, store, comment)
    [cluster] = index.clusters.values()
    assert public_members(index) == {}  # 9: not yet a public campaign
    place(index, store, comments[9])
    assert public_members(index) == {c.id: cluster.id for c in comments[:10]}
    place(index, store, comments[10])
    assert public_members(index) == {c.id: cluster.id for c in comments}
    assert index.public_campaign_of(comments[4].id) is cluster
    store.set_state(comments[4], "hidden")
    place(index, store, comments[4])
    assert comments[4].id not in public_members(index) and len(public_members(index)) == 10
    assert index.public_campaign_of(comments[4].id) is None
    store.set_state(comments[4], "published")
    place(index, store, comments[4])
    assert comments[4].id in public_members(index)
    for comment in comments[:2]:  # 9 published: no longer a public campaign
        store.set_state(comment, "withdrawn")
        place(index, store, comment)
    assert public_members(index) == {}
    store.set_state(comments[0], "published")
    place(index, store, comments[0])
    assert public_members(index) == {c.id: cluster.id for c in comments if c is not comments[1]}


@pytest.mark.parametrize("text", TEMPLATES)
def test_each_template_is_long_enough_to_cluster(text):
    index, comments = cluster_everything([text, text])
    assert len(index.clusters) == 1


def test_the_evolution_step_lists_the_public_members_of_an_older_index():
    from consult.campaigns.evolve import evolve_11_public_campaign_members

    store, comments = store_with(
        ["Jurors must be paid for every day of service."] * 12
        + ["Publish the algorithm that selects the jurors."] * 3
    )
    index = CampaignIndex()
    for comment in comments:
        place(index, store, comment)
    expected = public_members(index)
    assert len(expected) == 12
    del index.public_members  # as an index made before step 11

    class Consultation:
        __name__ = "old"
        campaigns = index

    evolve_11_public_campaign_members({"consultations": {"old": Consultation()}})
    assert public_members(index) == expected
