"""`/sitemap.xml`: the public pages of the site in every language, for
search engines (content.sitemap says what it lists)."""

from pyramid.response import Response
from pyramid.view import view_config

from ...resources.models import Root
from ..models import ContentItem
from ..sitemap import language_alternates, public_content, sitemap_xml, translated_alternates
from .common import now


@view_config(context=Root, name="sitemap.xml", permission="view")
def sitemap(request):
    root = request.root
    when = now(request)
    catalog = root.content_catalog
    default_language = root.site_settings.default_language
    entries = [_neutral(request, root), _neutral(request, root["consultations"])]
    for item in sorted(public_content(catalog, when), key=request.resource_path):
        if item.language:
            alternates = translated_alternates(
                item, catalog, when, default_language, request.resource_url
            )
            entries.append((request.resource_url(item), item.modified, alternates))
        else:
            entries.append(_neutral(request, item))
    for consultation in root["consultations"].by_newest():
        if consultation.published_at is not None:
            entries.append(_neutral(request, consultation, consultation.published_at))
    return Response(sitemap_xml(entries), content_type="application/xml", charset="utf-8")


def _neutral(request, resource, lastmod=None):
    """A page whose one address serves every language (`?_LOCALE_=`)."""
    url = request.resource_url(resource)
    if lastmod is None and isinstance(resource, ContentItem):
        lastmod = resource.modified
    return (
        url,
        lastmod,
        language_alternates(
            url, lambda language: request.resource_url(resource, query={"_LOCALE_": language})
        ),
    )
