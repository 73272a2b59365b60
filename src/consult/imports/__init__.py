"""Offline comments: letters, e-mails, cards from public hearings and Polis
exports, imported into a consultation's record, by `consult import-comments`
or by staff on the consultation's import page.

`formats` reads a CSV file into rows (or rejections with their reasons)
through a column mapping, with `dates` reading the dates real exports
write; `services` adds the rows to a consultation in
batches, each comment with a stable import key so that a re-run adds only
what is missing. The page (`views`, `uploads`) checks a file with the same
code, then hands it to a background worker (`worker`) as a job (`jobs`).

The same machinery imports an organisation's appeals received by phone,
on paper or at a visit (`appeal_rows`, `appeal_imports`, `appeal_views`)."""

import atexit

from ..settings import settings_of
from .appeal_imports import appeal_imports_factory
from .interfaces import IAppealImports, ICommentImports
from .uploads import comment_imports_factory
from .worker import ImportWorker


def includeme(config):
    settings = settings_of(config)
    worker = ImportWorker(
        config.registry._zodb_databases[""],
        settings,
        registry=config.registry,
        poll=settings["consult.imports.poll_seconds"],
    )
    config.registry.import_worker = worker
    # Tests turn the thread off and call `worker.catch_up()`.
    if settings["consult.imports.worker"]:
        worker.start()
        atexit.register(worker.stop)
    config.register_service_factory(comment_imports_factory, ICommentImports)
    config.register_service_factory(appeal_imports_factory, IAppealImports)
    # Its upload form declares its own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.scan(".appeal_views")
