"""The demo consultations as plain data.

Nothing here touches ZODB: these functions return dicts, lists and strings,
in Kazakh, Russian and English, for whatever builds the demo site (a console
script, a functional test fixture) to turn into persistent resources.

Everything is read from the package's own ``data/`` folder, so that it works
from an installed wheel:

- ``passages.json``: passages of seed document 004 (conference proceedings,
  2020) on the UK Green and White Papers, citizens' juries and the National
  Council for Public Trust, copied verbatim in each language;
- ``consultation.json``: the texts written for the demo (title, summary,
  concept, an illustrative expert consultation, questions, White Paper);
- ``draft_bill/{kk,ru,en}.txt``: the draft law "On Citizens' Juries", in the
  plain-text layout of chapters, articles and paragraphs;
- ``juries_comments.json``: comments on that consultation in the three
  languages, written for the demo, with their stances, replies, supports,
  reports and the one comment a moderator hid;
- ``petitions.json`` and ``petitions_draft/{1,2}.{kk,ru,en}.txt``: a
  consultation that has run its course (the draft law "On Online Petitions"
  before and after the consultation, comments and the ministry's answers,
  the outcome), quoting seed document 004 on petition platforms;
- ``electoral_reform.json``: an English-language consultation whose comments
  are real Polis statements on electoral reform, placed under the question
  each answers;
- ``polis/*.comments.csv``: real Polis comments (CC BY 4.0, see
  ``polis/README.md``);
- ``tags.json``: the names of the demo's tags in the three languages.
- ``site.json``: the web editors' content written for the demo (news, an
  explainer of the juries consultation, questions and answers) and the
  site's settings (its name, menu, footer and home page).

Every call returns fresh objects, so callers may modify what they get.
"""

import csv
import json
from datetime import UTC, datetime, timedelta
from importlib.resources import files

LANGUAGES = ("kk", "ru", "en")

#: Shown wherever Polis text appears (licence: CC BY 4.0).
POLIS_ATTRIBUTION = (
    "Data was gathered using the Polis software (compdemocracy.org/polis) and "
    "is sub-licensed under CC BY 4.0 with Attribution to The Computational "
    "Democracy Project."
)

#: Polis conversations shipped in ``data/polis/``, in the order they are read,
#: with the case study that the attribution links to.
POLIS_CONVERSATIONS = {
    "canadian-electoral-reform": (
        "https://compdemocracy.org/case-studies/2016-canadian-electoral-reform"
    ),
}

MIN_COMMENT_LENGTH = 20
MAX_COMMENT_LENGTH = 2000
_REJECTED = "-1"  # Polis "moderated" column: 1 accepted, 0 unmoderated, -1 rejected
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _data():
    return files("consult.demo") / "data"


def _load_json(name):
    return json.loads((_data() / name).read_text(encoding="utf-8"))


def seed_passages() -> dict:
    """The verbatim passages of seed document 004, with their source.

    Keys ``green_white_papers``, ``citizens_jury`` and ``council_of_trust``
    map to ``{kk, ru, en}``; ``source`` is a one-line English reference and
    ``citation`` a full reference in each language.
    """
    return _load_json("passages.json")


def consultation_info() -> dict:
    data = _load_json("consultation.json")
    return {
        "slug": data["slug"],
        "title": data["title"],
        "summary": data["summary"],
        "ministry": data["ministry"],
        "tags": list(data["tags"]),
    }


def green_paper_documents() -> list[dict]:
    """The Green Paper: the concept, then an illustrative expert consultation.

    The concept quotes the seed passages verbatim, each as its own paragraph
    (paragraphs are separated by blank lines), followed by the reference.
    """
    data = _load_json("consultation.json")
    passages = seed_passages()
    concept = data["concept"]
    body = {}
    for lang in LANGUAGES:
        body[lang] = "\n\n".join(
            [
                concept["intro"][lang],
                concept["lead_in"][lang],
                passages["green_white_papers"][lang],
                passages["citizens_jury"][lang],
                f"{concept['source_label'][lang]}: {passages['citation'][lang]}",
                concept["proposal"][lang],
                concept["process"][lang],
            ]
        )
    return [
        {"kind": "concept", "title": concept["title"], "body": body},
        {"kind": "expert", "title": data["expert"]["title"], "body": data["expert"]["body"]},
    ]


def green_paper_questions() -> list[dict]:
    return _load_json("consultation.json")["questions"]


def white_paper_statement() -> dict:
    return _load_json("consultation.json")["white_paper"]


def draft_bill_texts() -> dict:
    """``{kk, ru, en}``: the draft law, chapter, article and paragraph lines."""
    folder = _data() / "draft_bill"
    return {lang: (folder / f"{lang}.txt").read_text(encoding="utf-8") for lang in LANGUAGES}


def tag_names() -> dict:
    """{tag: {kk, ru, en}}: how each of the demo's tags reads."""
    return _load_json("tags.json")


def juries_comments() -> dict:
    """The juries consultation's comments: ``people`` {key: [first, last]},
    ``comments`` (in the order they are posted: Green Paper questions first),
    ``reports`` and ``hidden`` (see the file's ``about``)."""
    return _load_json("juries_comments.json")


def petitions() -> dict:
    """The consultation on online petitions that has run its course."""
    return _load_json("petitions.json")


def petitions_draft(version: int) -> dict:
    """``{kk, ru, en}``: the draft law on online petitions, version 1 or 2."""
    folder = _data() / "petitions_draft"
    return {
        lang: (folder / f"{version}.{lang}.txt").read_text(encoding="utf-8") for lang in LANGUAGES
    }


def electoral_reform() -> dict:
    """The English-language consultation on electoral reform: its texts and
    which Polis comments go under which question, with their stances."""
    return _load_json("electoral_reform.json")


def _created(timestamp):
    """Polis timestamps are milliseconds since the epoch (seconds in old exports)."""
    value = int(timestamp)
    if value < 10**11:  # seconds: 10**11 s is the year 5138
        value *= 1000
    return _EPOCH + timedelta(milliseconds=value)


def polis_comments(limit: int | None = None) -> list[dict]:
    """Real English comments from the shipped Polis conversations.

    Rows a moderator rejected (``moderated == -1``) and texts shorter than
    ``MIN_COMMENT_LENGTH`` or longer than ``MAX_COMMENT_LENGTH`` characters
    are left out; the rest come in file order. Each comment is
    ``{"id" (Polis comment-id), "text", "author" (Polis author-id), "created"
    (aware UTC datetime), "agrees" (Polis agree votes), "conversation" (Polis
    conversation name)}``.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be None or >= 0")
    comments = []
    if limit == 0:
        return comments
    for conversation in POLIS_CONVERSATIONS:
        path = _data() / "polis" / f"{conversation}.comments.csv"
        with path.open("r", encoding="utf-8", newline="") as stream:
            for row in csv.DictReader(stream):
                text = row["comment-body"].strip()
                if row["moderated"].strip() == _REJECTED:
                    continue
                if not MIN_COMMENT_LENGTH <= len(text) <= MAX_COMMENT_LENGTH:
                    continue
                comments.append(
                    {
                        "id": row["comment-id"].strip(),
                        "text": text,
                        "author": row["author-id"].strip(),
                        "created": _created(row["timestamp"]),
                        "agrees": int(row["agrees"] or 0),
                        "conversation": conversation,
                    }
                )
                if len(comments) == limit:
                    return comments
    return comments


def site_content() -> dict:
    return _load_json("site.json")
