"""No public page, in any language, shows an e-mail address.

Builds the demo content (real comments from many accounts, whose e-mail
addresses are known), then crawls every page an anonymous reader can reach."""

import re
from urllib.parse import urldefrag, urlparse

import pytest

from consult.demo.builder import build_demo

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MAX_PAGES = 400


@pytest.fixture
def demo(database, clock):
    with database() as root:
        build_demo(root, clock, progress=lambda text: None, comments=80)
        return [p.email for p in root["principals"].values()]


def crawl(app, language):
    seen, queue, pages = set(), [f"/?_LOCALE_={language}"], {}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = app.get(url, status="*", headers={"Accept-Language": language})
        if response.status_int in (301, 302, 303):
            location = urlparse(response.headers["Location"])
            if location.netloc in ("", "localhost"):
                queue.append(location.path + (f"?{location.query}" if location.query else ""))
            continue
        if response.content_type != "text/html":
            continue
        pages[url] = response.text
        for href in re.findall(r'href="([^"]+)"', response.text):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.netloc not in ("", "localhost") or parsed.path.startswith(
                ("/static", "/deform-static", "/set-language", "/logout")
            ):
                continue
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if target not in seen:
                queue.append(target)
    return pages


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_no_public_page_shows_an_email_address(app, demo, language):
    pages = crawl(app, language)
    # The crawl really reached the content: the draft, an article, comments.
    assert any("/draft" in url for url in pages), sorted(pages)
    assert any('class="comment' in html for html in pages.values())
    assert len(pages) > 10
    for url, html in pages.items():
        found = EMAIL.findall(html)
        assert not found, f"{url} shows {found}"
        assert f'lang="{language}"' in html.split(">", 2)[1] or f'lang="{language}"' in html[:300]
    assert not any(address in html for html in pages.values() for address in demo)


def test_pages_with_demo_comments_credit_polis(app, demo):
    page = app.get("/consultations/citizens-juries/drafts/1/3/")
    assert 'class="comment' in page.text
    assert "The Computational Democracy Project" in page.text
