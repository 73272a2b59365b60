"""Helpers the functional tests share: where a comment thread is read, the
people and roles page's forms, and the consultation forms."""

from consult.resources import opened_root


def thread_path(app, slug, target):
    """The real page that shows `target`'s thread: the Green Paper for a
    question, the article page for an article or one of its paragraphs."""
    with opened_root(
        app.app.registry._zodb_databases[""], app.app.registry.evolution_steps
    ) as root:
        kind, found = root["consultations"][slug].find_target(target)
        if kind == "question":
            return f"/consultations/{slug}/green/", {}
        article = found if kind == "article" else found[0]
        path = f"/consultations/{slug}/drafts/{article.__parent__.version}/{article.number}/"
        return path, ({"paragraph": found[1].uid} if kind == "paragraph" else {})


def thread_page(app, slug, target, **params):
    path, query = thread_path(app, slug, target)
    return app.get(path, params=dict(query, **params))


def role_form(page, userid):
    """One person's form on the people and roles page (/principals/)."""
    [form] = [
        f
        for f in page.forms.values()
        if f.action.endswith("/roles") and f["userid"].value == userid
    ]
    return form


def tick(form, *roles):
    """Tick exactly `roles` on a person's role form."""
    for field in form.fields["roles"]:
        field.checked = field._value in roles


# -- the consultation forms ------------------------------------------------------------
SLUG = "open-data"


def create(app, slug=SLUG, **fields):
    form = app.get("/consultations/add").forms["deform"]
    values = {
        "slug": slug,
        "title_en": "Open data in ministries",
        "title_ru": "Открытые данные в министерствах",
        "summary_en": "Which data should ministries publish?\n\nTell us.",
        "organisation": "digital-development",  # a shipped ministry, made when chosen
        "tags": "data, open government",
    }
    values.update(fields)
    for name, value in values.items():
        form[name] = value
    return form.submit("create")


def set_stages(app, slug=SLUG, **times):
    form = app.get(f"/consultations/{slug}/stages").forms["deform"]
    for name, value in times.items():
        form[name] = value
    return form.submit("save")


def words(page):
    """The text of a page with whitespace (incl. Babel's narrow no-break space) normalised."""
    return " ".join(page.html.get_text().split())
