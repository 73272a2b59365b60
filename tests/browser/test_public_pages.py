"""The public pages in Kazakh, Russian and English: each one answers, says
its language in <html lang>, and has no serious or critical axe violation."""

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/consultations/",
    "/consultations/{slug}/",
    "/consultations/{slug}/green/",
    "/consultations/{slug}/white/",
    "/consultations/{slug}/draft/",
    "/consultations/{slug}/draft/3/",
]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_public_pages_in_every_language(language, consultation, page, axe_violations):
    problems = []
    for path in PAGES:
        url = path.format(slug=consultation) + f"?_LOCALE_={language}"
        response = page.goto(url)
        if response.status != 200:
            problems.append(f"{url}: HTTP {response.status}")
            continue
        lang = page.locator("html").get_attribute("lang")
        if lang != language:
            problems.append(f"{url}: <html lang={lang!r}>, expected {language!r}")
        problems += axe_violations(page)
    # One report for all the pages, so a single run shows everything to fix.
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
