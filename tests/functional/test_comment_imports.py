"""The import page: staff upload a CSV file of comments received offline,
read the dry run (rows to import, rows refused and why, dates and channels
as read), start the import, follow its progress, read the result. The
background worker is off in these tests: `run_jobs()` runs what it would."""

import pytest
from webtest import Upload

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
    form["upload"] = Upload(name, content.encode("utf-8"), "text/csv")
    form["map"] = MAPPING
    form["map_channel"] = "Письмо=post\nHearing 12 May=hearing"
    for field, value in fields.items():
        form[field] = value
    return form.submit("check")


def test_the_dry_run_shows_what_would_be_imported_and_what_cannot_be(editor, database):
    page = check(editor).follow()
    assert "Nothing is imported yet" in page.text
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
    job_page = check(editor).follow()
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
    again = check(editor).follow()
    assert "Rows imported before: <strong>3</strong>" in again.text
    assert "Import 0 rows" not in again.text
