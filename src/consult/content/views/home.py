"""The home page, composed by the site's editors: the page they chose (site
settings, `home_page`) in the reader's language, the consultations open for
comments and the others, then the latest news in the reader's language.
It lives in content because content may read consultations, not the other
way round."""

from pyramid.view import view_config

from ...consultations.views.common import Summary
from ...resources.models import Root
from ..navigation import other_language, public_version
from ..news import latest_news
from ..rendering import render_markdown
from .common import TEMPLATES, now

HOME_OTHERS = 5
HOME_NEWS = 3


def _consultations(request, when):
    published = [
        Summary(request, c, when)
        for c in request.root["consultations"].by_newest()
        if c.published_at is not None
    ]
    open_now = [s for s in published if s.state == "open"]
    open_now.sort(key=lambda s: s.consultation.open_stage(when).closes_at)
    others = [s for s in published if s.state != "open"][:HOME_OTHERS]
    return open_now, others


def _chosen_page(request, when):
    uid = request.root.site_settings.home_page
    page = request.root.content_catalog.get(uid) if uid else None
    if page is None:
        return None
    return public_version(request, page, request.locale_name, when)


@view_config(context=Root, permission="view", renderer=TEMPLATES + "home.pt")
def home(request):
    when = now(request)
    open_now, others = _consultations(request, when)
    page = _chosen_page(request, when)
    language = request.locale_name
    return {
        "open": open_now,
        "others": others,
        "page": page,
        "page_lang": other_language(page, language) if page is not None else None,
        "page_html": render_markdown(page.body) if page is not None else "",
        "news": latest_news(request.root.content_catalog, when, language, HOME_NEWS),
    }
