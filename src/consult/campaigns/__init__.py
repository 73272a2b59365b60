"""Campaigns: clusters of near-identical comments (form letters), found by
MinHash LSH in the background after each commit, shown once with their count
in public and in full to staff."""
import atexit

from pyramid.settings import asbool


def includeme(config):
    from .worker import MIN_INTERVAL, POLL_SECONDS, CampaignWorker

    settings = config.registry.settings
    worker = CampaignWorker(config.registry._zodb_databases[""],
                            poll=float(settings.get("consult.campaigns.poll_seconds",
                                                    POLL_SECONDS)),
                            processes=int(settings.get("consult.campaigns.processes", 1)),
                            min_interval=float(settings.get(
                                "consult.campaigns.min_interval_seconds", MIN_INTERVAL)))
    config.registry.campaign_worker = worker
    # Tests turn the thread off and call `worker.catch_up()`; on a site with
    # several processes, run it in one of them only.
    if asbool(settings.get("consult.campaigns.worker", True)):
        worker.start()
        atexit.register(worker.stop)
    config.include(".views")
