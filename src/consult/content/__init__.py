"""The web editors' content: pages, news, FAQ, files, images and links in
folders, with a publication workflow, versions, translations and the site's
settings (docs/architecture.md, "Content")."""

from ..consultations.interfaces import IExplainers
from ..layout import ISitePages, ITranslations
from .interfaces import IContentService
from .services import content_service_factory
from .views.common import ContentTranslations, Explainers, SitePages
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
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".evolve")
