"""The demo's web content, written for it (data/site.json) and made as a
ministry's web team would: the editor writes each text in Russian and
translates it into Kazakh and English, submits it, and the reviewer
publishes it; then the administrator sets the site's name, menu, footer
and home page."""

from datetime import timedelta

from ..content.services import ContentService
from . import content

LANGUAGES = ("ru", "kk", "en")


def _publish(service, item, editor, reviewer):
    service.take_step(item, "submit", editor.id, lambda permission: permission == "edit")
    service.take_step(item, "publish", reviewer.id, lambda permission: permission == "review")


def _written(service, folder, kind, texts, editor, names=None, **fields):
    """{language: item} of one text in the three languages, linked as
    translations, the Russian first."""
    made = {}
    for language in LANGUAGES:
        name = (names or {}).get(language) or ""
        made[language] = service.create(
            folder,
            kind,
            language,
            name,
            dict(fields, **texts[language]),
            editor.id,
            translation_of=made.get("ru"),
        )
    return made


def build_site(root, clock, editor, reviewer, progress=print):
    """Folders, pages, news and FAQ of the demo, published; the site's
    settings. Returns how many items were published."""
    data = content.site_content()
    service = ContentService(root, clock)
    top = root["pages"]
    folders = {"": top}
    published = 0
    for spec in data["folders"]:
        texts = {
            language: {"title": spec["titles"][language], "summary": spec["summaries"][language]}
            for language in LANGUAGES
        }
        names = {"ru": spec["name"], "kk": f"{spec['name']}-kk", "en": f"{spec['name']}-en"}
        made = _written(service, top, "folder", texts, editor, names)
        for item in made.values():
            _publish(service, item, editor, reviewer)
            published += 1
        folders[spec["name"]] = made["ru"]
    now = clock.now()
    for spec in data["items"]:
        texts = {
            language: dict({"summary": ""}, **spec["texts"][language]) for language in LANGUAGES
        }
        extra = {"related": spec["related"]} if spec.get("related") else {}
        made = _written(
            service,
            folders[spec["folder"]],
            spec["kind"],
            texts,
            editor,
            spec.get("names"),
            **extra,
        )
        for item in made.values():
            service.set_dates(item, now - timedelta(days=spec["days_ago"]), None, editor.id)
            _publish(service, item, editor, reviewer)
            published += 1
    service.update_settings(
        {
            "site_name": data["site_name"],
            "menu": [(folders.get(name) or top[name]).uid for name in data["menu"]],
            "footer_links": [
                (link["labels"], f"/pages/{link['page']}/") for link in data["footer"]
            ],
            "home_page": top[data["home_page"]].uid,
        },
        None,
    )
    progress(f"Published {published} pages, news items and questions of the site.")
    return published
