"""The audit log through the real app: record-relevant actions append
hash-chained entries (who, when, what, the object, the reason); only
administrators browse and filter it; its head is public on the transparency
page and in the outcome report; nothing removes an entry; and
`consult audit verify` names an entry changed directly in the database."""

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import PASSWORD
from webtest import TestApp
from world import SLUG, build_world

from consult import iin
from consult.audit.models import audit_log_of
from consult.feedback.comments import Comment

ALIYA = iin.make(date(1990, 5, 17), "f", 12)


def local(when):
    """A datetime-local field's value in Almaty time."""
    return when.astimezone(ZoneInfo("Asia/Almaty")).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def world(database, clock):
    with database() as root:
        return build_world(root, clock, PASSWORD)


def entries(database, action=None, sign_ins=False):
    """The log's entries, oldest first; staff sign-ins only with `sign_ins`."""
    with database() as root:
        log = audit_log_of(root)
        found, _more = log.page(size=1000, action=action)
        return [
            entry for entry in reversed(found) if sign_ins or entry.action != "account.signed_in"
        ]


def test_staff_actions_are_recorded_with_who_what_and_why(world, browser, database, clock):
    editor, admin = browser(world.people["editor"]), browser(world.people["administrator"])
    with database() as root:
        answered = [
            c
            for c in root["consultations"][SLUG].comments.comments.values()
            if c.text.startswith("Fifteen")
        ][0]
        answered_path = f"/consultations/{SLUG}/comments/{answered.id}"
    assert entries(database) == []

    form = editor.get(f"/consultations/{SLUG}/stages").forms["deform"]
    form["white_closes"] = local(clock.now() + timedelta(days=45))
    form.submit("save", status=303)

    form = editor.get(answered_path + "/revise-answer").forms["revise-form"]
    form["revise-form-disposition"] = "partly"
    form["why"] = "The regional figures were checked again."
    form.submit("answer", status=303)

    editor.get(f"/consultations/{SLUG}/export-comments.xlsx", status=200)

    form = admin.get("/census").forms["deform"]
    form["upload"] = ("census.csv", f"iin;surname\n{ALIYA};Serikova\n".encode(), "text/csv")
    form.submit("load", status=303)

    recorded = {entry.action: entry for entry in entries(database)}
    assert set(recorded) == {
        "consultation.stage_dates",
        "answer.revised",
        "export.downloaded",
        "verification.census_loaded",
    }
    editor_id = world.ids["editor"]
    stage = recorded["consultation.stage_dates"]
    assert (stage.actor, stage.subject) == (editor_id, f"/consultations/{SLUG}")
    assert "white" in stage.details and stage.actor_name == "Yerlan Zhaksylykov"
    revised = recorded["answer.revised"]
    assert revised.subject == answered_path
    assert revised.reason == "The regional figures were checked again."
    assert revised.details == {"disposition": "partly", "earlier disposition": "accepted"}
    assert recorded["export.downloaded"].details == {"file": f"{SLUG}-comments.xlsx"}
    census = recorded["verification.census_loaded"]
    assert census.actor == world.ids["administrator"] and census.details["rows"] == "1"
    assert ALIYA not in repr(census.fields())
    with database() as root:
        assert audit_log_of(root).verify() is None


def test_answers_publication_and_draws_are_recorded(world, browser, database, clock):
    editor, organiser = browser(world.people["editor"]), browser(world.people["organiser"])
    with database() as root:
        consultation = root["consultations"][SLUG]
        unanswered = [
            c for c in consultation.comments.comments.values() if c.text.startswith("Jurors should")
        ][0]
    form = editor.get(f"/consultations/{SLUG}/comments/{unanswered.id}/answer").forms["answer-form"]
    form["answer-form-disposition"] = "noted"
    form["reason"] = "Pay for jurors is set by the budget law, not by this draft."
    form.submit("answer", status=303)
    draw_page = organiser.get("/juries/pensions/draws/1/")
    start = next(form for form in draw_page.forms.values() if form.action.endswith("/start"))
    start.submit(status=303)
    # The draw runs in the background and records its end itself.
    assert organiser.app.registry["consult.jury_runner"].wait(300)
    actions = [entry.action for entry in entries(database)]
    assert actions == ["answer.published", "jury.draw_started", "jury.draw_finished"]
    answered = entries(database, "answer.published")[0]
    assert answered.details == {"disposition": "noted"}
    assert answered.subject == f"/consultations/{SLUG}/comments/{unanswered.id}"
    finished = entries(database, "jury.draw_finished")[0]
    assert finished.actor == "" and finished.subject == "/juries/pensions/draws/1"
    assert finished.details["number"] == "1" and "status" in finished.details
    with database() as root:
        assert audit_log_of(root).verify() is None


def test_only_administrators_browse_and_filter_the_log(world, browser, database, clock):
    admin = browser(world.people["administrator"])
    for number in range(3):
        form = admin.get(f"/consultations/{SLUG}/stages").forms["deform"]
        form["white_closes"] = local(clock.now() + timedelta(days=40 + number))
        form.submit("save", status=303)
    admin.get(f"/consultations/{SLUG}/export-comments.xlsx", status=200)
    page = admin.get("/audit/")
    rows = page.html.select("table.audit-log tbody tr")
    # The administrator's own sign-in is entry 1.
    assert [row["id"] for row in rows] == ["entry-5", "entry-4", "entry-3", "entry-2", "entry-1"]
    assert "Asel Nurlanova" in rows[0].text and "An export was downloaded" in rows[0].text
    assert "A member of staff signed in" in rows[-1].text
    filtered = admin.get("/audit/", {"action": "consultation.stage_dates"})
    assert len(filtered.html.select("table.audit-log tbody tr")) == 3
    by_path = admin.get("/audit/", {"subject": f"/consultations/{SLUG}"})
    assert len(by_path.html.select("table.audit-log tbody tr")) == 4
    assert "The chain is intact" in admin.get("/audit/", {"verify": "1"}).text

    for role in ("editor", "moderator", "organiser", "citizen"):
        browser(world.people[role]).get("/audit/", status=403)
    assert "/login" in browser().get("/audit/", status=303).headers["Location"]


def test_nothing_can_remove_an_entry(wsgi_app):
    from consult.audit.models import AuditLog

    for item in wsgi_app.registry.introspector.get_category("views"):
        view = item["introspectable"]
        if view["context"] is AuditLog:
            assert view["request_methods"] in (("GET",), "GET"), view["name"]
    assert not [
        name
        for name in dir(AuditLog)
        if any(word in name for word in ("remove", "delete", "clear", "pop"))
    ]


def test_the_head_is_public_and_in_the_outcome_report(world, browser, database, clock):
    editor = browser(world.people["editor"])
    with database() as root:
        white = root["consultations"][SLUG].stages["white"]
        white.closes_at = clock.now() - timedelta(hours=1)
    form = editor.get(f"/consultations/{SLUG}/publish-outcome").forms["deform"]
    form["outcome_en"] = "Juries are introduced; panels of up to 25 in large regions."
    form.submit("publish", status=303)
    with database() as root:
        log = audit_log_of(root)
        head, count = log.head, len(log)
        published = log.latest("consultation.outcome_published", f"/consultations/{SLUG}")
    assert published is not None and published.number == count

    public = browser()
    transparency = public.get("/transparency")
    assert transparency.html.find(id="audit-head").text == head
    assert str(count) in transparency.text
    report = public.get(f"/consultations/{SLUG}/report")
    assert published.hash in report.text and head in report.text
    data = public.get(f"/consultations/{SLUG}/report.json").json["audit"]
    assert data == {
        "entries": count,
        "head": head,
        "outcome_entry": {"number": published.number, "hash": published.hash},
    }
    assert "export.downloaded" not in transparency.text  # counts only, no entries


def test_audit_verify_names_an_entry_changed_in_the_database(tmp_path, settings, clock):
    """A real FileStorage, a real `consult` process: the chain is intact, then
    an insider edits an entry's reason directly in ZODB."""
    import transaction
    from ZODB import DB
    from ZODB.FileStorage import FileStorage

    from consult.clock import IClock
    from consult.config import configure

    path = tmp_path / "Data.fs"
    settings = dict(settings, **{"zodbconn.uri": f"file://{path}"})
    config = configure(settings)
    config.register_service(clock, IClock)
    wsgi_app = config.make_wsgi_app()
    try:
        from consult.resources import opened_root

        with opened_root(
            wsgi_app.registry._zodb_databases[""], wsgi_app.registry.evolution_steps
        ) as root:
            world = build_world(root, clock, PASSWORD)
        admin = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        form = admin.get("/login").forms["deform"]
        form["email"], form["password"] = world.people["administrator"], PASSWORD
        form.submit("login", status=303)
        for number in range(3):
            form = admin.get(f"/consultations/{SLUG}/stages").forms["deform"]
            form["white_closes"] = local(clock.now() + timedelta(days=40 + number))
            form.submit("save", status=303)
    finally:
        wsgi_app.registry.search_feeder.stop()
        wsgi_app.registry.campaign_worker.stop()
        wsgi_app.registry.import_worker.stop()
        for db in wsgi_app.registry._zodb_databases.values():
            db.close()

    ini = tmp_path / "site.ini"
    ini.write_text(
        f"[app:main]\nuse = egg:consult\nzodbconn.uri = file://{path}\nconsult.session_secret = x\n"
    )
    consult = str(Path(sys.executable).with_name("consult"))

    def verify(*extra):
        return subprocess.run(
            [consult, "audit", "verify", "--ini", str(ini), *extra],
            capture_output=True,
            text=True,
            timeout=120,
        )

    intact = verify()
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "intact: 4 entries" in intact.stdout  # a sign-in and three changes

    db = DB(FileStorage(str(path)))
    try:
        manager = transaction.TransactionManager()
        connection = db.open(manager)
        with manager:
            log = connection.root()["consult"]["audit"]
            head = log.head
            entry = log.entries[2]
            entry.details = dict(entry.details, white="nothing changed, really")
            log.entries[2] = entry
        connection.close()
    finally:
        db.close()

    tampered = verify()
    assert tampered.returncode == 1
    assert "NOT intact: entry 2: was changed after it was written" in tampered.stdout
    # The published head tells the same story even after every hash is redone.
    assert verify("--checkpoint", f"4:{head}").returncode == 1


def test_roles_moderation_verification_and_staff_sign_ins_are_on_the_log(world, browser, database):
    admin = browser(world.people["administrator"])
    citizen_id = world.ids["citizen"]
    [grant] = [
        form
        for form in admin.get("/principals/").forms.values()
        if form.action.endswith("/roles") and form["userid"].value == citizen_id
    ]
    [moderator] = [field for field in grant.fields["roles"] if field._value == "moderator"]
    moderator.checked = True
    grant.submit(status=303)
    [revoke] = [
        form
        for form in admin.get("/principals/").forms.values()
        if form.action.endswith("/roles") and form["userid"].value == citizen_id
    ]
    [moderator] = [field for field in revoke.fields["roles"] if field._value == "moderator"]
    moderator.checked = False
    revoke.submit(status=303)

    moderator = browser(world.people["moderator"])
    comment = world.resources[Comment][0]
    form = moderator.get(f"/consultations/{SLUG}/comments/{comment.id}/hide").forms["deform"]
    form["reason"] = "Personal attack on another participant."
    form.submit("hide", status=303)

    form = moderator.get("/principals/verify", {"userid": citizen_id}).forms["deform"]
    form["note"] = "Identity card shown at the ministry's reception."
    form.submit("verify", status=303)
    moderator.post(
        "/principals/unverify",
        {"userid": citizen_id, "verifier": "staff", "csrf_token": form["csrf_token"].value},
        status=303,
    )
    browser(world.people["citizen"])  # a citizen's sign-in is theirs, not the record's

    recorded = entries(database, sign_ins=True)
    actions = [entry.action for entry in recorded]
    assert actions == [
        "account.signed_in",
        "role.granted",
        "role.revoked",
        "account.signed_in",
        "comment.hidden",
        "verification.added",
        "verification.withdrawn",
    ]
    signed_in, granted, revoked, _moderator_in, hidden, verified, withdrawn = recorded
    assert signed_in.actor == world.ids["administrator"]
    assert granted.details == {"userid": citizen_id, "role": "moderator"} and granted.subject == "/"
    assert revoked.actor == world.ids["administrator"]
    assert hidden.reason == "Personal attack on another participant."
    assert hidden.actor == world.ids["moderator"] and hidden.details["state"] == "hidden"
    assert verified.subject == f"/principals/{citizen_id}" and verified.details["method"] == "staff"
    # The withdrawn verification is gone from the account but not from the record.
    assert withdrawn.details["method"] == "staff"
    assert withdrawn.details["verified by"] == world.ids["moderator"]
    with database() as root:
        assert audit_log_of(root).verify() is None
