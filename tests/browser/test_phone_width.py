"""Every kind of page fits a phone: at 390 x 844 CSS pixels no page scrolls
sideways (`scrollWidth <= innerWidth`), in each language, whoever reads it.

The pages come from the small world of tests/world.py (a consultation with
comments and answers, juries with a workspace, content pages, a person in
every role), plus what makes pages wide in practice: a consultation whose
outcome report has its decisions table, and a comment with a long address
and a long Kazakh word. One report lists every page that overflows, with
its width, so that one run shows all there is to fix."""

from datetime import timedelta

import factories
import pytest
from conftest import PASSWORD
from pyramid.traversal import resource_path
from world import SLUG, build_world

from consult.clock import FixedClock
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.responses.services import ResponseService

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
REPORTED = "outcome-published"
LONG_TEXT = (
    "The register is at https://adilet.zan.kz/rus/docs/Z2300000000_citizens_juries_register"
    "_and_its_annexes_2026 and the word мемлекеттіксыздандырылмағандықтарыңыздан is long."
)

# (who reads it, the page's name in the report, its path); None: anyone.
PAGES = [
    (None, "home", "/"),
    (None, "consultations list", "/consultations/"),
    (None, "consultations list, filtered", "/consultations/?status=closed&tag=juries"),
    (None, "consultation", f"/consultations/{SLUG}/"),
    (None, "article with comments", f"/consultations/{SLUG}/draft/1/"),
    (None, "draft", f"/consultations/{SLUG}/draft/"),
    (None, "Green-Paper question", f"/consultations/{SLUG}/green/"),
    (None, "search results", "/search?q=jurors"),
    (None, "outcome report", f"/consultations/{REPORTED}/report"),
    (None, "consultation with its outcome", f"/consultations/{REPORTED}/"),
    (None, "juries list", "/juries/"),
    (None, "jury's public page", "/juries/pensions/"),
    (None, "jury with findings", "/juries/answered/"),
    (None, "content page", "/pages/rules"),
    (None, "sign-in", "/login"),
    (None, "registration", "/register"),
    (None, "not found", "/no-such-page"),
    ("citizen", "forbidden", "/principals/"),
    ("editor", "answer queue", f"/consultations/{SLUG}/answer-queue"),
    ("editor", "answers dashboard", f"/consultations/{SLUG}/answers"),
    ("editor", "staff outcome report", f"/consultations/{REPORTED}/report"),
    ("moderator", "moderation queue", "/moderation"),
    ("moderator", "a comment's own page", "{comment}"),
    ("administrator", "people and roles", "/principals/"),
    ("administrator", "folder contents", "/pages/contents"),
    ("administrator", "audit log", "/audit/"),
    ("editor", "draft's changes", f"/consultations/{REPORTED}/draft/changes"),
    ("organiser", "jury management", "/juries/pensions/manage"),
    ("organiser", "jury's applicants", "/juries/pensions/applicants"),
    ("organiser", "jury's quotas", "/juries/pensions/quotas"),
    (None, "jury's findings", "/juries/answered/findings"),
    ("juror", "juror's workspace", "/juries/pensions/workspace/"),
    ("juror", "workspace agenda", "/juries/pensions/workspace/agenda/"),
    ("juror", "workspace evidence", "/juries/pensions/workspace/evidence/"),
    ("juror", "workspace threads", "/juries/pensions/workspace/threads/"),
    ("juror", "workspace recommendations", "/juries/pensions/workspace/recommendations/"),
    ("juror", "workspace members", "/juries/pensions/workspace/members"),
    ("juror", "account", "/account"),
]

ERROR_PAGES = {"not found": 404, "forbidden": 403}


@pytest.fixture
def world(database, clock):
    with database() as root:
        world = build_world(root, clock, PASSWORD)
        people = {role: root["principals"][userid] for role, userid in world.ids.items()}
        _outcome_published(root, clock, people)
        consultation = root["consultations"][SLUG]
        draft = consultation.current_draft()
        comment = FeedbackService(clock, {}).post(
            consultation, draft["1"].target, people["citizen"], LONG_TEXT, "neutral"
        )
        world.paths = {"comment": resource_path(comment)}
        world.resource_paths = sorted(
            {resource_path(r).rstrip("/") + "/" for rs in world.resources.values() for r in rs}
        )
    return world


def _outcome_published(root, clock, people):
    """A consultation whose stages are over, with comments answered with
    every kind of decision and its outcome published."""
    consultation = factories.published_consultation(
        root, clock, REPORTED, stage_open="closed", creator=people["editor"]
    )
    # The White Paper was open five days ago (factories: closed a day ago).
    back_then = FeedbackService(FixedClock(clock.now() - timedelta(days=5)), {})
    draft = consultation.current_draft()
    responses = ResponseService(clock, {})
    decisions = ("accepted", "partly", "rejected", "noted")
    for number, decision in enumerate(decisions):
        comment = back_then.post(
            consultation,
            draft[str(number % 3 + 1)].target,
            people["citizen"],
            LONG_TEXT if number == 0 else f"Comment number {number} on this article.",
            "for",
        )
        responses.answer(
            consultation, [comment], people["editor"], decision, "Because " + LONG_TEXT
        )
    ConsultationService(root["consultations"], clock).publish_outcome(
        consultation, {"en": "The law was passed with the changes listed here. " + LONG_TEXT}
    )


def overflow(page):
    """How far the page scrolls sideways (0: it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


# The innermost elements that reach past the right edge, or whose text does
# (a long word overflows its paragraph, which keeps its width): what to fix.
CULPRITS = """() => {
  const wide = e => { const r = e.getBoundingClientRect();
    return Math.max(r.right, r.left + e.scrollWidth) > window.innerWidth + 0.5; };
  // Text for screen readers only is clipped to a pixel: it widens nothing.
  return [...document.querySelectorAll('body *')]
    .filter(e => !e.closest('.visually-hidden')).filter(wide)
    .filter(e => ![...e.children].some(wide))
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase()
      + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
      + ' "' + (e.textContent || '').trim().slice(0, 40) + '"');
}"""


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_page_fits_a_phone(world, new_context, language):
    contexts = {}
    problems = []
    for role, name, path in PAGES:
        if role not in contexts:
            contexts[role] = new_context(viewport=PHONE).new_page()
            if role is not None:
                _sign_in(contexts[role], world.people[role])
        page = contexts[role]
        path = path.format(**world.paths)
        url = path + ("&" if "?" in path else "?") + f"_LOCALE_={language}"
        response = page.goto(url)
        # A page that answered something else (a sign-in form instead of the
        # staff page) would pass without being the page it names.
        expected = ERROR_PAGES.get(name, 200)
        if response.status != expected:
            problems.append(f"{name} ({url}): HTTP {response.status}, expected {expected}")
            continue
        excess = overflow(page)
        if excess > 0:
            culprits = ", ".join(page.evaluate(CULPRITS))
            problems.append(f"{name} ({url}) is {excess} px wider than the phone: {culprits}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_resource_of_the_world_fits_a_phone(world, new_context):
    """The default page of every resource in the world, as an administrator
    (who may open them all), in Kazakh (its words are the longest): the
    pages the list above does not name (a stage, a thread, a draw)."""
    page = new_context(viewport=PHONE).new_page()
    _sign_in(page, world.people["administrator"])
    problems, seen = [], 0
    for path in world.resource_paths:
        response = page.goto(path + "?_LOCALE_=kk")
        if response.status != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        seen += 1
        excess = overflow(page)
        if excess > 0:
            culprits = ", ".join(page.evaluate(CULPRITS))
            problems.append(f"{path} is {excess} px wider than the phone: {culprits}")
    assert seen >= 25, f"only {seen} pages answered"
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _sign_in(page, email_address):
    page.goto("/login")
    page.get_by_label("E-mail address", exact=True).fill(email_address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
