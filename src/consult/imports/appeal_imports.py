"""Importing an organisation's appeals received by phone, on paper or at a
visit, with the comment importer's machinery: the file (CSV or .xlsx) is
read by `reading`, its rows by `appeal_rows`; a job (`jobs`, kind
"appeals", its slug the organisation's address) is checked by a dry run
and then imported by the background worker (`worker`, `AppealRunner`),
batch by batch (`services.run_batches`).

Each row is filed through the appeals' own service
(appeals.intake.Intake.file_received): the same routing, the legal term
counted from the day received. The organisation and the registration
number name the appeal, so importing the same file again adds nothing."""

from datetime import timedelta

from zope.interface import implementer

from ..appeals.events import AppealFiled
from ..appeals.interfaces import AppealError
from ..appeals.search import appeal_changed
from ..appeals.services import AppealService
from ..clock import IClock
from ..i18n import _
from ..organisations.territories import load_territories
from ..settings import DEFAULTS
from .appeal_rows import appeal_format
from .dates import DEFAULT_ZONE, DateNotUnderstood, zone_named
from .formats import FormatError, Rejection, RowRejected
from .interfaces import IAppealImports, ImportRefused
from .jobs import PREVIEW_ROWS, ImportJob, jobs_of
from .reading import header_reader, read_bytes, read_header
from .services import ImportReport, run_batches
from .uploads import require_readable

KIND = "appeals"
#: What an appeal import is told on its page.
OPTIONS = {"map": "", "channel": None, "kind": None, "public": False, "timezone": DEFAULT_ZONE.key}
#: Jobs checked but never imported are forgotten after this long.
UNUSED_CHECK = timedelta(days=1)


def _format(options, now):
    options = dict(OPTIONS, **options)
    try:
        return appeal_format(
            options["map"],
            channel=options["channel"] or None,
            kind=options["kind"] or None,
            public=bool(options["public"]),
            zone=zone_named(options["timezone"]),
            now=now,
        )
    except DateNotUnderstood as error:
        raise ImportRefused(_("The time zone is not known."), str(error), "timezone") from None
    except FormatError as error:
        raise ImportRefused(_("The options cannot be used."), str(error)) from None


def _not_readable(error):
    return ImportRefused(_("The file cannot be read."), str(error), "upload")


def read_upload(filename, data, options, now):
    """(rows, rejections, data rows) of an uploaded CSV or .xlsx file of
    appeals; ImportRefused when it cannot be read at all."""
    fmt = _format(options, now)
    require_readable(data)
    try:
        return read_bytes(data, fmt, filename)
    except FormatError as error:
        raise _not_readable(error) from None


def check_header(filename, data, options, now):
    """Refuse options that cannot be used and a file whose first row lacks
    a column they need, without reading its rows."""
    fmt = _format(options, now)
    reader = header_reader(data, filename)
    try:
        read_header(reader, fmt, filename)
    except FormatError as error:
        raise _not_readable(error) from None


def preview(rows, refused):
    """(rows shown, channels, (earliest, latest) received) of the rows that
    would be imported."""
    kept = [row for row in rows if row.number not in refused]
    shown = [
        {
            "number": row.number,
            "id": row.key,
            "received": row.received,
            "channel": row.channel,
            "kind": row.kind,
            "category": row.category,
            "kato": row.kato,
            "public": row.public,
            "name": row.name,
            "text": row.text[:300],
        }
        for row in kept[:PREVIEW_ROWS]
    ]
    dates = (min(r.received for r in kept), max(r.received for r in kept)) if kept else None
    return shown, (), dates


def apply_rows(root, organisation, batch, settings, clock, requested_by, notify=None):
    """File the appeals of `batch` for `organisation` (an address):
    ({"imported", "already"}, [Rejection])."""
    service = AppealService(
        root["appeals"], settings, clock, load_territories(), root["organisations"]
    )
    counts, rejected = {"imported": 0, "already": 0}, []
    for row in batch:
        if service.find_received(organisation, row.key) is not None:
            counts["already"] += 1
            continue
        try:
            if service.appeals.categories.get(row.category) is None:
                raise RowRejected(
                    _("unknown category ${code}", mapping={"code": repr(row.category)})
                )
            if row.kato not in service.territories:
                raise RowRejected(
                    _("unknown territory (KATO) ${code}", mapping={"code": repr(row.kato)})
                )
            appeal = service.file_received(
                organisation, row.key, row.received, row.channel, row.kind, row.category,
                row.kato, row.address, row.text, row.public, row.name, row.contact,
                by=requested_by,
            )  # fmt: skip
        except (RowRejected, AppealError) as error:
            rejected.append(Rejection.of(row.number, error.message, row.cells))
            continue
        counts["imported"] += 1
        if notify is not None:
            notify(appeal)
    return counts, rejected


class AppealRunner:
    """The worker's runner for jobs of kind "appeals" (worker.RUNNERS)."""

    keeps_rejected_rows = True
    read = staticmethod(read_upload)
    preview = staticmethod(preview)

    def run(self, worker, job, rows, rejections, total, progress):
        settings, clock = dict(DEFAULTS, **worker.settings), worker.clock()
        registry = worker.registry
        if job.dry_run:
            notify = None
        elif registry is not None:
            notify = lambda appeal: registry.notify(AppealFiled(None, appeal))  # noqa: E731
        else:
            notify = appeal_changed  # what the appeals' subscriber does, without a site
        counts, refused = run_batches(
            worker.db,
            rows,
            lambda root, batch: apply_rows(
                root, job.slug, batch, settings, clock, job.requested_by, notify
            ),
            batch_size=worker.batch_size,
            dry_run=job.dry_run,
            progress=progress,
        )
        report = ImportReport(rows=total, dry_run=job.dry_run)
        report.imported, report.already = counts.get("imported", 0), counts.get("already", 0)
        report.rejected = sorted([*rejections, *refused], key=lambda r: r.number)
        return report


@implementer(IAppealImports)
class AppealImports:
    def __init__(self, root, clock, wake=None):
        self.root = root
        self.clock = clock
        self.wake = wake  # wakes the worker once the transaction commits

    def check(self, organisation, filename, data, options, requested_by):
        now = self.clock.now()
        options = dict(OPTIONS, **options)
        require_readable(data)
        check_header(filename, data, options, now)
        jobs = jobs_of(self.root, create=True)
        for job in list(jobs.jobs.values()):
            if job.state == "checked" and job.created < now - UNUSED_CHECK:
                jobs.remove(job.id)
        job = ImportJob(
            jobs.new_id(), organisation.name, filename, options, data, requested_by, now, kind=KIND
        )
        jobs.add(job)
        if self.wake is not None:
            self.wake()
        return job

    def queue(self, job):
        if job.state != "checked":
            raise ImportRefused(_("This file has been imported already."))
        jobs_of(self.root).queue(job, self.clock.now())
        if self.wake is not None:
            self.wake()

    def job(self, organisation, job_id):
        jobs = jobs_of(self.root)
        job = jobs.get(job_id) if jobs is not None else None
        if job is None or job.kind != KIND or job.slug != organisation.name:
            return None
        return job

    def jobs(self, organisation):
        jobs = jobs_of(self.root)
        return [] if jobs is None else jobs.of_target(KIND, organisation.name)


def appeal_imports_factory(context, request):
    worker = getattr(request.registry, "import_worker", None)

    def wake():
        request.tm.get().addAfterCommitHook(lambda committed: committed and worker.wake())

    return AppealImports(
        request.root, request.find_service(IClock), wake=wake if worker is not None else None
    )
