"""`consult import-comments`: the command on a real FileStorage database."""

from datetime import timedelta
from pathlib import Path

import factories
import pytest
from openpyxl import Workbook
from samples import DRAFT_TEXT_EN
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.clock import SystemClock
from consult.config import evolution_steps
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.resources import opened_root
from consult.scripts.cli import build_parser, main
from consult.scripts.import_comments import import_comments_command

SHIPPED = (
    Path(__file__).parents[3]
    / "src/consult/demo/data/polis"
    / "canadian-electoral-reform.comments.csv"
)


@pytest.fixture
def ini(tmp_path):
    path = tmp_path / "test.ini"
    path.write_text(f"""[app:main]
use = egg:consult
zodbconn.uri = file://{tmp_path}/Data.fs
consult.session_secret = x
consult.hash_secret = y
consult.search.path = {tmp_path}/search
""")
    assert main(["initialize", "--ini", str(path)]) == 0
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    clock = SystemClock()
    with opened_root(db, evolution_steps()) as root:
        service = ConsultationService(root["consultations"], clock)
        consultation = service.create(
            "juries",
            {"en": "Juries"},
            {"en": "Summary"},
            {"en": "Ministry"},
            [],
            factories.principal("clerk@example.kz", "Clerk", "M", created=clock.now()),
        )
        service.add_question(consultation, {"en": "Should jurors be drawn by lot?"})
        service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
        now = clock.now()
        service.schedule(consultation, "green", now - timedelta(days=30), now - timedelta(days=20))
        service.publish(consultation)
    db.close()
    return str(path)


def stored(tmp_path):
    db = DB(FileStorage(str(tmp_path / "Data.fs"), read_only=True))
    try:
        with opened_root(db, evolution_steps()) as root:
            store = root["consultations"]["juries"].comments
            return sorted(
                (c.channel, c.state, c.author_name, c.text) for c in store.comments.values()
            )
    finally:
        db.close()


def letters(tmp_path):
    path = tmp_path / "letters.csv"
    path.write_text(
        "Ref,Name,Comment,Received,Article\n"
        "17,Нурлан К.,Пятнадцать присяжных — мало.,20.02.2026,3\n"
        "18,Aigerim S.,Jurors should be paid.,21.02.2026,\n"
        "19,,A letter without a name.,21.02.2026,1\n"
        "20,Dana,About nothing in this draft.,21.02.2026,12\n",
        encoding="utf-8",
    )
    return str(path)


MAP = "id=Ref,author=Name,text=Comment,date=Received,article=Article"


def test_import_with_a_mapping_a_dry_run_and_a_rejected_file(ini, tmp_path, capsys):
    path = letters(tmp_path)
    args = [
        "import-comments",
        "--ini",
        ini,
        "--consultation",
        "juries",
        path,
        "--map",
        MAP,
        "--channel",
        "post",
        "--quiet",
    ]
    assert main(args + ["--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "4 rows: would import 2 (0 hidden), 0 imported before, 2 rejected." in out
    assert "row 4: no author name" in out
    assert "row 5: no article '12' in the current draft" in out
    assert "Dry run: nothing was changed." in out
    assert stored(tmp_path) == []

    rejected = tmp_path / "rejected.csv"
    assert main(args + ["--rejected", str(rejected)]) == 0
    out = capsys.readouterr().out
    assert "letters.csv (source 'letters'): 4 rows: imported 2" in out
    assert rejected.read_text(encoding="utf-8").splitlines() == [
        "row,reason,Ref,Name,Comment,Received,Article",
        "4,no author name,19,,A letter without a name.,21.02.2026,1",
        "5,no article '12' in the current draft,20,Dana,About nothing in this draft.,21.02.2026,12",
    ]
    assert stored(tmp_path) == [
        ("post", "published", "Aigerim S.", "Jurors should be paid."),
        ("post", "published", "Нурлан К.", "Пятнадцать присяжных — мало."),
    ]

    assert main(args) == 0
    assert "imported 0 (0 hidden), 2 imported before" in capsys.readouterr().out
    assert len(stored(tmp_path)) == 2


def test_an_excel_workbook_is_imported_as_its_csv_is(ini, tmp_path, capsys):
    book = Workbook()
    for line in Path(letters(tmp_path)).read_text(encoding="utf-8").splitlines():
        book.active.append(line.split(","))
    path = tmp_path / "letters.xlsx"
    book.save(path)
    args = ["import-comments", "--ini", ini, "--consultation", "juries", str(path)]
    assert main(args + ["--map", MAP, "--channel", "post", "--quiet"]) == 0
    assert "4 rows: imported 2 (0 hidden), 0 imported before, 2 rejected." in (
        capsys.readouterr().out
    )
    assert stored(tmp_path) == [
        ("post", "published", "Aigerim S.", "Jurors should be paid."),
        ("post", "published", "Нурлан К.", "Пятнадцать присяжных — мало."),
    ]


def test_polis_preset_stopped_and_run_again(ini, tmp_path, capsys):
    args = build_parser().parse_args(
        [
            "import-comments",
            "--ini",
            ini,
            "--consultation",
            "juries",
            str(SHIPPED),
            "--format",
            "polis",
            "--batch-size",
            "50",
            "--quiet",
        ]
    )
    count = []

    def stop_after_120(row):
        count.append(row)
        if len(count) == 120:
            raise RuntimeError("the power went out")

    with pytest.raises(RuntimeError):
        import_comments_command(args, after_row=stop_after_120)
    assert len(stored(tmp_path)) == 100  # two whole batches of 50
    assert import_comments_command(args) == 0
    out = capsys.readouterr().out
    assert "(source 'polis-canadian-electoral-reform'): 174 rows: imported 74 (" in out
    assert "100 imported before, 0 rejected." in out
    comments = stored(tmp_path)
    assert len(comments) == 174
    assert sum(state == "hidden" for _channel, state, _name, _text in comments) == 22
    assert {channel for channel, *_rest in comments} == {"polis"}


def test_refusals_before_anything_is_read(ini, tmp_path):
    path = letters(tmp_path)
    base = ["import-comments", "--ini", ini, path, "--quiet"]
    with pytest.raises(SystemExit, match="no consultation 'nowhere'"):
        main(base + ["--consultation", "nowhere", "--map", MAP, "--channel", "post"])
    with pytest.raises(SystemExit, match="a channel column or --channel"):
        main(base + ["--consultation", "juries", "--map", MAP])
    with pytest.raises(SystemExit, match="--map"):
        main(base + ["--consultation", "juries", "--map", "words=Comment"])
    juries = ["--consultation", "juries", "--map", MAP, "--channel", "post"]
    with pytest.raises(SystemExit, match="--timezone: unknown time zone 'Almaty'"):
        main(base + juries + ["--timezone", "Almaty"])
    with pytest.raises(SystemExit, match="--map-channel: 'letter' is not VALUE=CHANNEL"):
        main(base + juries + ["--map-channel", "letter"])
    assert stored(tmp_path) == []


def test_a_files_channels_and_dates_in_its_own_words(ini, tmp_path, capsys):
    path = tmp_path / "jakarta.csv"
    path.write_text(
        "text,author,date,channel\n"
        "From the regional office.,Budi,Tue Feb 13 12:58:16 WIB 2018,Surat\n"
        "At the hearing.,Sari,13.02.2018 09:00,Dengar pendapat\n"
        "Undated.,Dewi,someday,Surat\n",
        encoding="utf-8",
    )
    args = ["import-comments", "--ini", ini, "--consultation", "juries", str(path), "--quiet"]
    args += ["--timezone", "Asia/Jakarta"]
    args += ["--map-channel", "surat=post", "--map-channel", "Dengar pendapat=hearing"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "3 rows: imported 2 (0 hidden), 0 imported before, 1 rejected." in out
    assert "row 4: date 'someday' is not understood (use 2026-03-01, " in out
    db = DB(FileStorage(str(tmp_path / "Data.fs"), read_only=True))
    try:
        with opened_root(db, evolution_steps()) as root:
            store = root["consultations"]["juries"].comments
            assert sorted((c.channel, c.created.isoformat()) for c in store.comments.values()) == [
                ("hearing", "2018-02-13T02:00:00+00:00"),
                ("post", "2018-02-13T05:58:16+00:00"),
            ]
    finally:
        db.close()


def test_importing_into_a_database_the_site_holds_says_so(ini, tmp_path):
    path = letters(tmp_path)
    site = FileStorage(str(tmp_path / "Data.fs"))  # the running site's lock
    try:
        with pytest.raises(SystemExit) as stop:
            main(
                ["import-comments", "--ini", ini, "--consultation", "juries", path]
                + ["--map", MAP, "--channel", "post", "--quiet"]
            )
    finally:
        site.close()
    message = str(stop.value)
    assert f"the database file://{tmp_path}/Data.fs is in use by another process" in message
    assert "Stop the site" in message and "ZEO or RelStorage" in message
    assert stored(tmp_path) == []
