"""Full-text search in Kazakh, Russian and English, behind one interface.

Each process has one index feeder (`feed.IndexFeeder`): a background thread,
started here, that writes the index after ZODB commits; requests search
through `service.ISearchService` and never write."""
import atexit
import logging

from pyramid.exceptions import ConfigurationError
from pyramid.settings import asbool

log = logging.getLogger(__name__)


def feeder_from_settings(db, settings):
    # Imported here: the models import `search.changes`, and the feeder
    # imports the models, so the package itself must import neither.
    from .feed import BATCH_DELAY, MIN_INTERVAL, POLL_SECONDS, WINDOW_SECONDS, IndexFeeder
    from .reindex import index_settings

    backend, path = index_settings(settings)
    if backend != "memory" and not path:
        raise ConfigurationError(
            f"consult.search.path must name a directory for the {backend} search index")
    return IndexFeeder(
        db, backend, path,
        poll=float(settings.get("consult.search.poll_seconds", POLL_SECONDS)),
        window=float(settings.get("consult.search.window_seconds", WINDOW_SECONDS)),
        batch_delay=float(settings.get("consult.search.batch_delay_seconds", BATCH_DELAY)),
        min_interval=float(settings.get("consult.search.min_interval_seconds",
                                        MIN_INTERVAL)))


def includeme(config):
    from .interfaces import ISearchService
    from .service import search_service_factory

    settings = config.registry.settings
    db = config.registry._zodb_databases[""]
    feeder = feeder_from_settings(db, settings)
    config.registry.search_feeder = feeder
    config.register_service_factory(search_service_factory, ISearchService)
    # Tests turn the thread off and call `feeder.catch_up()` when they need
    # the index current; a served site always runs it.
    if asbool(settings.get("consult.search.feed_thread", True)):
        feeder.start()
        atexit.register(feeder.stop)
    config.include(".views")
