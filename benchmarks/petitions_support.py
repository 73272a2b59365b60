"""For benchmarks/petitions.py only (`--log-conflicts`): log the object of
every conflict that made pyramid_retry run a request again."""

import logging

from pyramid_retry import IBeforeRetry

log = logging.getLogger("petitions.retries")


def log_retry(event):
    log.warning("retry: %s", event.exception)


def includeme(config):
    config.add_subscriber(log_retry, IBeforeRetry)
