"""The background step that runs the import pages' jobs: it takes a queued
job, reads its file with the options it was checked with, and imports it
batch by batch (comments with `services.run_import`, as `consult
import-comments` does; appeals with appeal_imports), writing the job's
progress after each batch. What differs between the kinds of job is a
runner (`RUNNERS`): how to read the file, import the rows, preview them.

A job is claimed in a transaction of its own (a second process claiming it
at the same time gets a ConflictError and leaves it). A job whose process
died stays "running" without progress: after `STALE` it is claimed again,
and the import's keys make the second run add only what the first did not."""

import logging
from datetime import timedelta
from types import SimpleNamespace

import transaction
from pyramid_services import find_service_factory
from ZODB.POSException import ConflictError, ConnectionStateError

from ..background import BackgroundLoop
from ..clock import IClock, SystemClock
from ..feedback.services import FeedbackService
from ..resources import APP_KEY
from ..settings import default_of
from .appeal_imports import AppealRunner
from .interfaces import ImportRefused
from .jobs import jobs_of, stored_rejections
from .services import ImportFailed, run_import
from .uploads import preview, read_upload

log = logging.getLogger(__name__)

POLL_SECONDS = default_of("consult.imports.poll_seconds")
STALE = timedelta(minutes=10)
BATCH_SIZE = 200


class ClaimedJob:
    """What a worker reads of a job it claimed, outside the transaction."""

    def __init__(self, job):
        self.id, self.kind, self.slug, self.filename = job.id, job.kind, job.slug, job.filename
        self.options, self.data = dict(job.options), job.file.data
        self.created, self.dry_run = job.created, job.dry_run
        self.requested_by = job.requested_by


class CommentRunner:
    """Comments into a consultation (the job's `slug`)."""

    keeps_rejected_rows = False
    read = staticmethod(read_upload)
    preview = staticmethod(preview)

    def run(self, worker, job, rows, rejections, total, progress):
        return run_import(
            worker.db,
            job.slug,
            rows,
            rejections,
            FeedbackService(worker.clock(), worker.settings),
            total,
            batch_size=worker.batch_size,
            dry_run=job.dry_run,
            default_target=job.options.get("target"),
            progress=progress,
        )


RUNNERS = {"comments": CommentRunner(), "appeals": AppealRunner()}


class ImportWorker(BackgroundLoop):
    thread_name = "consult-imports"

    def __init__(self, db, settings, registry=None, poll=POLL_SECONDS, batch_size=BATCH_SIZE):
        super().__init__(poll)
        self.db = db
        self.settings = settings
        self.registry = registry  # where the site's clock is registered
        self.batch_size = batch_size
        self.ran = 0

    def clock(self):
        """The site's clock (a test's fixed clock in tests), else the system's."""
        if self.registry is None:
            return SystemClock()
        try:
            return find_service_factory(SimpleNamespace(registry=self.registry), IClock)(None, None)
        except LookupError:
            return SystemClock()

    def _cycle(self):
        """Run every job queued so far; returns how many were run."""
        ran = 0
        while (claimed := self._claim()) is not None:
            self._run_job(claimed)
            ran += 1
        self.ran += ran
        return ran

    def _claim(self):
        """A copy of the next job to run (a ClaimedJob), its job marked as
        taken; None when there is none."""
        manager = transaction.TransactionManager()
        connection = self.db.open(manager)
        try:
            with manager:
                root = connection.root().get(APP_KEY)
                jobs = None if root is None else jobs_of(root)
                if jobs is None:
                    return None
                now = self.clock().now()
                for job_id in list(jobs.pending):
                    job = jobs.get(job_id)
                    if job is not None and job.claimable(now, STALE):
                        job.start(now)
                        return ClaimedJob(job)
                return None
        except ConflictError:
            return None  # another process took it
        finally:
            connection.close()

    def _update(self, job_id, change):
        """Apply `change(job, jobs, now)` to the job and commit, retried on
        a conflict."""
        manager = transaction.TransactionManager()
        connection = self.db.open(manager)
        try:
            for attempt in manager.attempts(3):
                with attempt:
                    jobs = jobs_of(connection.root()[APP_KEY])
                    job = jobs.get(job_id)
                    if job is not None:
                        change(job, jobs, self.clock().now())
        finally:
            connection.close()

    def _run_job(self, job):
        runner = RUNNERS[job.kind]
        try:
            rows, rejections, total = runner.read(job.filename, job.data, job.options, job.created)
            self._update(job.id, lambda stored, jobs, now: stored.read(len(rows), now))
            report = runner.run(
                self,
                job,
                rows,
                rejections,
                total,
                lambda count: self._update(
                    job.id, lambda stored, jobs, now: stored.advance(count, now)
                ),
            )
        except ConnectionStateError:
            raise  # the database is closed: the loop stops
        except (ImportRefused, ImportFailed) as error:
            reason = getattr(error, "detail", None) or str(error)
        except Exception as error:  # the job ends; the worker goes on with the next
            log.exception("import job %s failed", job.id)
            reason = f"{type(error).__name__}: {error}"
        else:
            reason = None
        if reason is not None:
            self._end(job.id, lambda stored, now: stored.fail(reason, now))
            return
        rejected = stored_rejections(report.rejected)

        def keep_rows(stored):
            if runner.keeps_rejected_rows:
                stored.keep_rejected_rows(report.rejected)

        if job.dry_run:
            shown, channels, dates = runner.preview(rows, {r.number for r in report.rejected})

            def checked(stored, now):
                keep_rows(stored)
                stored.checked(report.counts(), rejected, shown, channels, dates, now)

            self._end(job.id, checked)
        else:

            def finished(stored, now):
                keep_rows(stored)
                stored.finish(report.counts(), rejected, now)

            self._end(job.id, finished)
        log.info("%s import job %s for %s: %s", job.kind, job.id, job.slug, report.summary())

    def _end(self, job_id, end):
        def change(job, jobs, now):
            end(job, now)
            jobs.done_with(job)

        self._update(job_id, change)
