"""The web editors' content: pages, news, FAQ, files, images and links in
folders, with a publication workflow, versions, translations and the site's
settings (docs/architecture.md, "Content")."""

from ..layout import ISiteChrome, ITranslations
from .interfaces import IContentService
from .navigation import SiteChrome
from .services import content_service_factory
from .views.common import ContentTranslations
from .views.news import HoldsNewsPredicate
from .views.reading import ContentPredicate


def includeme(config):
    config.register_service_factory(content_service_factory, IContentService)
    # Content a reader may not see answers 404 (views.reading.hidden_content).
    config.add_view_predicate("content", ContentPredicate)
    # A folder holding news lists them newest first (views.news).
    config.add_view_predicate("holds_news", HoldsNewsPredicate)
    config.registry.registerUtility(ContentTranslations(), ITranslations)
    # The header's and footer's site settings (layout.ISiteChrome).
    config.registry.registerUtility(SiteChrome(), ISiteChrome)
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".evolve")
