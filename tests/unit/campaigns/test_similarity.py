"""Word sets, signatures and band keys: band keys are stored in the campaign
index, so they must not change from one version or process to the next
(the expected keys below were computed by the first implementation, before
benchmarks/campaigns.py made it faster), and a fingerprint computed in
another process places a comment exactly as `place` would on its own."""

import random
from datetime import UTC, datetime, timedelta

from campaign_corpus import TEMPLATES, planted

from consult.campaigns import similarity
from consult.campaigns.clustering import place
from consult.campaigns.models import CampaignIndex
from consult.feedback.comments import Comment
from consult.feedback.store import CommentStore
from consult.search.analysis import normalize, tokenize

LETTER = "Jurors must be paid for every day of service, without exception!"
# band_keys(signature(words(LETTER))) as stored by the first implementation.
LETTER_KEYS = [
    0x737EE8BF1C3774,
    0x1FA1810757EA802,
    0x2A6AA2FDB6353D0,
    0x33F00764025D5B9,
    0x43666DDD6C9F3E5,
    0x52E5FA14A79AD52,
    0x6DF1B084714320F,
    0x73BF9885DCF2A67,
    0x845DC186E019853,
    0x937556B0CBE6CE6,
    0xA2F57F66D616C12,
    0xBDE448BF7659960,
    0xC594D33E3D0337B,
    0xDBDD0F6509ABD07,
    0xE024D3231E3A126,
    0xFFF9DC3DFCA3FC3,
]
KAZAKH = "Қазылар алқасына ауыл тұрғындары мен жастар да кіруі керек. Ёлка"
KAZAKH_FIRST_KEYS = [0xB811634F226888, 0x18EB1E1B8A00E88, 0x2CA64727D3D0E49, 0x3A8D5EA849AF240]
START = datetime(2026, 3, 1, tzinfo=UTC)


def test_band_keys_are_those_already_stored():
    assert similarity.band_keys(similarity.signature(similarity.words(LETTER))) == LETTER_KEYS
    keys = similarity.band_keys(similarity.signature(similarity.words(KAZAKH)))
    assert keys[:4] == KAZAKH_FIRST_KEYS


def test_words_are_the_search_analyzers_normalised_words():
    text = (
        "Ёлка\u00ad-тəрбие «don’t» citizens' jury a b Сайлау сайлауы e\u0301te\u0301 Z 42 x\u200by"
    )
    expected = {normalize(word) for word, _start, _end in tokenize(text) if len(word) > 1}
    assert similarity.words(text) == expected
    assert "елка" in expected and "don't" in expected and "a" not in expected
    assert similarity.words(None) == set() == similarity.words("")


def test_stored_words_are_the_same_words_cached():
    for text in TEMPLATES + [LETTER, KAZAKH]:
        assert similarity.words_of_stored(text) == similarity.words(text)
        assert similarity.words_of_stored(text) is similarity.words_of_stored(text)
    assert similarity.fingerprint("I agree") is None
    own, keys = similarity.fingerprint(LETTER)
    assert own == similarity.words(LETTER) and keys == LETTER_KEYS


def test_jaccard():
    assert similarity.jaccard({"a", "b", "c"}, {"b", "c", "d"}) == 0.5
    assert similarity.jaccard(set(), {"a"}) == 0.0
    assert similarity.jaccard({"a"}, {"a"}) == 1.0


def clusters_of(texts, fingerprints=None):
    store, rng = CommentStore(), random.Random(5)
    index = CampaignIndex()
    placed = []
    for number, text in enumerate(texts):
        comment = store.add(
            Comment(
                "question:q",
                f"u{number}",
                "A. B.",
                text,
                "neutral",
                START + timedelta(seconds=number),
            ),
            rng=rng,
        )
        if fingerprints is None:
            place(index, store, comment)
        else:
            place(index, store, comment, fingerprint=fingerprints[number])
        placed.append(comment.id)
    groups = {}
    for position, comment_id in enumerate(placed):
        cluster_id = index.cluster_of.get(comment_id)
        if cluster_id is not None:
            groups.setdefault(cluster_id, []).append(position)
    return sorted(groups.values())


def test_a_fingerprint_made_elsewhere_places_as_place_does():
    texts = [text for _template, text in planted(300, seed=3)] + ["I agree"] * 3
    random.Random(8).shuffle(texts)
    alone = clusters_of(texts)
    assert len(alone) == len(TEMPLATES)
    assert clusters_of(texts, [similarity.fingerprint(text) for text in texts]) == alone
