"""Secrets (docs/security.md, "Secrets"): the session secret signs cookies
and nothing else; the stored hashes are keyed by consult.hash_secret.

Rotating the session secret after a leak used to break census matching and
the jury's duplicate-applicant check without a word: both were keyed by it.
The site now runs on a real FileStorage across restarts with a new session
secret and keeps matching; it refuses to start with a hash secret its
database's hashes were not made with; `consult rotate-hash-secret` moves the
hashes to a new key (from the census file where it can) and says what it
cannot, and the old key is matched meanwhile."""

from datetime import date, timedelta
from pathlib import Path

import factories
import pytest
from conftest import PASSWORD
from functional.test_verification import ALIYA, BOLAT, CENSUS, upload, verify_census
from samples import DRAFT_TEXT_EN
from webtest import TestApp
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult import iin
from consult.clock import FixedClock, IClock
from consult.config import configure
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.hashing import SESSION_SECRET, fingerprint
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService
from consult.resources import APP_KEY, opened_root
from consult.scripts.cli import main
from consult.settings import SettingError
from consult.verification.census import hashed_entries, parse_census

HASH_SECRET = "testing-hash-secret"  # the `settings` fixture's
FIRST_IIN = iin.make(date(1984, 9, 3), "f", 1201)


@pytest.fixture(autouse=True)
def commands_on_the_test_clock(clock, monkeypatch):
    """The console commands read the test's clock, and no secret from the
    environment of whoever runs the tests."""
    for command in ("database", "hash_secret", "import_comments"):
        monkeypatch.setattr(f"consult.scripts.{command}.SystemClock", lambda: clock)
    for variable in (
        "CONSULT_HASH_SECRET",
        "CONSULT_PREVIOUS_HASH_SECRET",
        "CONSULT_SESSION_SECRET",
    ):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture
def site(settings, clock, tmp_path):
    """site({setting: value}) serves the real app from one FileStorage in
    `tmp_path`, after stopping the one served before (as a restart does)."""
    running = []
    data_fs = tmp_path / "Data.fs"

    def stop():
        for wsgi in running:
            wsgi.registry.search_feeder.stop()
            wsgi.registry.campaign_worker.stop()
            wsgi.registry.import_worker.stop()
            for db in wsgi.registry._zodb_databases.values():
                db.close()
        running.clear()

    def start(overrides=()):
        stop()
        config = configure(
            dict(settings, **{"zodbconn.uri": f"file://{data_fs}"}, **dict(overrides))
        )
        config.register_service(clock, IClock)
        config.commit()
        wsgi = config.make_wsgi_app()
        running.append(wsgi)
        return wsgi

    start.stop = stop
    start.data_fs = data_fs
    yield start
    stop()


def person(wsgi, email, first="Aliya", last="Serikova", roles=(), clock=None):
    with opened_root(wsgi.registry._zodb_databases[""], wsgi.registry.evolution_steps) as root:
        principal = factories.principal(
            email,
            first,
            last,
            password=PASSWORD,
            created=clock.now(),
            confirmed_at=clock.now(),
            roles=roles,
        )
        root["principals"].add_principal(principal)


def signed_in(wsgi, email):
    app = TestApp(wsgi, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    form = app.get("/login").forms["deform"]
    form["email"], form["password"] = email, PASSWORD
    form.submit("login").maybe_follow()
    return app


def census_site(site, clock):
    """A site whose administrator loaded the census list; Aliya and Bolat
    (both on it) have accounts."""
    wsgi = site({"consult.session_secret": "the-cookie-key-that-leaked"})
    # A request first, as on a real site: the database is created by it.
    TestApp(wsgi).get("/", status=200)
    person(wsgi, "admin@example.kz", "Asel", "Admin", ("administrator",), clock=clock)
    person(wsgi, "aliya@example.kz", clock=clock)
    person(wsgi, "bolat@example.kz", "Bolat", "Bekov", clock=clock)
    upload(signed_in(wsgi, "admin@example.kz"), CENSUS)
    return wsgi


def test_census_matching_survives_a_new_session_secret(site, clock):
    census_site(site, clock)
    # The session secret leaked with a cookie: the operator changes it.
    wsgi = site({"consult.session_secret": "a-new-cookie-key"})
    page = verify_census(signed_in(wsgi, "aliya@example.kz"), ALIYA).follow()
    assert "Thank you: you are verified (On the census list)." in page.text


def jury_site(site, clock, secret):
    wsgi = site({"consult.session_secret": secret})
    with opened_root(wsgi.registry._zodb_databases[""], wsgi.registry.evolution_steps) as root:
        creator = factories.principal("org@example.kz", "Dana", "Organiser", created=clock.now())
        service = ConsultationService(root["consultations"], clock)
        consultation = service.create(
            "pensions",
            {"en": "Pensions"},
            {"en": "Indexation?"},
            {"en": "Ministry of Labour"},
            ["pensions"],
            creator,
        )
        service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
        service.schedule(
            consultation, "white", clock.now() - timedelta(days=1), clock.now() + timedelta(days=30)
        )
        service.publish(consultation)
        factories.jury(
            root["juries"],
            JuryService(FixedClock(clock.now()), HASH_SECRET),
            "jury",
            consultation="pensions",
            creator=creator,
            remit={"en": "How should pensions be indexed?"},
            closes=clock.now() + timedelta(days=5),
            sessions=(),
        )
    return wsgi


def apply(wsgi, number, address, email):
    app = TestApp(wsgi, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    form = app.get("/juries/jury/apply").forms["application"]
    form["full_name"] = "Aliya Nurlanovna"
    form["email"], form["phone"] = email, "+7 701 555 0101"
    form["iin"], form["address"] = number, address
    form["gender"], form["language"], form["consent"] = "female", "kk", True
    assert form.submit("apply").status_int == 303


def applications(wsgi):
    with opened_root(wsgi.registry._zodb_databases[""], wsgi.registry.evolution_steps) as root:
        applicants = root["juries"]["jury"].applicants
        return len(applicants), applicants.refused()


def test_the_duplicate_applicant_check_survives_a_new_session_secret(site, clock):
    wsgi = jury_site(site, clock, "the-cookie-key-that-leaked")
    apply(wsgi, FIRST_IIN, "Karaganda, Bukhar-Zhyrau avenue 52, flat 7", "aliya@example.kz")
    wsgi = site({"consult.session_secret": "a-new-cookie-key"})
    # The same person again, from another address: not kept.
    apply(wsgi, FIRST_IIN, "Almaty, Abai avenue 10, flat 3", "aliya.again@example.kz")
    assert applications(wsgi) == (1, 1)


def test_the_site_refuses_a_hash_secret_its_hashes_were_not_made_with(site, clock):
    census_site(site, clock)
    with pytest.raises(SettingError) as refused:
        site({"consult.hash_secret": "another-key"})
    message = str(refused.value)
    assert "consult.hash_secret is not the key the stored hashes" in message
    assert "consult rotate-hash-secret" in message and "another-key" not in message
    # The right key, with the other as the previous one, starts.
    site({"consult.hash_secret": HASH_SECRET, "consult.previous_hash_secret": "another-key"})


# -- consult rotate-hash-secret on a real FileStorage ------------------------------------


def write_ini(tmp_path, data_fs, **values):
    lines = [
        "[app:main]",
        "use = egg:consult",
        f"zodbconn.uri = file://{data_fs}",
        "consult.public_url = http://localhost",
        "consult.session_secret = cookie-key",
        f"consult.search.path = {tmp_path}/search",
        *(f"{name.replace('__', '.')} = {value}" for name, value in values.items()),
    ]
    ini = tmp_path / "site.ini"
    ini.write_text("\n".join(lines) + "\n")
    return str(ini)


def stored(data_fs):
    db = DB(FileStorage(str(data_fs), read_only=True))
    connection = db.open()
    root = connection.root()[APP_KEY]
    try:
        census = root.census
        return (root.hash_key, sorted(census.entries.items()), sorted(census.claims.items()))
    finally:
        connection.close()
        db.close()


def test_rotation_moves_the_census_list_from_its_file(site, clock, tmp_path, capsys):
    wsgi = census_site(site, clock)
    verify_census(signed_in(wsgi, "aliya@example.kz"), ALIYA)
    site.stop()
    census_file = tmp_path / "census.csv"
    census_file.write_bytes(CENSUS)
    before = stored(site.data_fs)
    ini = write_ini(
        tmp_path,
        site.data_fs,
        consult__hash_secret="the-new-key",
        consult__previous_hash_secret=HASH_SECRET,
    )

    # A dry run reports and changes nothing.
    assert (
        main(["rotate-hash-secret", "--ini", ini, "--census", str(census_file), "--dry-run"]) == 0
    )
    assert "Dry run: nothing was changed." in capsys.readouterr().out
    assert stored(site.data_fs) == before

    assert main(["rotate-hash-secret", "--ini", ini, "--census", str(census_file)]) == 0
    out = capsys.readouterr().out
    assert (
        "census list: 2 people re-keyed from the file (0 were already), with 1 verified "
        "accounts' claims; every person on the list is under the new key." in out
    )
    assert "Nothing needs the old key any more" in out
    hash_key, entries, claims = stored(site.data_fs)
    assert hash_key == fingerprint("the-new-key")
    assert len(entries) == 2 and not set(entries) & set(dict(before[1]))
    assert [owner for _key, owner in claims] == [owner for _key, owner in before[2]]

    # The site starts with the new key alone, and the list still matches:
    # Bolat verifies, and nobody takes Aliya's number.
    wsgi = site({"consult.hash_secret": "the-new-key"})
    verify_census(signed_in(wsgi, "bolat@example.kz"), BOLAT)
    person(wsgi, "other@example.kz", "Other", "Serikova", clock=clock)
    page = verify_census(signed_in(wsgi, "other@example.kz"), ALIYA, status=400)
    assert "Another account has already been verified with this IIN" in page.text
    # Running it again is harmless.
    site.stop()
    assert main(["rotate-hash-secret", "--ini", ini, "--census", str(census_file)]) == 0
    assert "0 people re-keyed from the file (2 were already)" in capsys.readouterr().out


def test_without_the_file_the_old_key_is_matched_until_the_list_is_loaded_again(
    site, clock, tmp_path, capsys
):
    census_site(site, clock)
    site.stop()
    ini = write_ini(
        tmp_path,
        site.data_fs,
        consult__hash_secret="the-new-key",
        consult__previous_hash_secret=HASH_SECRET,
    )
    assert main(["rotate-hash-secret", "--ini", ini]) == 0
    out = capsys.readouterr().out
    assert (
        "census list: 2 people and 0 verified accounts' claims are keyed with the old "
        "key and cannot be re-keyed without their IINs" in out
    )
    assert "until the census list has been uploaded again" in out
    # While the old key is set, the list still matches.
    wsgi = site({"consult.hash_secret": "the-new-key", "consult.previous_hash_secret": HASH_SECRET})
    page = verify_census(signed_in(wsgi, "aliya@example.kz"), ALIYA).follow()
    assert "you are verified" in page.text
    # Without it, it would not: the list must be loaded again first.
    wsgi = site({"consult.hash_secret": "the-new-key"})
    verify_census(signed_in(wsgi, "bolat@example.kz"), BOLAT, status=400)
    upload(signed_in(wsgi, "admin@example.kz"), CENSUS, mode="replace", confirm=True)
    verify_census(signed_in(wsgi, "bolat@example.kz"), BOLAT)


def test_jury_applications_are_matched_under_the_old_key_until_recruitment_closes(
    site, clock, tmp_path, capsys
):
    wsgi = jury_site(site, clock, "cookie-key")
    apply(wsgi, FIRST_IIN, "Karaganda, Bukhar-Zhyrau avenue 52, flat 7", "aliya@example.kz")
    with opened_root(wsgi.registry._zodb_databases[""], wsgi.registry.evolution_steps) as root:
        jury = root["juries"]["jury"]
        applicant = next(iter(jury.applicants.values()))
        applicant.status = "selected"
        JuryService(FixedClock(clock.now()), HASH_SECRET).invite(jury)
        old_link = f"/juries/jury/respond?token={make_token(HASH_SECRET, jury, applicant)}"
    site.stop()
    ini = write_ini(
        tmp_path,
        site.data_fs,
        consult__hash_secret="the-new-key",
        consult__previous_hash_secret=HASH_SECRET,
    )
    assert main(["rotate-hash-secret", "--ini", ini]) == 0
    out = capsys.readouterr().out
    closes = (clock.now() + timedelta(days=5)).strftime("%Y-%m-%d %H:%M")
    assert (
        f"jury jury: 1 applications keyed with the old key; recruitment is open until "
        f"{closes} UTC" in out
    )
    expires = (clock.now() + timedelta(days=14)).strftime("%Y-%m-%d %H:%M")
    assert (
        "jury jury: 1 invitation links were signed with the old key; they work until "
        f"they expire, at the latest {expires} UTC" in out
    )
    # The old key is needed until the last of these dates.
    assert f"Keep consult.previous_hash_secret set to the old key until {expires} UTC" in out

    wsgi = site({"consult.hash_secret": "the-new-key", "consult.previous_hash_secret": HASH_SECRET})
    apply(wsgi, FIRST_IIN, "Almaty, Abai avenue 10, flat 3", "aliya.again@example.kz")
    assert applications(wsgi) == (1, 1)
    app = TestApp(wsgi, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    assert app.get(old_link).status_int == 200


def test_an_upgraded_database_keeps_its_hashes_matching(site, clock, tmp_path, capsys):
    """Hashes from before consult.hash_secret were keyed by the session
    secret: evolution step 16 notes it, the site refuses another hash
    secret until they are moved, and `--from-session-secret` moves them."""
    # A database as the code before made it: census hashes under the session secret.
    wsgi = census_site(site, clock)
    with opened_root(wsgi.registry._zodb_databases[""], wsgi.registry.evolution_steps) as root:
        census = root.census
        census.entries.clear()
        census.load(hashed_entries("cookie-key", parse_census(CENSUS)), census.last_upload())
        del root.hash_key
        root.generation = 15
    site.stop()
    ini = write_ini(tmp_path, site.data_fs, consult__hash_secret="the-new-key")
    assert main(["evolve", "--ini", ini]) == 1
    assert (
        "The site will not start: consult.hash_secret: the stored hashes of this "
        "database (census list, jury applications) were made with "
        "consult.session_secret" in capsys.readouterr().out
    )
    assert stored(site.data_fs)[0] == SESSION_SECRET
    with pytest.raises(SettingError, match="were made with consult.session_secret"):
        site({"consult.session_secret": "cookie-key", "consult.hash_secret": "the-new-key"})
    # The same value as the session secret starts as before.
    site({"consult.session_secret": "cookie-key", "consult.hash_secret": "cookie-key"})
    site.stop()

    census_file = tmp_path / "census.csv"
    census_file.write_bytes(CENSUS)
    # The session secret changed before the hashes were moved: the list is not
    # found under it, and nothing is changed.
    early = write_ini(tmp_path, site.data_fs, consult__hash_secret="the-new-key")
    Path(early).write_text(Path(early).read_text().replace("cookie-key", "changed-too-early"))
    with pytest.raises(
        SystemExit,
        match="none of the 2 people in the census file is on the "
        "list under the old key or the new one",
    ):
        main(
            [
                "rotate-hash-secret",
                "--ini",
                early,
                "--from-session-secret",
                "--census",
                str(census_file),
            ]
        )
    assert stored(site.data_fs)[0] == SESSION_SECRET
    ini = write_ini(tmp_path, site.data_fs, consult__hash_secret="the-new-key")
    assert (
        main(
            [
                "rotate-hash-secret",
                "--ini",
                ini,
                "--from-session-secret",
                "--census",
                str(census_file),
            ]
        )
        == 0
    )
    assert "census list: 2 people re-keyed from the file" in capsys.readouterr().out
    wsgi = site(
        {"consult.session_secret": "a-new-cookie-key", "consult.hash_secret": "the-new-key"}
    )
    page = verify_census(signed_in(wsgi, "aliya@example.kz"), ALIYA).follow()
    assert "you are verified" in page.text


def test_a_wrong_old_key_changes_nothing(site, clock, tmp_path, capsys):
    census_site(site, clock)
    site.stop()
    census_file = tmp_path / "census.csv"
    census_file.write_bytes(CENSUS)
    before = stored(site.data_fs)
    # The old key given is not the list's: nothing in the file is found under it.
    ini = write_ini(
        tmp_path,
        site.data_fs,
        consult__hash_secret=HASH_SECRET + "-new",
        consult__previous_hash_secret="not-the-old-key",
    )
    with pytest.raises(SystemExit, match="neither the old key given"):
        main(["rotate-hash-secret", "--ini", ini, "--census", str(census_file)])
    # Nor is a rotation from the session secret of a database that records another key.
    ini = write_ini(tmp_path, site.data_fs, consult__hash_secret="the-new-key")
    with pytest.raises(SystemExit, match="nothing was changed"):
        main(["rotate-hash-secret", "--ini", ini, "--from-session-secret"])
    assert stored(site.data_fs) == before
