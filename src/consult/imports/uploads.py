"""The import page's workflow (ICommentImports): the options and the
file's header are checked at once; the rows are read and tried by the dry
run of `consult import-comments --dry-run` in the background (imports.worker),
which keeps what it found on the job; the import itself runs there too,
reading the file again with the same options.

Reading is the slow part (a 10 MB file of dates written day first took 20
seconds, the dry run of 20 000 rows 9 more), so no request waits for it."""

from collections import Counter
from datetime import timedelta

from zope.interface import implementer

from ..clock import IClock
from ..i18n import _
from .dates import DateNotUnderstood
from .formats import FormatError, default_source
from .interfaces import ICommentImports, ImportRefused
from .jobs import PREVIEW_ROWS, ImportJob, jobs_of
from .reading import header_reader, is_workbook, read_bytes, read_header
from .services import OPTIONS, ImportFailed, default_target_of, format_for

#: Jobs checked but never imported are forgotten after this long.
UNUSED_CHECK = timedelta(days=1)


def require_readable(data):
    """Refuse a file that is neither a workbook nor UTF-8 text. Excel's
    "CSV" is the Windows code page; its "CSV UTF-8" is what is read."""
    if is_workbook(data):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            _(
                "The file is neither an Excel workbook (.xlsx) nor UTF-8 text. Save it "
                'again as .xlsx or as "CSV UTF-8" and choose it again.'
            ),
            f"byte {error.start + 1} is not UTF-8",
            "upload",
        ) from None


def _format(options, now):
    try:
        return format_for(options, now)
    except DateNotUnderstood as error:
        raise ImportRefused(_("The time zone is not known."), str(error), "timezone") from None
    except FormatError as error:
        raise ImportRefused(_("The options cannot be used."), str(error)) from None


def check_header(filename, data, options, now):
    """Refuse (ImportRefused) options that cannot be used and a file whose
    first row lacks a column they need, without reading its rows."""
    fmt = _format(options, now)
    try:
        read_header(header_reader(data, filename), fmt, filename)
    except FormatError as error:
        raise ImportRefused(_("The file cannot be read."), str(error), "upload") from None


def read_upload(filename, data, options, now):
    """(rows, rejections, data rows) of an uploaded file, read as
    `consult import-comments` reads it; ImportRefused when it cannot be."""
    fmt = _format(options, now)
    require_readable(data)
    try:
        return read_bytes(data, fmt, filename)
    except FormatError as error:
        raise ImportRefused(_("The file cannot be read."), str(error), "upload") from None


def preview(rows, refused):
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
    def __init__(self, root, clock, wake=None):
        self.root = root
        self.clock = clock
        self.wake = wake  # wakes the worker once the transaction commits

    def check(self, consultation, filename, data, options, requested_by):
        now = self.clock.now()
        options = dict(OPTIONS, **options)
        options["source"] = options["source"] or default_source(filename, options["format"])
        require_readable(data)
        check_header(filename, data, options, now)
        try:
            default_target_of(consultation, options.get("target"))
        except ImportFailed as error:
            raise ImportRefused(_("The options cannot be used."), str(error), "target") from None
        jobs = jobs_of(self.root, create=True)
        self._forget_unused(jobs, now)
        job = ImportJob(
            jobs.new_id(), consultation.__name__, filename, options, data, requested_by, now
        )
        jobs.add(job)
        if self.wake is not None:
            self.wake()
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
        # The worker must see the new or queued job: wake it once committed.
        request.tm.get().addAfterCommitHook(lambda committed: committed and worker.wake())

    return CommentImports(
        request.root, request.find_service(IClock), wake=wake if worker is not None else None
    )
