"""An organisation's import of appeals received by phone, on paper or at a
visit: the dry run (appeals that would be filed, rows refused and why),
the real run through the appeals' own routing with the term counted from
the day received, the same file again filing nothing, the rejected rows as
a file, a file that cannot be read, .xlsx as well as CSV, who may import,
and the person's name and contact kept from the public. The background
worker is off in these tests: `run_jobs()` runs what it would."""

import io
from datetime import date

import pytest
from appeal_world import routed_akimats
from openpyxl import Workbook
from webtest import Upload

from consult.appeals.models import REGISTERED
from consult.appeals.search import appeal_document
from consult.layout import LOCAL_ZONE
from consult.settings import DEFAULTS
from consult.workdays import calendar_of

CLERK, CITIZEN, OTHER, ADMIN = (
    "clerk@example.kz",
    "citizen@example.kz",
    "other@example.kz",
    "admin@example.kz",
)
ASTANA, ALMATY = "710000000", "750000000"
PAGE = "/organisations/astana-akimat/import-appeals"
HEADER = "Reg,Date,How,Kind,Category,KATO,Address,Text,Public,Name,Phone\n"
REGISTER = HEADER + (
    "A-1,10.02.2026,Телефон,complaint,roads,710000000,Kenesary 4,"
    "No street light on Kenesary street,yes,Aigerim Serikova,+7 701 000 00 01\n"
    "A-2,2026-02-11,paper,proposal,roads,710000000,,Build a crossing at school 12,no,"
    "Marat Ospanov,marat@example.kz\n"
    "A-3,12.02.2026,phone,complaint,roads,750000000,Abay 1,"
    "A pothole in Almaty reported to us,yes,Dana Ivanova,\n"
    "A-4,12.02.2026,phone,complaint,water,710000000,,Unknown category row,no,X,\n"
    "A-5,12.02.2026,phone,complaint,roads,123456789,,Unknown territory row,no,X,\n"
    "A-6,12.02.2026,phone,complaint,roads,710000000,,,no,X,\n"
    "A-7,31.02.2026,phone,complaint,roads,710000000,,A date that is no date,no,X,\n"
    "A-8,12.02.2026,fax,complaint,roads,710000000,,By an unknown channel,no,X,\n"
    "A-1,12.02.2026,phone,complaint,roads,710000000,,The same number again,no,X,\n"
)
MAPPING = "id=Reg,received=Date,channel=How,kato=KATO,text=Text,contact=Phone"
MAPPING += ",kind=Kind,category=Category,address=Address,public=Public,name=Name"


@pytest.fixture
def world(database, clock, make_user):
    ids = {CLERK: make_user(CLERK, "Marat", "Officialov")}
    ids[CITIZEN] = make_user(CITIZEN, "Aigerim", "Serikova")
    ids[OTHER] = make_user(OTHER, "Dana", "Otherova")
    ids[ADMIN] = make_user(ADMIN, "Dana", "Adminova", roles=("administrator",))
    roles = {("astana-akimat", ids[CLERK]): "answerer", ("almaty-akimat", ids[OTHER]): "answerer"}
    with database() as root:
        routed_akimats(root, clock, roles, category=("roads", {"en": "Roads"}))
    return ids


@pytest.fixture
def clerk(app, world, login):
    login(app, CLERK)
    return app


@pytest.fixture
def run_jobs(wsgi_app):
    return wsgi_app.registry.import_worker.catch_up


def check(app, content=REGISTER, name="register.csv", mapping=MAPPING, **fields):
    form = app.get(PAGE).forms["deform"]
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    form["upload"] = Upload(name, data, "application/octet-stream")
    form["map"] = mapping
    for field, value in fields.items():
        form[field] = value
    return form.submit("check")


def checked(app, run_jobs, *args, **fields):
    job_url = check(app, *args, **fields).headers["Location"]
    assert run_jobs() == 1
    return app.get(job_url)


def imported(app, run_jobs, *args, **fields):
    page = checked(app, run_jobs, *args, **fields)
    (form,) = (f for f in page.forms.values() if "start-appeal-import" in (f.action or ""))
    progress = form.submit("import").follow()
    # The progress page reloads itself until the worker is done.
    assert "The import is about to start." in progress.text
    assert progress.html.find("meta", attrs={"http-equiv": "refresh"}) is not None
    assert run_jobs() == 1
    return app.get(progress.request.url)


def received_appeals(database):
    with database() as root:
        return {
            appeal.external_id: appeal
            for appeal in root["appeals"].values()
            if appeal.external_id is not None
        }


def rejected_reasons(page):
    return {
        cells[0].text: cells[1].text
        for cells in (row.find_all("td") for row in page.html.select("#rows-rejected ~ * tr"))
        if cells
    }


def test_the_dry_run_shows_what_would_be_filed_and_why_rows_are_refused(clerk, database, run_jobs):
    page = checked(clerk, run_jobs)
    assert "Nothing is imported yet" in page.text
    assert "Rows in the file: <strong>9</strong>" in page.text
    assert "Appeals that would be filed: <strong>3</strong>" in page.text
    assert "Rows that cannot be imported: <strong>6</strong>" in page.text
    reasons = rejected_reasons(page)
    assert reasons["5"] == "unknown category 'water'"
    assert reasons["6"] == "unknown territory (KATO) '123456789'"
    assert reasons["7"] == "the text is empty"
    assert "31.02.2026" in reasons["8"]
    assert reasons["9"].startswith("channel 'fax' is not one of")
    assert reasons["10"] == "the same registration number as row 2"
    preview = page.html.select_one("#rows-read").find_parent("section").get_text(" ")
    assert "A-1" in preview and "By phone" in preview and "On paper" in preview
    assert received_appeals(database) == {}


def test_the_import_files_them_with_the_term_from_the_day_received(clerk, database, run_jobs):
    result = imported(clerk, run_jobs)
    assert "The import is finished." in result.text
    assert "Appeals filed: <strong>3</strong>" in result.text
    found = received_appeals(database)
    assert sorted(found) == ["A-1", "A-2", "A-3"]
    first = found["A-1"]
    assert (first.channel, first.kind, first.public) == ("phone", "complaint", True)
    assert first.person == {"name": "Aigerim Serikova", "contact": "+7 701 000 00 01"}
    assert first.created.astimezone(LOCAL_ZONE).date() == date(2026, 2, 10)
    # Routed to the importing organisation: registered on the day received,
    # the legal term counted from then, not from the import (2 March).
    assert first.organisation == "astana-akimat" and first.state == REGISTERED
    assert first.registered == first.created
    calendar = calendar_of(DEFAULTS["consult.workdays.transfers"])
    term = DEFAULTS["consult.appeals.answer_working_days"]
    assert first.due == calendar.add_working_days(date(2026, 2, 10), term)
    assert first.due != calendar.add_working_days(date(2026, 3, 2), term)
    assert found["A-2"].channel == "paper" and not found["A-2"].public
    # Routing as for any appeal: Almaty's pothole goes to Almaty's akimat,
    # which registers it itself; its term has not started.
    almaty = found["A-3"]
    assert almaty.organisation == "almaty-akimat" and almaty.state == "received"
    assert almaty.due is None
    assert almaty.arrived.astimezone(LOCAL_ZONE).date() == date(2026, 2, 12)


def test_the_same_file_again_files_nothing(clerk, database, run_jobs):
    imported(clerk, run_jobs)
    again = checked(clerk, run_jobs)
    assert "Appeals that would be filed: <strong>0</strong>" in again.text
    assert "Filed before (the same registration number): <strong>3</strong>" in again.text
    assert not [f for f in again.forms.values() if "start-appeal-import" in (f.action or "")]
    with database() as root:
        assert root["appeals"].count() == 3


def test_the_rejected_rows_download_as_csv_with_their_reasons(clerk, run_jobs):
    page = checked(clerk, run_jobs)
    link = page.html.find("a", string=lambda s: s and "Download these rows" in s)
    response = clerk.get(link["href"])
    assert response.content_type == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    lines = response.body.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,reason,Reg,Date,How,Kind,Category,KATO,Address,Text,Public,Name,Phone"
    assert len(lines) == 7
    assert lines[1].startswith("5,unknown category 'water',A-4,")


def test_an_excel_workbook_is_read_as_the_csv(clerk, database, run_jobs):
    book = Workbook()
    sheet = book.active
    rows = [line.split(",") for line in REGISTER.splitlines()[:3]]
    for row in rows:
        sheet.append(row)
    sheet["B2"].value = date(2026, 2, 10)  # a real date cell, as Excel keeps it
    output = io.BytesIO()
    book.save(output)
    page = imported(clerk, run_jobs, output.getvalue(), name="register.xlsx")
    assert "Appeals filed: <strong>2</strong>" in page.text
    created = received_appeals(database)["A-1"].created
    assert created.astimezone(LOCAL_ZONE).date() == date(2026, 2, 10)


def test_a_file_that_cannot_be_read_is_refused_with_the_options_kept(clerk, database):
    page = check(clerk, "Reg;Date\n1;2\n".encode("cp1251") + "Жалоба".encode("cp1251"))
    assert page.status_code == 200
    assert "The file is neither an Excel workbook (.xlsx) nor UTF-8 text." in page.text
    assert page.forms["deform"]["map"].value == MAPPING
    missing = check(clerk, "Reg,Date\nA-1,10.02.2026\n", mapping="id=Reg,received=Date")
    assert "The file cannot be read." in missing.text
    assert "no column" in missing.text
    broken = check(clerk, b"PK\x03\x04 not really a workbook", name="register.xlsx")
    assert "The file cannot be read." in broken.text
    assert received_appeals(database) == {}


def test_only_its_staff_and_the_appeals_administrators_may_import(app, world, login, run_jobs):
    assert app.get(PAGE, status=(302, 303, 403)).status_code in (302, 303, 403)
    login(app, CITIZEN)
    app.get(PAGE, status=403)
    login(app, OTHER)  # staff of another organisation
    app.get(PAGE, status=403)
    login(app, ADMIN)
    assert app.get(PAGE).forms["deform"]
    job_url = check(app).headers["Location"]
    login(app, OTHER)
    app.get(job_url, status=403)


def test_the_public_reads_the_first_name_and_initial_only(clerk, app, database, run_jobs):
    imported(clerk, run_jobs)
    number = received_appeals(database)["A-1"].name
    staff_page = clerk.get(f"/appeals/{number}/")
    assert "Aigerim Serikova" in staff_page.text and "+7 701 000 00 01" in staff_page.text
    assert "By phone" in staff_page.text
    clerk.reset()
    public = clerk.get(f"/appeals/{number}/")
    assert public.html.select_one(".author").text == "Aigerim S."
    assert "Serikova" not in public.text and "+7 701" not in public.text
    assert "A-1" not in public.html.select_one(".appeal-facts").text
    with database() as root:
        document = appeal_document(root["appeals"][number])
        assert document.author == "Aigerim S."
        assert "Serikova" not in repr(document) and "+7 701" not in repr(document)


def test_the_organisations_queue_lists_them_by_the_state_imported(clerk, database, run_jobs):
    imported(clerk, run_jobs)
    found = received_appeals(database)
    registered = clerk.get("/organisations/astana-akimat/appeals", params={"state": REGISTERED})
    listed = {
        link["href"].rstrip("/").rsplit("/", 1)[-1]
        for link in registered.html.select("a[href*='/appeals/']")
    }
    assert {found["A-1"].name, found["A-2"].name} <= listed
    waiting = clerk.get("/organisations/astana-akimat/appeals", params={"state": "received"})
    waiting_links = {
        link["href"].rstrip("/").rsplit("/", 1)[-1]
        for link in waiting.html.select("a[href*='/appeals/']")
    }
    assert found["A-1"].name not in waiting_links
