import csv
import re
from collections import Counter
from datetime import UTC, timedelta
from importlib.resources import files
from pathlib import Path

import pytest

from consult.consultations.parsing import parse_text
from consult.demo import content
from consult.demo.content import LANGUAGES

DATA = files("consult.demo") / "data"
SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "004_1d9ca938b760bcd1.txt"

ARTICLE = {"kk": r"^(\d+)-бап\. \S", "ru": r"^Статья (\d+)\. \S", "en": r"^Article (\d+)\. \S"}
CHAPTER = {"kk": r"^(\d+)-тарау\. \S", "ru": r"^Глава (\d+)\. \S", "en": r"^Chapter (\d+)\. \S"}


def squash(text):
    return " ".join(text.split())


def assert_trilingual(value):
    assert set(value) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert isinstance(value[lang], str)
        assert value[lang].strip(), lang


# consultation and Green Paper


def test_languages():
    assert LANGUAGES == ("kk", "ru", "en")


def test_consultation_info():
    info = content.consultation_info()
    assert info["slug"] == "citizens-juries"
    assert info["tags"] == ["participation", "juries", "legislation"]
    for key in ("title", "summary", "ministry"):
        assert_trilingual(info[key])
    assert "Ministry of Information and Social Development" in info["ministry"]["en"]
    assert "Министерство информации и общественного развития" in info["ministry"]["ru"]
    assert "Ақпарат және қоғамдық даму министрлігі" in info["ministry"]["kk"]


def test_green_paper_documents_are_trilingual():
    documents = content.green_paper_documents()
    assert [d["kind"] for d in documents] == ["concept", "expert"]
    for document in documents:
        assert_trilingual(document["title"])
        assert_trilingual(document["body"])


@pytest.mark.parametrize(
    "lang, phrases",
    [
        ("kk", ["Жасыл кітап", "Ақ кітап", "«Азаматтық қазылар алқасы»", "Заң жобасы Парламентке"]),
        ("ru", ["«Зеленая книга»", "«Белая книга»", "«Гражданское жюри»", "Белую книгу"]),
        ("en", ["Green Paper", "White Paper", "*Civil Jury*", "Long before a bill is introduced"]),
    ],
)
def test_concept_quotes_the_seed(lang, phrases):
    concept = content.green_paper_documents()[0]
    body = concept["body"][lang]
    assert re.search(r"15[-–]25", body)
    for phrase in phrases:
        assert phrase in body
    passages = content.seed_passages()
    for key in ("green_white_papers", "citizens_jury"):
        assert passages[key][lang] in body


def test_seed_passages_are_complete():
    passages = content.seed_passages()
    assert "seed document 004" in passages["source"]
    for key in ("green_white_papers", "citizens_jury", "council_of_trust", "citation"):
        assert_trilingual(passages[key])
    for key in ("green_white_papers", "citizens_jury", "council_of_trust"):
        for lang in LANGUAGES:
            assert passages[key][lang] == squash(passages[key][lang])
            assert passages[key][lang][-1] in ".»"


@pytest.mark.skipif(not SEED.exists(), reason="seed documents not available")
def test_seed_passages_are_verbatim():
    # Page breaks split paragraphs across blank lines; collapsing whitespace
    # joins them again, so each passage must be an exact substring.
    seed = squash(SEED.read_text(encoding="utf-8"))
    passages = content.seed_passages()
    for key in ("green_white_papers", "citizens_jury", "council_of_trust"):
        for lang in LANGUAGES:
            assert passages[key][lang] in seed, (key, lang)


def test_expert_document_is_labelled_illustrative():
    expert = content.green_paper_documents()[1]
    assert "illustrative" in expert["title"]["en"].lower()
    assert "иллюстративный" in expert["title"]["ru"]
    assert "көрнекі мысал" in expert["title"]["kk"]
    assert expert["body"]["en"].startswith("Illustrative example.")
    assert expert["body"]["ru"].startswith("Иллюстративный пример.")
    assert expert["body"]["kk"].startswith("Көрнекі мысал.")


def test_green_paper_questions():
    questions = content.green_paper_questions()
    assert 3 <= len(questions) <= 4
    for question in questions:
        assert_trilingual(question)
        for lang in LANGUAGES:
            assert question[lang].rstrip().endswith("?")


def test_white_paper_statement():
    statement = content.white_paper_statement()
    assert_trilingual(statement["title"])
    assert_trilingual(statement["body"])
    assert "White Paper" in statement["title"]["en"]
    assert "Белая книга" in statement["title"]["ru"]
    assert "Ақ кітап" in statement["title"]["kk"]


def test_returned_data_can_be_modified_safely():
    content.consultation_info()["title"]["en"] = "changed"
    content.green_paper_questions().clear()
    assert content.consultation_info()["title"]["en"] == "Introducing citizens' juries"
    assert content.green_paper_questions()


# draft bill


def numbers(pattern, text):
    return [int(m) for m in re.findall(pattern, text, flags=re.MULTILINE)]


def articles(lang, text):
    """{article number: [paragraphs]} from the plain-text layout."""
    result, current = {}, None
    for block in re.split(r"\n\s*\n", text):
        block = block.strip()
        match = re.match(ARTICLE[lang], block)
        if match:
            current = result.setdefault(int(match.group(1)), [])
        elif re.match(CHAPTER[lang], block):
            current = None
        elif current is not None:
            current.append(block)
    return result


def test_draft_bill_texts():
    texts = content.draft_bill_texts()
    assert_trilingual(texts)
    assert "«О гражданских жюри»" in texts["ru"].splitlines()[0]
    assert "«Азаматтық қазылар алқасы туралы»" in texts["kk"].splitlines()[0]
    assert "On Citizens' Juries" in texts["en"].splitlines()[0]


def test_draft_bill_structure_matches_across_languages():
    texts = content.draft_bill_texts()
    found = {lang: numbers(ARTICLE[lang], texts[lang]) for lang in LANGUAGES}
    assert found["ru"] == list(range(1, len(found["ru"]) + 1))
    assert 6 <= len(found["ru"]) <= 8
    assert found["kk"] == found["ru"] == found["en"]
    chapters = {lang: numbers(CHAPTER[lang], texts[lang]) for lang in LANGUAGES}
    assert chapters["kk"] == chapters["ru"] == chapters["en"] == [1, 2]
    shapes = {}
    for lang in LANGUAGES:
        parsed = articles(lang, texts[lang])
        shapes[lang] = {number: len(paragraphs) for number, paragraphs in parsed.items()}
        for number, paragraphs in parsed.items():
            assert paragraphs, (lang, number)
            points = [p for p in paragraphs if re.match(r"\d+\. ", p)]
            assert [p.split(".")[0] for p in points] == [
                str(i) for i in range(1, len(points) + 1)
            ], (lang, number)
    assert shapes["kk"] == shapes["ru"] == shapes["en"]


def test_draft_bill_preamble_comes_before_the_first_chapter():
    for lang, text in content.draft_bill_texts().items():
        first_chapter = re.search(CHAPTER[lang], text, flags=re.MULTILINE).start()
        preamble = text[:first_chapter].strip()
        assert preamble
        assert not re.search(ARTICLE[lang], preamble, flags=re.MULTILINE)


def test_article_3_is_about_selecting_the_jury():
    texts = content.draft_bill_texts()
    assert "Состав гражданского жюри" in articles_heading(texts["ru"], "ru", 3)
    assert "құрамы" in articles_heading(texts["kk"], "kk", 3)
    assert "Composition" in articles_heading(texts["en"], "en", 3)
    assert "жеребьевки" in " ".join(articles("ru", texts["ru"])[3])
    assert "by lot" in " ".join(articles("en", texts["en"])[3])
    assert "жеребе" in " ".join(articles("kk", texts["kk"])[3])


def articles_heading(text, lang, number):
    for line in text.splitlines():
        match = re.match(ARTICLE[lang], line)
        if match and int(match.group(1)) == number:
            return line
    raise AssertionError(f"no article {number} in {lang}")


# Polis


def shipped_rows():
    rows = []
    for conversation in content.POLIS_CONVERSATIONS:
        path = DATA / "polis" / f"{conversation}.comments.csv"
        with path.open("r", encoding="utf-8", newline="") as stream:
            rows.extend((conversation, row) for row in csv.DictReader(stream))
    return rows


def test_polis_comments():
    comments = content.polis_comments()
    assert len(comments) > 100
    for comment in comments:
        assert set(comment) == {"id", "text", "author", "created", "agrees", "conversation"}
        assert comment["id"].isdigit() and comment["agrees"] >= 0
        assert 20 <= len(comment["text"]) <= 2000
        assert comment["text"] == comment["text"].strip()
        assert comment["author"].isdigit()
        assert comment["conversation"] in content.POLIS_CONVERSATIONS
        created = comment["created"]
        assert created.tzinfo is not None
        assert created.utcoffset() == timedelta(0)
        assert created.tzinfo == UTC
        assert 2010 <= created.year <= 2030


def test_polis_comments_leave_out_rejected_rows():
    rows = shipped_rows()
    rejected = [row for _, row in rows if row["moderated"] == "-1"]
    assert rejected  # the shipped data does contain rejected rows
    rejected_keys = {
        (row["author-id"], row["comment-body"].strip(), int(row["timestamp"])) for row in rejected
    }
    for comment in content.polis_comments():
        key = (
            comment["author"],
            comment["text"],
            int(comment["created"].timestamp() * 1000 + 0.5),
        )
        assert key not in rejected_keys


def test_polis_comments_keep_file_order_and_are_deterministic():
    rows = shipped_rows()
    expected = [
        row["comment-body"].strip()
        for _, row in rows
        if row["moderated"] != "-1" and 20 <= len(row["comment-body"].strip()) <= 2000
    ]
    comments = content.polis_comments()
    assert [c["text"] for c in comments] == expected
    assert content.polis_comments() == comments
    first = rows[0][1]
    assert comments[0]["created"].timestamp() == int(first["timestamp"]) / 1000


def test_polis_comments_limit():
    assert content.polis_comments(limit=0) == []
    assert content.polis_comments(limit=5) == content.polis_comments()[:5]
    with pytest.raises(ValueError):
        content.polis_comments(limit=-1)


def test_polis_attribution():
    attribution = content.POLIS_ATTRIBUTION
    assert "CC BY 4.0" in attribution
    assert "Computational Democracy Project" in attribution
    readme = squash((DATA / "polis" / "README.md").read_text(encoding="utf-8"))
    assert squash(attribution) in readme
    for case_study in content.POLIS_CONVERSATIONS.values():
        assert case_study in readme


# shipping


def test_data_files_are_modest():
    root = Path(str(DATA))
    total = sum(path.stat().st_size for path in root.rglob("*") if path.is_file())
    assert total < 300 * 1024


def test_data_files_match_package_data_globs():
    # setup.cfg ships demo/data/* and demo/data/*/*: nothing deeper.
    root = Path(str(DATA))
    for path in root.rglob("*"):
        if path.is_file():
            assert len(path.relative_to(root).parts) <= 2, path


def test_juries_comments_are_placed_on_what_exists():
    data = content.juries_comments()
    articles = {
        article.number: article
        for article in parse_text(content.draft_bill_texts()["en"]).articles()
    }
    questions = len(content.green_paper_questions())
    seen = {}
    for item in data["comments"]:
        place = item["on"]
        if place.startswith("q"):
            assert 1 <= int(place[1:]) <= questions, place
        else:
            number, _dot, paragraph = place.partition(".")
            assert number in articles, place
            assert not paragraph or int(paragraph) <= len(articles[number].paragraphs), place
        if "reply_to" in item:
            assert seen[item["reply_to"]] == place, item["key"]
        assert item["key"] not in seen
        seen[item["key"]] = place
        assert item["author"] in data["people"]
        assert item["stance"] in ("for", "against", "neutral")
        assert 0 <= item["supports"] < len(data["people"])
    # Green Paper comments come first: they arrive while the Green Paper is open.
    stages = [item["on"].startswith("q") for item in data["comments"]]
    assert stages == sorted(stages, reverse=True)
    assert all(report["comment"] in seen for report in data["reports"])
    assert data["hidden"]["comment"] in seen


def test_each_petitions_comment_has_one_answer_or_one_group():
    data = content.petitions()
    groups = Counter(item["group"] for item in data["comments"] if "group" in item)
    assert set(groups) == set(data["groups"]) and min(groups.values()) >= 2
    for item in data["comments"]:
        assert ("answer" in item) != ("group" in item), item["key"]


def test_the_petitions_draft_versions_match_across_languages():
    for version in (1, 2):
        shapes = {
            language: [len(a.paragraphs) for a in parse_text(text).articles()]
            for language, text in content.petitions_draft(version).items()
        }
        assert shapes["kk"] == shapes["ru"] == shapes["en"], version


def test_electoral_reform_uses_polis_comments_of_its_conversation():
    data = content.electoral_reform()
    ids = {c["id"] for c in content.polis_comments() if c["conversation"] == data["conversation"]}
    placed = [comment_id for entries in data["comments"].values() for comment_id, _ in entries]
    assert len(placed) == len(set(placed)) and set(placed) <= ids
    assert set(data["comments"]) == {question["key"] for question in data["questions"]}


def test_every_demo_tag_has_names_in_three_languages():
    names = content.tag_names()
    for data in (content.consultation_info(), content.petitions(), content.electoral_reform()):
        for tag in data["tags"]:
            assert set(names[tag]) == {"kk", "ru", "en"}, tag


@pytest.mark.skipif(not SEED.exists(), reason="seed documents not available")
def test_petitions_concept_quotes_seed_004_verbatim():
    # A Markdown link of the seed is quoted as its text.
    seed = squash(re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", SEED.read_text(encoding="utf-8")))
    concept = content.petitions()["concept"]
    for language in LANGUAGES:
        for passage in [*concept["passages"][language], concept["regulation"][language]]:
            assert squash(passage) in seed, passage[:40]
