"""The pages work under their Content-Security-Policy, in a browser that
enforces it: the main kinds of page load with the policy, report no
violation (the page's own `securitypolicyviolation` events and Chromium's
console), keep their style sheet, and their forms work: a citizen comments,
an editor imports a Word draft and saves it from its preview.

The other browser tests bypass the policy, because they inject axe-core as an
inline script; these do not, and run no axe scan for that reason."""

import re

import docx
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
                           + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""
COMMENT = "Fifteen jurors are too few for a region as large as Karaganda."


@pytest.fixture
def enforcing(new_context):
    """enforcing() -> a page in a fresh context that enforces CSP and
    records every violation (`page.console_violations` for Chromium's own
    reports, `violations(page)` for both)."""

    def make():
        context = new_context(bypass_csp=False)
        context.add_init_script(WATCH)
        page = context.new_page()
        page.console_violations = []
        page.on(
            "console",
            lambda message: (
                page.console_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page

    return make


def violations(page):
    return page.evaluate("window.__violations || []") + page.console_violations


def visit(page, path):
    """Open `path`: its answer carries the policy, the page breaks none of it
    and its style sheet applies."""
    response = page.goto(path)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy, path
    check(page)
    return response


def check(page):
    """No violation so far on the page now shown, and consult.css applied."""
    page.wait_for_load_state("load")
    assert violations(page) == [], page.url
    # .site-header's tint comes from the style sheet: blocked, it would be clear.
    background = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert background == "rgb(243, 246, 249)", page.url


def sign_in(page, email_address, password):
    visit(page, "/login")
    page.get_by_label("E-mail address", exact=True).fill(email_address)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check(page)


def test_public_pages_break_no_policy(consultation, enforcing):
    page = enforcing()
    for path in (
        "/",
        "/consultations/",
        f"/consultations/{consultation}/",
        f"/consultations/{consultation}/green/",
        f"/consultations/{consultation}/draft/",
        f"/consultations/{consultation}/draft/3/",
        "/search?q=jury",
        "/juries/",
        "/login",
        "/register",
        "/forgot-password",
        "/no-such-page",
        "/?_LOCALE_=kk",
        "/?_LOCALE_=ru",
    ):
        visit(page, path)


def test_a_citizen_comments_under_the_policy(citizen, consultation, enforcing):
    page = enforcing()
    sign_in(page, *citizen)
    visit(page, f"/consultations/{consultation}/draft/3/")
    form = page.locator("#comments form", has=page.get_by_role("button", name="Publish comment"))
    form.get_by_label("Your comment").fill(COMMENT)
    form.get_by_role("radio", name="Against", exact=True).check()
    with page.expect_navigation():
        form.get_by_role("button", name="Publish comment").click()
    expect(page.locator("#comments article.comment", has_text=COMMENT)).to_be_visible()
    check(page)
    visit(page, "/account")


def test_an_editor_imports_a_draft_under_the_policy(editor, consultation, enforcing, tmp_path):
    path = tmp_path / "zakon.docx"
    document = docx.Document()
    document.add_heading("Статья 1. Основные понятия", level=2)
    document.add_paragraph("1. Гражданское жюри — группа граждан, отобранных по жребию.")
    document.save(path)

    page = enforcing()
    sign_in(page, *editor)
    visit(page, f"/consultations/{consultation}/import-draft")
    page.get_by_label("Language of the text").select_option("ru")
    page.get_by_label("File", exact=True).set_input_files(path)
    with page.expect_navigation():
        page.get_by_role("button", name="Preview", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview of the draft bill")
    expect(page.locator(".preview")).to_contain_text("Гражданское жюри — группа граждан")
    check(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save this draft", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("1 articles")
    check(page)
    for path in (
        f"/consultations/{consultation}/stages",
        f"/consultations/{consultation}/edit",
        f"/consultations/{consultation}/publish-version",
        f"/consultations/{consultation}/answer-queue",
        "/consultations/add",
    ):
        visit(page, path)
    expect(page).to_have_url(re.compile("/consultations/add$"))


def test_staff_pages_break_no_policy(make_user, consultation, enforcing):
    make_user("admin@example.kz", "Asel", "Admin", roles=("administrator",))
    page = enforcing()
    sign_in(page, "admin@example.kz", "correct horse battery")
    for path in (
        "/principals/",
        "/census",
        "/juries/new",
        f"/consultations/{consultation}/roles",
        f"/consultations/{consultation}/comments/",
        f"/consultations/{consultation}/answer-queue",
        "/account",
    ):
        visit(page, path)
