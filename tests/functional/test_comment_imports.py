"""The import page: staff upload a CSV or Excel file of comments received offline,
read the dry run (rows to import, rows refused and why, dates and channels
as read), start the import, follow its progress, read the result. The
background worker is off in these tests: `run_jobs()` runs what it would."""

import io
import time
from datetime import datetime

import pytest
from openpyxl import Workbook
from webtest import Upload

from consult.layout import LOCAL_ZONE

SLUG = "citizens-juries"
PAGE = f"/consultations/{SLUG}/import-comments"

LETTERS = (
    "Ref,Name,Comment,Received,Article,How\n"
    "17,Нурлан К.,Пятнадцать присяжных — мало.,20.02.2026,3,Письмо\n"
    "18,Aigerim S.,Jurors should be paid.,2026-02-21 09:30,,e-mail\n"
    "19,,A letter without a name.,21.02.2026,1,Письмо\n"
    "20,Dana,About nothing in this draft.,21.02.2026,12,Письмо\n"
    "21,Ivan P.,Written on the thirty-first of February.,31.02.2026,1,Письмо\n"
    "22,Ivan P.,A card from the hearing.,1771574400000,2,Hearing 12 May\n"
)
MAPPING = "id=Ref,author=Name,text=Comment,date=Received,article=Article,channel=How"


@pytest.fixture
def editor(app, make_user, login, make_consultation):
    make_consultation(SLUG)
    make_user("editor@example.kz", "Yerlan", "Zhaksylykov", roles=("editor",))
    login(app, "editor@example.kz")
    return app


@pytest.fixture
def run_jobs(wsgi_app):
    return wsgi_app.registry.import_worker.catch_up


def stored(database):
    with database() as root:
        store = root["consultations"][SLUG].comments
        return sorted(
            (c.author_name, c.channel, c.text)
            for c in store.comments.values()
            if c.import_key is not None
        )


def start_form(page):
    (form,) = (f for f in page.forms.values() if "start-comment-import" in (f.action or ""))
    return form


def check(app, content=LETTERS, name="letters.csv", **fields):
    form = app.get(PAGE).forms["deform"]
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    form["upload"] = Upload(name, data, "text/csv")
    form["map"] = MAPPING
    form["map_channel"] = "Письмо=post\nHearing 12 May=hearing"
    for field, value in fields.items():
        form[field] = value
    return form.submit("check")


def checked(app, run_jobs, *args, **fields):
    """The job page once the worker has checked the file."""
    job_url = check(app, *args, **fields).headers["Location"]
    run_jobs()
    return app.get(job_url)


def test_the_dry_run_shows_what_would_be_imported_and_what_cannot_be(editor, database, run_jobs):
    waiting = check(editor).follow()
    assert "Reading the file." in waiting.text
    assert waiting.html.find("meta", attrs={"http-equiv": "refresh"}) is not None
    assert run_jobs() == 1
    page = editor.get(waiting.request.url)
    assert "Nothing is imported yet" in page.text
    assert page.html.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "Rows in the file: <strong>6</strong>" in page.text
    assert "Rows that would be imported: <strong>3</strong>" in page.text
    assert "Rows that cannot be imported: <strong>3</strong>" in page.text
    rejected = {
        cells[0].text: cells[1].text
        for cells in (row.find_all("td") for row in page.html.select("#rows-rejected ~ * tr"))
        if cells
    }
    assert rejected == {
        "4": "no author name",
        "5": "no article '12' in the current draft",
        "6": rejected["6"],
    }
    assert "31.02.2026" in rejected["6"]
    table = page.html.select_one("#rows-read").find_parent("section").get_text(" ")
    # Dates read (20.02.2026 is day first, local time), channels mapped.
    assert "20 February 2026, 00:00" in table
    assert "“Письмо” → Post: 1" in " ".join(table.split())
    assert "“Hearing 12 May” → Public hearing: 1" in " ".join(table.split())
    assert stored(database) == []


def test_the_import_runs_in_the_background_and_reports_its_result(editor, database, run_jobs):
    job_page = checked(editor, run_jobs)
    progress = start_form(job_page).submit("import").follow()
    assert "The import is about to start." in progress.text
    assert '<meta http-equiv="refresh" content="3"/>' in progress.text
    assert "Reload now" in progress.text
    assert stored(database) == []
    assert run_jobs() == 1
    result = editor.get(progress.request.url)
    assert "The import is finished." in result.text
    assert "Rows imported: <strong>3</strong>" in result.text
    assert "http-equiv" not in result.text
    assert stored(database) == [
        ("Aigerim S.", "email", "Jurors should be paid."),
        ("Ivan P.", "hearing", "A card from the hearing."),
        ("Нурлан К.", "post", "Пятнадцать присяжных — мало."),
    ]
    # The same file again: everything is there already.
    again = checked(editor, run_jobs)
    assert "Rows imported before: <strong>3</strong>" in again.text
    assert "Import 0 rows" not in again.text


def test_the_progress_page_shows_the_rows_done_out_of_the_total(editor, database, run_jobs):
    checked(editor, run_jobs)
    job_url = editor.get(PAGE).html.select_one("#earlier-imports ~ ul a")["href"]
    job_page = editor.get(job_url)
    start_form(job_page).submit("import")
    with database() as root:
        (job,) = root.comment_imports.jobs.values()
        job.start(job.queued_at)
        job.advance(2, job.queued_at)
    page = editor.get(job_url)
    # The total counts the rows the file's reading let through, one of which
    # the dry run found no place for.
    assert "Importing: 2 of 4 rows done." in page.text
    assert page.html.find("progress")["value"] == "2"
    assert page.html.find("meta", attrs={"http-equiv": "refresh"}) is not None


@pytest.mark.parametrize(
    "content, name, fields, message, detail",
    [
        ("", "empty.csv", {}, "The file is empty.", None),
        (
            "Name;Comment\nDana;Hello\n",
            "semicolons.csv",
            {"map": ""},
            "The file cannot be read.",
            "no column 'text' for the text",
        ),
        (
            LETTERS,
            "letters.csv",
            {"timezone": "Mars/Olympus"},
            "The time zone is not known.",
            "Mars",
        ),
        (
            LETTERS,
            "letters.csv",
            {"target": "question:9"},
            "The options cannot be used.",
            "no question '9'",
        ),
        (
            LETTERS,
            "letters.csv",
            {"map_channel": "Письмо=pigeon"},
            "The options cannot be used.",
            "'pigeon' is not one of",
        ),
        (
            "text,author,date\nHello,Dana,21.02.2026\n",
            "no-channel.csv",
            {"map": ""},
            "The file cannot be read.",
            "say how these comments were received",
        ),
    ],
    ids=["empty", "no-text-column", "time-zone", "target", "channel", "no-channel"],
)
def test_a_file_that_cannot_be_read_shows_the_form_again_with_why(
    editor, database, content, name, fields, message, detail
):
    page = check(editor, content, name, **fields)
    assert page.status_int == 200
    alert = " ".join(page.html.select_one(".alert").get_text(" ").split())
    assert message in alert
    if detail:
        assert detail in alert
    form = page.forms["deform"]
    for field, value in fields.items():
        assert form[field].value.replace("\r\n", "\n") == value
    assert form["map_channel"].value.replace("\r\n", "\n") == fields.get(
        "map_channel", "Письмо=post\nHearing 12 May=hearing"
    )
    with database() as root:
        assert getattr(root, "comment_imports", None) is None
    assert stored(database) == []


def test_a_file_that_is_not_utf8_is_refused(editor, database):
    form = editor.get(PAGE).forms["deform"]
    form["upload"] = Upload("letters.csv", LETTERS.encode("cp1251"), "text/csv")
    form["map"] = MAPPING
    form["channel"] = "post"
    page = form.submit("check")
    assert (
        "The file is neither an Excel workbook (.xlsx) nor UTF-8 text. Save it again as "
        '.xlsx or as "CSV UTF-8"' in page.html.select_one(".alert").get_text()
    )
    assert stored(database) == []


def test_an_excel_workbook_is_imported_as_the_csv_is(editor, database, run_jobs):
    book = Workbook()
    sheet = book.active
    for line in LETTERS.splitlines():
        sheet.append(line.split(","))
    # Excel keeps a date as a date and an article number as a number.
    sheet["D3"].value = datetime(2026, 2, 21, 9, 30)
    sheet["E2"].value = 3
    output = io.BytesIO()
    book.save(output)
    page = checked(editor, run_jobs, output.getvalue(), name="letters.xlsx")
    assert "Rows that would be imported: <strong>3</strong>" in page.text
    start_form(page).submit("import")
    run_jobs()
    assert stored(database) == [
        ("Aigerim S.", "email", "Jurors should be paid."),
        ("Ivan P.", "hearing", "A card from the hearing."),
        ("Нурлан К.", "post", "Пятнадцать присяжных — мало."),
    ]
    with database() as root:
        comments = root["consultations"][SLUG].comments.comments.values()
        (aigerim,) = (c for c in comments if c.author_name == "Aigerim S.")
        assert aigerim.created.astimezone(LOCAL_ZONE) == datetime(
            2026, 2, 21, 9, 30, tzinfo=LOCAL_ZONE
        )


def test_a_broken_workbook_is_refused_with_the_options_kept(editor, database):
    page = check(editor, b"PK\x03\x04 not really a workbook", name="letters.xlsx")
    assert "The file cannot be read." in page.text
    assert "letters.xlsx is not an Excel workbook (.xlsx)" in page.text
    assert page.forms["deform"]["map"].value == MAPPING
    assert stored(database) == []


def test_a_file_over_the_limit_is_refused_with_the_limit(editor, database):
    form = editor.get(PAGE).forms["deform"]
    big = LETTERS + ("23,Dana,A long letter,21.02.2026,1,Письмо\n" * 300_000)
    form["upload"] = Upload("big.csv", big.encode("utf-8")[: 10 * 1024 * 1024 + 10], "text/csv")
    form["map"] = MAPPING
    page = form.submit("check")
    assert "The file is too large: the limit is 10 MB." in page.text
    assert stored(database) == []


def test_only_the_consultation_staff_see_or_post_the_import_page(
    app, editor, browser, make_user, database, run_jobs
):
    job_page = checked(editor, run_jobs)
    job_url, start_url = job_page.request.url, start_form(job_page).action
    make_user("citizen@example.kz", "Dana", "Citizen", roles=("citizen",))
    make_user("moderator@example.kz", "Aliya", "Moderator", roles=("moderator",))
    anonymous = browser()
    for url in (PAGE, job_url):
        assert anonymous.get(url, status="*").status_int in (303, 403)
        for person in ("citizen@example.kz", "moderator@example.kz"):
            assert browser(person).get(url, status="*").status_int == 403
    for person in ("citizen@example.kz", "moderator@example.kz"):
        other = browser(person)
        token = other.get("/account").html.find("input", attrs={"name": "csrf_token"})
        params = {"import": "import"}
        if token is not None:
            params["csrf_token"] = token["value"]
        assert other.post(start_url, params=params, status="*").status_int in (400, 403)
        upload = [("upload", "letters.csv", LETTERS.encode("utf-8"))]
        assert other.post(
            PAGE, params={"check": "1"}, upload_files=upload, status="*"
        ).status_int in (
            400,
            403,
        )
    with database() as root:
        (job,) = root.comment_imports.jobs.values()
        assert job.state == "checked"
    assert stored(database) == []


def test_a_job_of_another_consultation_is_not_found(editor, make_consultation):
    job_url = check(editor).follow().request.url
    make_consultation("open-data")
    other = job_url.replace(SLUG, "open-data")
    assert editor.get(other, status="*").status_int == 404
    assert (
        editor.get(f"/consultations/{SLUG}/comment-import?job=nope", status="*").status_int == 404
    )


def test_a_job_is_imported_once(editor, database, run_jobs):
    job_page = checked(editor, run_jobs)
    form = start_form(job_page)
    form.submit("import")
    again = form.submit("import").follow()
    assert "This file has been imported already." in again.text
    assert run_jobs() == 1
    assert run_jobs() == 0
    assert len(stored(database)) == 3


@pytest.fixture
def on_file_storage(settings, tmp_path):
    """The app on a FileStorage, as a site runs: the import's batches and the
    citizen's comments move the same counters, whose conflicts only a storage
    with conflict resolution resolves (the memory storage has none)."""
    settings["zodbconn.uri"] = f"file://{tmp_path / 'Data.fs'}"


def test_the_job_runs_in_the_real_worker_while_the_site_serves_pages(
    on_file_storage, wsgi_app, editor, browser, make_user, database
):
    """The worker's own thread (background.BackgroundLoop), woken when the
    import is asked for, while a citizen reads and comments and staff reload
    the progress page: every row arrives once, every page is served."""
    rows = 2000
    letters = "Ref,Name,Comment,Received\n" + "".join(
        f"{n},Writer {n % 97},Letter number {n} about the juries.,21.02.2026\n"
        for n in range(1, rows + 1)
    )
    worker = wsgi_app.registry.import_worker
    worker.batch_size = 50
    make_user("citizen@example.kz", "Dana", "Citizen", roles=("citizen",))
    citizen = browser("citizen@example.kz")
    article = f"/consultations/{SLUG}/draft/3"
    with database() as root:
        target = root["consultations"][SLUG].current_draft()["3"].target
    formid = f"form-thread-{target.replace(':', '-')}"
    worker.start()
    try:
        job_url = check(editor, letters, map="id=Ref,author=Name,text=Comment,date=Received",
                        channel="post", map_channel="").headers["Location"]  # fmt: skip
        # Generous: on a busy two-core machine the dry run shares the cores.
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            job_page = editor.get(job_url)
            if "Rows that would be imported" in job_page.text:
                break
            time.sleep(0.05)
        assert f"Rows that would be imported: <strong>{rows}</strong>" in job_page.text
        progress = start_form(job_page).submit("import").follow()
        seen, posted = set(), 0
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            page = editor.get(progress.request.url)
            done = page.html.find("progress")
            seen.add(done["value"] if done is not None else "end")
            if "The import is finished." in page.text:
                break
            if posted >= 200:
                time.sleep(0.1)
                continue
            reading = citizen.get(article)
            form = reading.forms[formid]
            form["text"] = f"A comment written during the import, number {posted}."
            form[f"{formid}-stance"] = "for"
            assert form.submit("post").status_int == 303
            posted += 1
        else:
            pytest.fail(f"the import did not finish: {seen} {worker.last_error!r}")
    finally:
        worker.stop()
    assert f"Rows imported: <strong>{rows}</strong>" in page.text
    assert worker.last_error is None
    assert posted >= 1 and len(seen) >= 2, (posted, seen)
    with database() as root:
        store = root["consultations"][SLUG].comments
        imported = [c for c in store.comments.values() if c.import_key is not None]
        written = [c for c in store.comments.values() if c.import_key is None]
        assert len(imported) == rows
        assert len({c.import_key for c in imported}) == rows
        assert len(written) == posted


def test_a_job_that_stops_says_so_and_keeps_what_was_imported(
    editor, database, run_jobs, monkeypatch
):
    job_page = checked(editor, run_jobs)
    start_form(job_page).submit("import")

    def failing_import(*args, **kw):
        raise OSError("the disk is full")

    monkeypatch.setattr("consult.imports.worker.run_import", failing_import)
    assert run_jobs() == 1
    page = editor.get(job_page.request.url)
    alert = " ".join(page.html.select_one(".alert").get_text(" ").split())
    assert "The import stopped." in alert
    assert "OSError: the disk is full" in alert
    assert page.html.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert "stopped" in editor.get(PAGE).html.select_one("#earlier-imports ~ ul").get_text()
    assert stored(database) == []


def test_the_reasons_are_given_in_the_readers_language(editor, run_jobs):
    job_url = checked(editor, run_jobs).request.url
    page = editor.get(job_url + "&_LOCALE_=ru")
    reasons = [
        cells[1].get_text()
        for cells in (row.find_all("td") for row in page.html.select("#rows-rejected ~ * tr"))
        if cells
    ]
    assert reasons[:2] == ["не указано имя автора", "в текущей редакции проекта нет статьи '12'"]
    assert reasons[2].startswith("дата '31.02.2026' не распознана")
