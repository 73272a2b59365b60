"""Shared fixtures: a fresh real database per test, a clock that moves only
when told (every test's `clock`, unit tests' too), the mail that was sent,
people with roles, a consultation. The objects themselves are built by
tests/factories.py."""

import atexit
import email
import email.policy
import os
import shutil
import tempfile

# Each test builds a fresh app; let Chameleon keep compiled templates on disk
# instead of compiling every template again for every test (and remove them
# when the run ends).
if "CHAMELEON_CACHE" not in os.environ:
    os.environ["CHAMELEON_CACHE"] = tempfile.mkdtemp(prefix="consult-chameleon-")
    atexit.register(shutil.rmtree, os.environ["CHAMELEON_CACHE"], True)
from pathlib import Path

import factories
import pytest
import webob.request
from factories import NOW, PASSWORD
from webtest import TestApp

from consult.clock import FixedClock, IClock
from consult.config import configure
from consult.resources import opened_root

# WebOb spools request bodies over 10 KB to a temporary file that it leaves to
# the garbage collector; under warnings-as-errors the ResourceWarning would fail
# whichever test runs next. Keep test bodies (uploads, long comments) in memory.
webob.request.BaseRequest.request_body_tempfile_limit = 32 * 1024 * 1024


@pytest.fixture
def clock():
    """A clock standing at factories.NOW until the test moves it
    (`clock.advance(timedelta(...))`). tests/browser/ uses the real clock."""
    return FixedClock(NOW)


@pytest.fixture
def settings(tmp_path):
    return {
        "zodbconn.uri": "memory://",
        "consult.session_secret": "testing-secret",
        "consult.hash_secret": "testing-hash-secret",
        # WebTest's own host: links in mail lead back into the test app.
        "consult.public_url": "http://localhost",
        "mail.debug_directory": str(tmp_path / "mail"),
        "pyramid.default_locale_name": "en",
        # The memory engine, fed on demand: `search_sync()` in a test.
        "consult.search.backend": "memory",
        "consult.search.feed_thread": "false",
        "consult.campaigns.worker": "false",
        "consult.imports.worker": "false",
        # The clock jumps days between two requests of one signed-in person
        # (a stage closes, recruitment ends), which no idle person's session
        # survives: here sessions outlast the tests. tests/security/
        # test_sessions.py runs with the real limits.
        "consult.session.idle_minutes": str(60 * 24 * 365),
        "consult.session.lifetime_hours": str(24 * 365 * 10),
    }


@pytest.fixture
def wsgi_app(settings, clock):
    config = configure(settings)
    config.register_service(clock, IClock)
    config.commit()
    app = config.make_wsgi_app()
    yield app
    app.registry.search_feeder.stop()
    app.registry.campaign_worker.stop()
    app.registry.import_worker.stop()
    for db in app.registry._zodb_databases.values():
        db.close()


@pytest.fixture
def servers(tmp_path):
    """servers(ini, port) starts a real `pserve` process (tests/servers.py);
    every one started is stopped after the test, their output in server.log."""
    from servers import Server

    started = []
    log = open(tmp_path / "server.log", "w")

    def start(ini, port):
        server = Server(ini, port, log)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
    log.close()


@pytest.fixture
def campaign_sync(wsgi_app):
    """`campaign_sync()` places every committed comment in its campaign (the
    background worker is off in tests)."""
    return wsgi_app.registry.campaign_worker.catch_up


@pytest.fixture
def search_sync(wsgi_app):
    """`search_sync()` brings the search index up to date with every commit
    so far (the background feeder is off in tests)."""
    return wsgi_app.registry.search_feeder.catch_up


@pytest.fixture
def app(wsgi_app):
    """A WebTest client; Accept-Language is English unless a test says otherwise."""
    return TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})


@pytest.fixture
def database(wsgi_app):
    """`with database() as root:` opens the app's database; commits on exit."""
    return lambda: opened_root(
        wsgi_app.registry._zodb_databases[""], wsgi_app.registry.evolution_steps
    )


class Outbox:
    def __init__(self, directory):
        self.directory = Path(directory)

    def messages(self):
        if not self.directory.exists():
            return []
        files = sorted(self.directory.iterdir(), key=lambda p: p.stat().st_mtime_ns)
        return [
            email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files
        ]

    def bodies_to(self, address):
        return [m.get_body(("plain",)).get_content() for m in self.messages() if address in m["To"]]


@pytest.fixture
def outbox(settings):
    return Outbox(settings["mail.debug_directory"])


@pytest.fixture
def make_user(database, clock):
    """Create an account directly: make_user("aigerim@example.kz", "Aigerim",
    "Serikova", roles=("moderator",), confirmed=True) -> its id."""

    def make(
        email_address,
        first_name="Aigerim",
        last_name="Serikova",
        roles=(),
        confirmed=True,
        password=PASSWORD,
    ):
        with database() as root:
            principal = factories.principal(
                email_address,
                first_name,
                last_name,
                password=password,
                created=clock.now(),
                confirmed_at=clock.now() if confirmed else None,
                roles=roles,
            )
            root["principals"].add_principal(principal)
            return principal.id

    return make


@pytest.fixture
def browser(wsgi_app):
    """browser("a@example.kz") is a separate person with their own cookies,
    signed in through the real form; browser() stays anonymous."""

    def make(email_address=None):
        app = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        if email_address:
            _login(app, email_address)
        return app

    return make


def _login(app, email_address, password=PASSWORD):
    form = app.get("/login").forms["deform"]
    form["email"] = email_address
    form["password"] = password
    return form.submit("login").maybe_follow()


@pytest.fixture
def login():
    """login(app, "a@example.kz") signs in through the real form and returns
    the page after the redirect."""
    return _login


@pytest.fixture
def make_consultation(database, clock):
    """A published consultation with a Green-Paper question and a three-article
    draft (Russian and English); `stage_open` says which stage is open now
    (factories.published_consultation)."""

    def make(slug="citizens-juries", stage_open="white", editor_id=None, premoderation=False):
        with database() as root:
            factories.published_consultation(
                root,
                clock,
                slug,
                stage_open=stage_open,
                creator=root["principals"].get(editor_id) if editor_id else None,
                premoderation=premoderation,
            )
            return slug

    return make
