"""The import page's workflow (ICommentImports): a file is checked at once,
by the dry run `consult import-comments --dry-run` makes, and kept with what
the check found as a job; the import itself runs in the background
(imports.worker), which reads the file again with the same options."""

from collections import Counter
from datetime import timedelta

from zope.interface import implementer

from ..clock import IClock
from ..feedback.services import FeedbackService
from ..i18n import _
from ..settings import settings_of
from .dates import DateNotUnderstood
from .formats import FormatError, read_bytes
from .interfaces import ICommentImports, ImportRefused
from .jobs import PREVIEW_ROWS, ImportJob, jobs_of
from .services import ImportFailed, format_for, run_import

#: Jobs checked but never imported are forgotten after this long.
UNUSED_CHECK = timedelta(days=1)


def read_upload(filename, data, options, now):
    """(rows, rejections, data rows) of an uploaded file, read as
    `consult import-comments` reads it; ImportRefused when it cannot be."""
    try:
        fmt = format_for(options, now)
    except DateNotUnderstood as error:
        raise ImportRefused(_("The time zone is not known."), str(error), "timezone") from None
    except FormatError as error:
        raise ImportRefused(_("The options cannot be used."), str(error)) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        # Excel's "CSV" is the Windows code page; its "CSV UTF-8" is what is read.
        raise ImportRefused(
            _('The file is not UTF-8 text. Save it again as "CSV UTF-8" and choose it again.'),
            f"byte {error.start + 1} is not UTF-8",
            "upload",
        ) from None
    try:
        return read_bytes(data, fmt, filename)
    except FormatError as error:
        raise ImportRefused(_("The file cannot be read."), str(error), "upload") from None


def _preview(rows, refused):
    """What the page shows of the rows that would be imported."""
    kept = [row for row in rows if row.number not in refused]
    shown = [
        {
            "number": row.number,
            "created": row.created,
            "author_name": row.author_name,
            "channel": row.channel,
            "stance": row.stance,
            "article": row.article,
            "text": row.text[:300],
            "hidden": bool(row.hidden_reason),
        }
        for row in kept[:PREVIEW_ROWS]
    ]
    channels = Counter()
    for row in kept:
        channels[(row.channel_cell, row.channel)] += 1
    dates = (min(row.created for row in kept), max(row.created for row in kept)) if kept else None
    return shown, sorted((value, channel, n) for (value, channel), n in channels.items()), dates


@implementer(ICommentImports)
class CommentImports:
    def __init__(self, db, root, clock, settings, wake=None):
        self.db = db
        self.root = root
        self.clock = clock
        self.settings = settings
        self.wake = wake  # called with the transaction's outcome, after commit

    def check(self, consultation, filename, data, options, requested_by):
        now = self.clock.now()
        rows, rejections, total = read_upload(filename, data, options, now)
        try:
            report = run_import(
                self.db,
                consultation.__name__,
                rows,
                rejections,
                FeedbackService(self.clock, self.settings),
                total,
                dry_run=True,
                default_target=options.get("target"),
            )
        except ImportFailed as error:
            raise ImportRefused(_("The options cannot be used."), str(error), "target") from None
        jobs = jobs_of(self.root, create=True)
        self._forget_unused(jobs, now)
        job = ImportJob(
            jobs.new_id(),
            consultation.__name__,
            filename,
            options,
            data,
            requested_by,
            now,
        )
        job.check = report.counts()
        job.rejected = tuple((r.number, r.reason) for r in report.rejected)
        late = {r.number for r in report.rejected}
        job.preview, job.channels, job.dates = _preview(rows, late)
        job.total = len(rows)
        jobs.add(job)
        return job

    def _forget_unused(self, jobs, now):
        for job in list(jobs.jobs.values()):
            if job.state == "checked" and job.created < now - UNUSED_CHECK:
                jobs.remove(job.id)

    def queue(self, job):
        if job.state != "checked":
            raise ImportRefused(_("This file has been imported already."))
        jobs_of(self.root).queue(job, self.clock.now())
        if self.wake is not None:
            self.wake()

    def job(self, consultation, job_id):
        jobs = jobs_of(self.root)
        job = jobs.get(job_id) if jobs is not None else None
        return job if job is not None and job.slug == consultation.__name__ else None

    def jobs(self, consultation):
        jobs = jobs_of(self.root)
        return [] if jobs is None else jobs.of_consultation(consultation.__name__)


def comment_imports_factory(context, request):
    worker = getattr(request.registry, "import_worker", None)

    def wake():
        # The worker must see the queued job: wake it once it is committed.
        request.tm.get().addAfterCommitHook(lambda committed: committed and worker.wake())

    return CommentImports(
        request.registry._zodb_databases[""],
        request.root,
        request.find_service(IClock),
        settings_of(request),
        wake=wake if worker is not None else None,
    )
