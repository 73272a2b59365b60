"""consult.i18n.detection.detect_any_language: comments in any language,
with kk, ru and en found exactly as `detect_language` finds them."""

import csv
from pathlib import Path

import pytest

from consult.i18n.detection import detect_any_language, detect_language

POLIS = Path(__file__).resolve().parents[4] / "shared" / "data" / "polis"
ENGLISH_CONVERSATIONS = (
    "15-per-hour-seattle",
    "brexit-consensus",
    "canadian-electoral-reform",
    "football-concussions",
    "scoop-hivemind.ubi",
)


@pytest.mark.parametrize(
    "text, language",
    [
        # Real Polis comments (openData: an Austrian conversation, vTaiwan's on
        # Uber, and the German and French ones among the football comments).
        ("Ich denke Football wird noch lange ein wichtiges Spiel sein.", "de"),
        (
            "In bestehenden Fern/Nahwärmenetzen soll es die Möglichkeit geben, "
            "eigene Wärme lokal/dezentral einzuspeisen zu können.",
            "de",
        ),
        ("Je préfère m'informer des nouvelles mondiales sur la TV que sur Internet", "fr"),
        ("Bu yasa vatandaşlar için çok önemli bir adımdır", "tr"),
        ("uber就是叫派計程車，談不上運用閒置資源或是共乘", "zh"),
        ("至少他們比計程車乾淨，有禮貌，而且又便宜方便", "zh"),
        ("好酷喔", "zh"),
        ("タクシーの規制を見直すべきです", "ja"),
        ("택시 규제를 바꿔야 합니다", "ko"),
        ("Οι πολίτες πρέπει να ψηφίζουν", "el"),
    ],
)
def test_detects_other_languages(text, language):
    assert detect_any_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "Азаматтық қазылар алқасы он бестен жиырма беске дейінгі азаматтан тұрады.",
        "В состав жюри входят от 15 до 25 граждан, отобранных жеребьёвкой.",
        "A citizens' jury has from 15 to 25 members drawn by lot.",
        "Согласен с пунктом 2, но quota нужно уточнить.",
        "Мемлекет басшысы",
        "Я живу в Нұр-Сұлтан и считаю, что в городе нужно больше парков",
        "Қазақстан",
        "ok",
        "Yes!",
        "The Single Market is important for the prosperity of the country.",
        "Lower tech and appropriate tech before high tech",
    ],
)
def test_kazakh_russian_and_english_as_before(text):
    assert detect_any_language(text) == detect_language(text)


@pytest.mark.parametrize("text", ["", "42", "!!! ???", "🙂👍"])
def test_default_for_text_without_letters(text):
    assert detect_any_language(text) == "ru"
    assert detect_any_language(text, default="en") == "en"


@pytest.mark.skipif(not POLIS.exists(), reason="the shared Polis data is not here")
@pytest.mark.parametrize("conversation", ENGLISH_CONVERSATIONS)
def test_english_polis_comments_stay_english(conversation):
    with open(POLIS / conversation / "comments.csv", encoding="utf-8", newline="") as stream:
        texts = [row["comment-body"] for row in csv.DictReader(stream)]
    changed = {
        text: detect_any_language(text)
        for text in texts
        if text.strip() and detect_any_language(text) != detect_language(text)
    }
    # Only the comments that are not in English: one in German, one in French
    # and two in Chinese among the football comments.
    assert set(changed.values()) <= {"de", "fr", "zh"} and len(changed) <= 4
