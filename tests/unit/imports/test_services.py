"""Adding imported rows to a consultation: targets, idempotence, batches, dry runs."""

import csv
from pathlib import Path

import pytest
from deadlines import deadline

from consult.config import evolution_steps
from consult.imports.formats import make_format
from consult.imports.reading import read_file
from consult.imports.services import ImportFailed, run_import
from consult.resources import opened_root

SLUG = "citizens-juries"
POLIS = Path("/work/shared/data/polis")
SHIPPED = Path(__file__).parents[3] / "src/consult/demo/data/polis"
HEADER = "id,text,author,date,article,stance,channel\n"


def letters(tmp_path, count, extra=""):
    lines = [
        f"L{n},Letter number {n} about the jury.,Writer {n % 7},2026-02-{1 + n % 20:02d},"
        f"{1 + n % 3},against,post\n"
        for n in range(count)
    ]
    path = tmp_path / "letters.csv"
    path.write_text(HEADER + "".join(lines) + extra, encoding="utf-8")
    return path


def run(db, service, path, fmt=None, **kw):
    fmt = fmt or make_format("generic", "letters")
    rows, rejections, total = read_file(path, fmt)
    return run_import(db, SLUG, rows, rejections, service, total, **kw)


def test_imported_comments_keep_their_date_author_channel_and_place(
    db, service, comments, tmp_path
):
    path = tmp_path / "hearing.csv"
    path.write_text(
        HEADER + "1,Пятнадцать присяжных — это слишком мало для такого дела.,"
        "Нурлан К.,20.02.2026 15:00,3,против,hearing\n"
        "2,Jurors should be paid for their days.,Aigerim,2026-02-21,,,email\n"
        "3,On an article that does not exist.,Dana,2026-02-21,9,,post\n"
        "4,On a question that does not exist.,Dana,2026-02-21,question:4,,post\n",
        encoding="utf-8",
    )
    report = run(db, service, path)
    assert (report.imported, report.already) == (2, 0)
    assert [(r.number, r.reason) for r in report.rejected] == [
        (4, "no article '9' in the current draft"),
        (5, "no question '4' (the consultation has 1)"),
    ]
    hearing, email = sorted(comments(), key=lambda c: c.created)
    assert hearing.author_name == "Нурлан К." and hearing.author.startswith("import:letters:")
    assert hearing.channel == "hearing" and hearing.stance == "against"
    assert hearing.created.isoformat() == "2026-02-20T10:00:00+00:00"
    assert hearing.language == "ru" and hearing.state == "published"
    assert hearing.target.startswith("article:") and hearing.stage == "white"
    # No article: the first Green-Paper question (--target).
    assert email.target.startswith("question:") and email.stage == "green"
    assert email.stance == "neutral" and email.language == "en"
    with opened_root(db, evolution_steps()) as root:
        store = root["consultations"][SLUG].comments
        # Counted as participation, like any comment.
        assert store.participant_count() == 2
        assert store.count(hearing.target) == 1
        assert store.find_imported(hearing.import_key).author_name == "Нурлан К."
        # Search hears about them as about any new comment.
        entries = [entry for _key, entry in root.search_changes.since(0)]
        assert ("comment", SLUG, store.find_imported(hearing.import_key).id) in entries


def test_importing_the_same_file_twice_adds_nothing(db, service, comments, tmp_path):
    path = letters(tmp_path, 30)
    first = run(db, service, path, batch_size=7)
    assert (first.rows, first.imported, first.already, first.rejected) == (30, 30, 0, [])
    again = run(db, service, path, batch_size=7)
    assert (again.imported, again.already) == (0, 30)
    assert len(comments()) == 30


def test_a_run_stopped_midway_is_completed_by_running_it_again(db, service, comments, tmp_path):
    path = letters(tmp_path, 50)
    seen = []

    def crash_after_23(row):
        seen.append(row.number)
        if len(seen) == 23:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(db, service, path, batch_size=10, after_row=crash_after_23)
    # Whole batches only: the batch the crash interrupted left nothing.
    assert len(comments()) == 20
    report = run(db, service, path, batch_size=10)
    assert (report.imported, report.already) == (30, 20)
    stored = comments()
    assert len(stored) == 50
    assert sorted(c.text for c in stored) == sorted(
        f"Letter number {n} about the jury." for n in range(50)
    )
    assert len({c.import_key for c in stored}) == 50


def test_dry_run_checks_everything_and_changes_nothing(db, service, comments, tmp_path):
    path = letters(
        tmp_path,
        12,
        extra="X,,Nobody,2026-02-01,1,for,post\nY,On no article.,Nobody,2026-02-01,7,for,post\n",
    )
    report = run(db, service, path, batch_size=5, dry_run=True)
    assert (report.imported, report.dry_run) == (12, True)
    assert [(r.number, r.reason) for r in report.rejected] == [
        (14, "the text is empty"),
        (15, "no article '7' in the current draft"),
    ]
    assert "would import 12" in report.summary()
    assert comments() == []


def test_hidden_polis_rows_and_premoderation(db, service, comments, add_consultation, tmp_path):
    add_consultation("moderated", premoderation=True)
    path = tmp_path / "comments.csv"
    path.write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
        "comment-body\n1483908221702,x,1,5,0,0,1,Accepted.\n"
        "1483908221703,x,2,5,0,0,-1,Rejected by Polis moderators.\n",
        encoding="utf-8",
    )
    fmt = make_format("polis", "polis-test")
    rows, rejections, total = read_file(path, fmt)
    run_import(db, SLUG, rows, rejections, service, total)
    accepted, rejected = comments()
    assert (accepted.state, accepted.channel) == ("published", "polis")
    assert rejected.state == "hidden" and "Polis" in rejected.reasons[0]
    run_import(db, "moderated", rows, rejections, service, total)
    with opened_root(db, evolution_steps()) as root:
        store = root["consultations"]["moderated"].comments
        assert sorted(c.state for c in store.comments.values()) == ["hidden", "pending"]
    with pytest.raises(ImportFailed, match="no consultation"):
        run_import(db, "nowhere", rows, rejections, service, total)
    with pytest.raises(ImportFailed, match="--target"):
        run_import(db, SLUG, rows, rejections, service, total, default_target="article:99")


def _summary_count(folder):
    with open(folder / "summary.csv", encoding="utf-8", newline="") as stream:
        return int(dict(row[:2] for row in csv.reader(stream) if len(row) >= 2)["comments"])


@pytest.mark.parametrize(
    "conversation",
    [
        "15-per-hour-seattle",
        "brexit-consensus",
        "canadian-electoral-reform",
        "football-concussions",
        "scoop-hivemind.ubi",
    ],
)
def test_the_five_polis_conversations(db, service, comments, conversation):
    folder = POLIS / conversation
    if not folder.exists():
        pytest.skip("the shared Polis data is not here")
    path = folder / "comments.csv"
    with open(path, encoding="utf-8", newline="") as stream:
        data = list(csv.DictReader(stream))
    fmt = make_format("polis", f"polis-{conversation}")
    rows, rejections, total = read_file(path, fmt)
    report = run_import(db, SLUG, rows, rejections, service, total, batch_size=64)
    empty = [row for row in data if not row["comment-body"].strip()]
    summary = _summary_count(folder)
    # The export's summary.csv counts 70 comments for the UBI conversation,
    # but its comments.csv holds 71 (ids 0 to 70); every other count matches.
    assert total == len(data) == (summary + 1 if conversation == "scoop-hivemind.ubi" else summary)
    # Every row is imported, except an empty one (reported with its reason).
    assert report.imported + len(report.rejected) == total
    assert [r.reason for r in report.rejected] == ["the text is empty"] * len(empty)
    assert report.hidden == sum(
        1 for row in data if row["moderated"] == "-1" and row["comment-body"].strip()
    )
    stored = comments()
    assert len(stored) == report.imported
    assert sum(c.state == "hidden" for c in stored) == report.hidden
    # Polis authors stay anonymous ids, one participant each.
    with opened_root(db, evolution_steps()) as root:
        assert root["consultations"][SLUG].comments.participant_count() == len(
            {row["author-id"] for row in data if row["comment-body"].strip()}
        )
    again = run_import(db, SLUG, rows, rejections, service, total)
    assert (again.imported, again.already) == (0, report.imported)


def test_the_shipped_demo_file_matches_the_shared_one():
    shared = POLIS / "canadian-electoral-reform" / "comments.csv"
    if not shared.exists():
        pytest.skip("the shared Polis data is not here")
    assert (SHIPPED / "canadian-electoral-reform.comments.csv").read_bytes() == shared.read_bytes()


def test_20_000_letters_of_one_day_are_all_imported_in_their_order(db, service, comments, tmp_path):
    # Letters received on one day all carry its date: one instant for the
    # sort keys, which once ran out after 1 000 and then searched for ever.
    path = tmp_path / "one-day.csv"
    path.write_text(
        HEADER
        + "".join(
            f"D{n},Letter {n} on the jury.,Writer {n % 300},13.02.2026,1,against,post\n"
            for n in range(20_000)
        ),
        encoding="utf-8",
    )
    with deadline(120):
        report = run(db, service, path, batch_size=1_000)
    assert (report.imported, report.rejected) == (20_000, [])
    stored = comments()  # in the order of their sort keys
    assert len({c.created for c in stored}) == 1
    assert [c.text for c in stored] == [f"Letter {n} on the jury." for n in range(20_000)]
