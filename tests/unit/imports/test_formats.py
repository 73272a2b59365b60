"""Reading CSV files of offline comments: mapping, dates, reasons for rejection."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from consult.imports.formats import (
    FormatError,
    RowRejected,
    default_source,
    make_format,
    parse_channel_map,
    parse_date,
    parse_mapping,
)
from consult.imports.reading import read_file, write_rejections

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def write(tmp_path, text, name="letters.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mapping():
    assert parse_mapping("text=Comment, author=Name") == {"text": "Comment", "author": "Name"}
    assert parse_mapping("") == {}
    for wrong in ("text", "colour=Red", "text="):
        with pytest.raises(FormatError):
            parse_mapping(wrong)


def test_dates_without_zone_are_almaty_time():
    assert parse_date("2026-02-20 14:30") == datetime(2026, 2, 20, 9, 30, tzinfo=UTC)
    assert parse_date("20.02.2026") == datetime(2026, 2, 19, 19, 0, tzinfo=UTC)
    assert parse_date("2026-02-20T14:30:00+00:00") == datetime(2026, 2, 20, 14, 30, tzinfo=UTC)
    for wrong in ("", "yesterday", "31.02.2026"):
        with pytest.raises(RowRejected):
            parse_date(wrong)


def test_generic_file_with_a_mapping(tmp_path):
    path = write(
        tmp_path,
        "Name,Comment,Received,Art,Position,How\n"
        "Нурлан Касымов,Статья 3: пятнадцать присяжных — мало.,20.02.2026,3,против,post\n"
        "Aigerim S.,Jurors should be paid.,2026-02-21,,for,E-mail\n",
    )
    fmt = make_format(
        "generic",
        "letters",
        parse_mapping(
            "text=Comment,author=Name,date=Received,article=Art,stance=Position,channel=How"
        ),
        now=NOW,
    )
    rows, rejections, total = read_file(path, fmt)
    assert (total, rejections) == (2, [])
    first, second = rows
    assert first.number == 2 and first.author_name == "Нурлан Касымов"
    assert first.stance == "against" and first.channel == "post" and first.article == "3"
    assert first.author.startswith("import:letters:")
    assert second.channel == "email" and second.stance == "for" and second.article == ""
    # The same person in the same source is one participant.
    again, _rejections, _total = read_file(path, fmt)
    assert again[0].author == first.author and again[0].key == first.key


def test_broken_rows_are_reported_not_fatal(tmp_path):
    path = write(
        tmp_path,
        "text,author,date,stance\n"
        "Fine.,A,2026-02-01,for\n"
        ",B,2026-02-01,for\n"
        "No date.,C,,for\n"
        "Odd stance.,D,2026-02-01,maybe\n"
        "Too many,E,2026-02-01,for,extra\n"
        "From the future.,F,2027-01-01,for\n"
        "Fine.,A,2026-02-01,for\n"
        "\n"
        "Also fine.,G,01.02.2026,\n",
    )
    rows, rejections, total = read_file(
        path, make_format("generic", "x", channel="hearing", now=NOW)
    )
    assert total == 8
    assert [row.number for row in rows] == [2, 10]
    assert rows[1].stance == "neutral" and rows[1].channel == "hearing"
    reasons = {r.number: r.reason for r in rejections}
    assert reasons == {
        3: "the text is empty",
        4: "no date",
        5: "stance 'maybe' is not one of against, for, neutral",
        6: "5 cells where the header has 4",
        7: "the date 2026-12-31 19:00 UTC is in the future",
        8: "the same comment as row 2",
    }
    out = tmp_path / "rejected.csv"
    write_rejections(out, rejections)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "row,reason,text,author,date,stance"
    assert lines[1] == "3,the text is empty,,B,2026-02-01,for"


def test_a_files_own_channel_names_and_its_dates(tmp_path):
    path = write(
        tmp_path,
        "text,author,date,channel\n"
        "One.,A,Tue Feb 13 12:58:16 WIB 2018,Письмо\n"
        "Two.,B,13.02.2018,Public hearing\n"
        "Three.,C,1518501496000,e-mail\n"
        "Four.,D,13.02.2018,Telegram\n"
        "Five.,E,13/13/2018,Письмо\n",
    )
    channels = parse_channel_map(["ПИСЬМО=post", " public hearing = hearing "])
    fmt = make_format("generic", "x", now=NOW, zone=ZoneInfo("Asia/Jakarta"), channel_map=channels)
    rows, rejections, _ = read_file(path, fmt)
    assert [(row.channel, row.created) for row in rows] == [
        ("post", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
        ("hearing", datetime(2018, 2, 12, 17, 0, tzinfo=UTC)),  # midnight in Jakarta
        ("email", datetime(2018, 2, 13, 5, 58, 16, tzinfo=UTC)),
    ]
    assert [(r.number, r.reason) for r in rejections] == [
        (
            5,
            "channel 'Telegram' is not one of email, hearing, online, polis, post "
            "(--map-channel VALUE=CHANNEL names a file's own)",
        ),
        (
            6,
            "date '13/13/2018' is not understood (use 2026-03-01, 2026-03-01 14:30, "
            "01.03.2026, Sun Mar 01 14:30:00 ALMT 2026)",
        ),
    ]


def test_channel_names_that_cannot_be_mapped():
    for wrong, reason in (
        ("Письмо", "'Письмо' is not VALUE=CHANNEL"),
        ("=post", "'=post' is not VALUE=CHANNEL"),
        ("Письмо=pigeon", "'pigeon' is not one of online, email, post, hearing, polis"),
    ):
        with pytest.raises(FormatError, match=reason):
            parse_channel_map([wrong])
    with pytest.raises(FormatError, match="--map-channel does not apply to --format polis"):
        make_format("polis", "x", channel_map={"a": "post"})


def test_a_file_that_cannot_be_read_at_all(tmp_path):
    fmt = make_format("generic", "x", channel="post")
    with pytest.raises(FormatError, match="--map text=Column"):
        read_file(write(tmp_path, "body,author,date\nx,y,2026-01-01\n"), fmt)
    with pytest.raises(FormatError, match="channel"):
        read_file(
            write(tmp_path, "text,author,date\nx,y,2026-01-01\n"), make_format("generic", "x")
        )
    with pytest.raises(FormatError, match="empty"):
        read_file(write(tmp_path, ""), fmt)
    with pytest.raises(FormatError, match="cannot read"):
        read_file(tmp_path / "missing.csv", fmt)


def test_polis_preset(tmp_path):
    path = write(
        tmp_path,
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,"
        "comment-body\n"
        "1483908221702,Mon Jan 09 03:43:41 WIB 2017,161,282,5,4,1,MMP is simpler.\n"
        "1483404737,Tue Jan 03 07:52:17 WIB 2017,159,282,16,2,-1,Rejected one.\n"
        "1483404737,Tue Jan 03 07:52:17 WIB 2017,158,7,16,2,0,\n",
        name="comments.csv",
    )
    assert default_source(path, "polis") == f"polis-{tmp_path.name}"
    fmt = make_format("polis", "polis-demo")
    rows, rejections, total = read_file(path, fmt)
    assert total == 3 and [r.reason for r in rejections] == ["the text is empty"]
    accepted, hidden = rows
    assert accepted.author == "import:polis-demo:282"
    assert accepted.author_name == "Polis participant 282"
    assert accepted.created == datetime(2017, 1, 8, 20, 43, 41, 702000, tzinfo=UTC)
    assert accepted.channel == "polis" and accepted.hidden_reason is None
    assert hidden.hidden_reason and hidden.created.year == 2017
    # The key comes from the Polis comment id: a corrected text is the same comment.
    assert accepted.key != hidden.key
    with pytest.raises(FormatError):
        make_format("polis", "x", {"text": "Body"})
