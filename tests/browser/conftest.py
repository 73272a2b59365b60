"""Browser tests: headless Chromium (Debian's `chromium`, driven by Playwright's
sync API) against the real app served by waitress on a free local port.

Every test gets a fresh FileStorage database and its own server, so no test
sees another's comments or accounts. Fill the database through the fixtures
below (`make_user`, `make_consultation`); request them before `page` in the
test's arguments so the content exists before the first request (ZODB would
show later writes too, on the server's next transaction).

Nothing here downloads a browser: CHROMIUM (default /usr/bin/chromium) and
axe-core from node_modules are required. Outside CI a missing one skips the
browser tests with the reason; under CI=true it is an error, so that a broken
install step cannot pass as green."""

import logging
import os
import socket
import threading
from pathlib import Path

import pytest
import waitress

from consult.clock import SystemClock

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# No network here but the loopback: keep Chromium from calling home.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous, for a slow 2-core CI machine; tests wait on elements, never sleep.
ACTION_TIMEOUT_MS = 15_000
NAVIGATION_TIMEOUT_MS = 30_000
BLOCKING_IMPACTS = ("serious", "critical")

PASSWORD = "correct horse battery"
CITIZEN_EMAIL = "aigerim@example.kz"
EDITOR_EMAIL = "editor@example.kz"


def _missing(what):
    if os.environ.get("CI"):
        pytest.fail(f"{what} (see .ci/run)", pytrace=False)
    pytest.skip(what)


# -- the browser -------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright():
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _missing("Playwright is not installed: pip install -e '.[testing]'")
    if not os.access(CHROMIUM, os.X_OK):
        _missing(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM")
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _failed(request):
    report = getattr(request.node, "report_call", None)
    return report is not None and report.failed


@pytest.fixture
def new_context(browser, live_server, request):
    """new_context() -> a fresh browser context (no cookies: an anonymous
    visitor) whose relative URLs go to the live server, in English.

    A server error (5xx) on any request of any of its pages fails the test,
    even if the page looked fine; on failure, the URL and the text of each
    page are printed, to help read a CI log."""
    contexts, server_errors = [], []

    def record(response):
        if response.status >= 500:
            server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def make(**options):
        options = {
            "base_url": live_server.url,
            "locale": "en-GB",
            "timezone_id": "Asia/Almaty",
            "bypass_csp": True,
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        context.on("response", record)
        contexts.append(context)
        return context

    yield make
    failed = _failed(request)
    for context in contexts:
        if failed:
            for page in context.pages:
                _print_page(page)
        context.close()
    if server_errors:
        message = "the server answered with errors:\n" + "\n".join(server_errors)
        if failed:
            print(message)
        else:
            pytest.fail(message, pytrace=False)


def _print_page(page):
    print(f"--- page at failure: {page.url}")
    try:
        print(page.locator("body").inner_text(timeout=2_000)[:4_000])
    except Exception as error:  # noqa: BLE001 - diagnostics only
        print(f"(could not read the page: {error})")


@pytest.fixture
def page(new_context):
    """A page in a fresh context: an anonymous visitor until it signs in."""
    return new_context().new_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.report_call = report
    return report


# -- accessibility -----------------------------------------------------------


def axe_violations(page, impacts=BLOCKING_IMPACTS):
    """Run axe-core on the page as it is now; the violations of these impacts,
    one readable line per failing element."""
    if not AXE.is_file():
        _missing(f"no axe-core at {AXE}: run `make browser-deps` (npm install)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.map(n => n.target.join(' '))})))"
    )
    return [
        f"{page.url}: [{v['impact']}] {v['id']}: {v['help']} -- {target}"
        for v in results
        if v["impact"] in impacts
        for target in v["targets"]
    ]


@pytest.fixture(name="axe_violations")
def axe_violations_fixture():
    """axe_violations(page) -> the serious and critical violations, as lines."""
    return axe_violations


@pytest.fixture
def assert_accessible():
    """assert_accessible(page) fails listing every serious or critical axe-core
    violation on the page (rule id, help text, selector of each element)."""

    def check(page):
        problems = axe_violations(page)
        if problems:
            pytest.fail("accessibility violations:\n" + "\n".join(problems), pytrace=False)

    return check


# -- the application ---------------------------------------------------------

# tests/conftest.py provides wsgi_app, database, make_user and
# make_consultation; here they run on a FileStorage with the real clock.


@pytest.fixture
def clock():
    """The real clock: the browser and the server agree on "now", and the
    fixtures' stage dates are relative to it."""
    return SystemClock()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def settings(tmp_path):
    return {
        "zodbconn.uri": f"file://{tmp_path}/Data.fs",
        "consult.session_secret": "browser-testing-secret",
        "consult.hash_secret": "browser-testing-hash-secret",
        # The live server listens here (`live_server`): links in mail work.
        "consult.public_url": f"http://127.0.0.1:{_free_port()}",
        "mail.debug_directory": str(tmp_path / "mail"),
        "pyramid.default_locale_name": "en",
        # As served: whoosh on disk, fed by its background thread.
        "consult.search.backend": "whoosh",
        "consult.search.path": str(tmp_path / "search"),
    }


class LiveServer:
    def __init__(self, app, port=0):
        self.server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"
        self.stopping = False
        self.thread = threading.Thread(target=self._run, name="live-server", daemon=True)
        self.thread.start()

    def _run(self):
        try:
            self.server.run()
        except OSError:
            if not self.stopping:
                raise

    def stop(self):
        # waitress's own test server stops this way (webtest.http): close every
        # channel so the loop ends, then let the worker threads finish.
        self.stopping = True
        logger, level = self.server.logger, self.server.logger.level
        logger.setLevel(logging.ERROR)  # "unhandled close event" is expected here
        try:
            while self.server._map:
                for channel in list(self.server._map.values()):
                    channel.handle_close()
            self.server.task_dispatcher.shutdown()
            self.thread.join(timeout=10)
        finally:
            logger.setLevel(level)


@pytest.fixture
def live_server(wsgi_app, settings):
    """The app served by waitress in a daemon thread, at the settings'
    `consult.public_url`; `.url` has no trailing slash."""
    server = LiveServer(wsgi_app, port=int(settings["consult.public_url"].rsplit(":", 1)[1]))
    yield server
    server.stop()


# -- content -----------------------------------------------------------------


@pytest.fixture
def citizen(make_user):
    """A confirmed account with no staff role: (e-mail, password)."""
    make_user(CITIZEN_EMAIL)
    return CITIZEN_EMAIL, PASSWORD


@pytest.fixture
def editor(make_user):
    """An account with the site-wide editor role: (e-mail, password)."""
    make_user(EDITOR_EMAIL, "Dana", "Editor", roles=("editor",))
    return EDITOR_EMAIL, PASSWORD


@pytest.fixture
def consultation(make_consultation):
    """The slug of a published consultation whose White Paper (the draft) is open."""
    return make_consultation()


# -- steps shared by the tests -------------------------------------------------


@pytest.fixture
def sign_in(assert_accessible):
    """sign_in(page, email, password) signs in through the login page as a
    person would, finding the fields by their labels, and scans the login
    page; returns after the redirect, once the page offers "Sign out"."""
    from playwright.sync_api import expect

    def sign_in(page, email_address, password=PASSWORD):
        page.goto("/login")
        assert_accessible(page)
        page.get_by_label("E-mail address", exact=True).fill(email_address)
        page.get_by_label("Password", exact=True).fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    return sign_in
