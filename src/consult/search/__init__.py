"""Full-text search in Kazakh, Russian and English, behind one interface.

Each process has one index feeder (`feed.IndexFeeder`): a background thread,
started here, that writes the index after ZODB commits; requests search
through `service.ISearchService` and never write."""

import atexit
import logging

from pyramid.exceptions import ConfigurationError

from ..settings import as_settings, settings_of
from .feed import IndexFeeder
from .interfaces import ISearchService
from .reindex import index_settings
from .service import search_service_factory

log = logging.getLogger(__name__)


def feeder_from_settings(db, settings):
    settings = as_settings(settings)
    backend, path = index_settings(settings)
    if backend != "memory" and not path:
        raise ConfigurationError(
            f"consult.search.path must name a directory for the {backend} search index"
        )
    return IndexFeeder(
        db,
        backend,
        path,
        poll=settings["consult.search.poll_seconds"],
        window=settings["consult.search.window_seconds"],
        batch_delay=settings["consult.search.batch_delay_seconds"],
        min_interval=settings["consult.search.min_interval_seconds"],
    )


def includeme(config):
    settings = settings_of(config)
    db = config.registry._zodb_databases[""]
    feeder = feeder_from_settings(db, settings)
    config.registry.search_feeder = feeder
    config.register_service_factory(search_service_factory, ISearchService)
    # Tests turn the thread off and call `feeder.catch_up()` when they need
    # the index current; a served site always runs it.
    if settings["consult.search.feed_thread"]:
        feeder.start()
        atexit.register(feeder.stop)
    config.include(".views")
