"""The web editors' content: pages, news, FAQ, files, images and links in
folders, with a publication workflow, versions, translations and the site's
settings (docs/architecture.md, "Content")."""

from ..consultations.interfaces import IExplainers
from ..layout import ISiteChrome, ISitePages, ITranslations
from .interfaces import IContentService
from .navigation import SiteChrome
from .services import content_service_factory
from .views.common import ContentTranslations, Explainers, SitePages
from .views.news import HoldsNewsPredicate
from .views.reading import ContentPredicate
from .views.redirects import MovedContentPredicate


def includeme(config):
    config.register_service_factory(content_service_factory, IContentService)
    # Content a reader may not see answers 404 (views.reading.hidden_content).
    config.add_view_predicate("content", ContentPredicate)
    # Old addresses of renamed and moved content redirect (views.redirects).
    config.add_view_predicate("moved_content", MovedContentPredicate)
    config.registry.registerUtility(ContentTranslations(), ITranslations)
    # A consultation's page lists the pages and news about it.
    config.registry.registerUtility(Explainers(), IExplainers)
    config.registry.registerUtility(SitePages(), ISitePages)
    # A folder holding news lists them newest first (views.news).
    config.add_view_predicate("holds_news", HoldsNewsPredicate)
    # The header's and footer's site settings (layout.ISiteChrome).
    config.registry.registerUtility(SiteChrome(), ISiteChrome)
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".evolve")
