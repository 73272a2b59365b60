"""Campaigns: clusters of near-identical comments (form letters), found by
MinHash LSH in the background after each commit, shown once with their count
in public and in full to staff."""

import atexit

from ..settings import settings_of
from .worker import CampaignWorker


def includeme(config):
    settings = settings_of(config)
    worker = CampaignWorker(
        config.registry._zodb_databases[""],
        poll=settings["consult.campaigns.poll_seconds"],
        processes=settings["consult.campaigns.processes"],
        min_interval=settings["consult.campaigns.min_interval_seconds"],
    )
    config.registry.campaign_worker = worker
    # Tests turn the thread off and call `worker.catch_up()`; on a site with
    # several processes, run it in one of them only.
    if settings["consult.campaigns.worker"]:
        worker.start()
        atexit.register(worker.stop)
    config.include(".views")
