"""The pages every site needs, made with a new database (and by evolution
step 17 in an older one) and then the editors' to change: the rules of
discussion, the privacy notice, how consultations work, and contact. Each is
in kk, ru and en, published, the three linked as translations; the Russian
one has the plain name (`/pages/rules`), the others the language after it
(`/pages/rules-kk`).

The texts are Markdown files in `starter/`, `<name>.<language>.md`: the
first line is the title after "# ", the next paragraph the summary, the
rest the body."""

from datetime import UTC, datetime
from importlib.resources import files

from .models import Page, Version

STARTER = files("consult.content") / "starter"
PAGES = ("how-it-works", "rules", "privacy", "contact")
LANGUAGES = ("ru", "kk", "en")


def read_page(name, language):
    """(title, summary, body) of one starter page."""
    text = (STARTER / f"{name}.{language}.md").read_text(encoding="utf-8")
    heading, _, rest = text.partition("\n")
    summary, _, body = rest.strip().partition("\n\n")
    return heading.removeprefix("# ").strip(), summary.strip(), body.strip()


def add_starter_pages(root, when=None):
    when = when or datetime.now(UTC)
    top, catalog = root["pages"], root.content_catalog
    for name in PAGES:
        group = None
        for language in LANGUAGES:
            title, summary, body = read_page(name, language)
            page = Page(language, title, when, None)
            page.summary, page.body, page.state = summary, body, "published"
            page.versions.append(Version(1, page.fields(), when, None))
            top.add(name if language == "ru" else f"{name}-{language}", page)
            catalog.index(page)
            if group is None:
                group = page.translation_group
            else:
                catalog.join(page, group)
