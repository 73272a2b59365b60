"""The import page's jobs: an uploaded file, what its check found, and then
the import's progress and result, kept in the database so that any process
of the site may run it and the page can follow it across requests.

The jobs live in `root.comment_imports`, made by the first upload (as the
campaign worker's cursor is made by its first cycle), so that a database
needs no evolution step for them. A job's file is its own persistent object:
every batch writes the job's progress, which would otherwise copy the whole
file into the database each time; it is dropped once the job has ended."""

import secrets

from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent

ATTRIBUTE = "comment_imports"
#: A job's states: checking (the dry run is to run or running), checked
#: (its report is shown, nothing is imported yet), queued (staff asked for
#: the import), running, done, failed (the check or the import stopped).
STATES = ("checking", "checked", "queued", "running", "done", "failed")
#: Rows of the dry run shown as they will be imported.
PREVIEW_ROWS = 20


class ImportFile(Persistent):
    def __init__(self, data):
        self.data = data


class ImportJob(Persistent):
    #: What the job imports: "comments" into the consultation `slug`, or
    #: "appeals" for the organisation `slug` (the worker's RUNNERS).
    kind = "comments"
    #: (row number, reason in English, {column: cell}) of the rejected rows,
    #: for the file of rejected rows (kept by the kinds that offer it).
    rejected_rows = ()

    def __init__(self, job_id, slug, filename, options, data, requested_by, created, kind=None):
        self.id = job_id
        if kind is not None:
            self.kind = kind
        self.slug = slug  # the consultation's, or the organisation's
        self.filename = filename
        self.options = dict(options)  # imports.services.format_for reads them
        self.file = ImportFile(data)
        self.requested_by = requested_by  # a principal id
        self.created = created  # also the time after which a date is in the future
        self.state = "checking"
        self.working = False  # a worker has claimed its current step
        self.check = None  # the dry run's counts (ImportReport.counts())
        self.result = None  # the import's counts, once done
        self.rejected = ()  # (row number, reason in English, msgid, mapping) of the latest run
        self.preview = ()  # dicts describing the first rows to import
        self.channels = ()  # (value in the file, channel, rows) as the check read them
        self.dates = None  # (earliest, latest) of the rows to import
        self.total = 0  # rows to import, as the check counted them
        self.done = 0  # rows the import has gone through
        self.error = None  # why the import stopped (failed)
        self.queued_at = self.started_at = self.updated_at = self.finished_at = None

    @property
    def ended(self):
        return self.state in ("done", "failed")

    @property
    def dry_run(self):
        """Whether its next step is the check, not the import."""
        return self.state == "checking"

    def claimable(self, now, stale):
        """Whether a worker may take its next step: nobody has, or the one
        who did has written nothing for `stale` (its process died)."""
        if self.state not in ("checking", "queued", "running"):
            return False
        return not self.working or self.updated_at < now - stale

    def queue(self, when):
        if self.state != "checked":
            raise ValueError(f"job {self.id} is {self.state}, not checked")
        self.state = "queued"
        self.queued_at = self.updated_at = when

    def start(self, when):
        self.working = True
        if self.state != "checking":
            self.state = "running"
        self.started_at = self.updated_at = when
        self.done = 0

    def read(self, rows, when):
        """The file is read: `rows` to go through."""
        self.total = rows
        self.done = 0
        self.updated_at = when

    def checked(self, counts, rejected, preview, channels, dates, when):
        self.state = "checked"
        self.working = False
        self.check = counts
        self.rejected = tuple(rejected)
        self.preview, self.channels, self.dates = tuple(preview), tuple(channels), dates
        self.updated_at = when

    def advance(self, rows, when):
        self.done = min(self.total, self.done + rows)
        self.updated_at = when

    def keep_rejected_rows(self, rejections):
        """Keep the rejected rows' cells (imports.formats.Rejection) for
        their file."""
        self.rejected_rows = tuple((r.number, r.reason, dict(r.cells)) for r in rejections)

    def finish(self, counts, rejected, when):
        self.state = "done"
        self.result = counts
        self.rejected = tuple(rejected)
        self.done = self.total
        self._end(when)

    def fail(self, reason, when):
        self.state = "failed"
        self.error = reason
        self._end(when)

    def _end(self, when):
        self.working = False
        self.finished_at = self.updated_at = when
        self.file = None


def stored_rejections(rejections):
    """What a job keeps of imports.formats.Rejection: plain data, the reason
    in English and as its message id and values, for the page to translate."""
    return tuple(
        (
            r.number,
            r.reason,
            str(r.message) if r.message is not None else None,
            dict(getattr(r.message, "mapping", None) or {}),
        )
        for r in rejections
    )


class ImportJobs(Persistent):
    """Every job by id, and the ids of those queued or running."""

    def __init__(self):
        self.jobs = OOBTree()
        self.pending = OOTreeSet()

    def new_id(self):
        while True:
            job_id = secrets.token_hex(8)
            if job_id not in self.jobs:
                return job_id

    def add(self, job):
        """Add `job`, its check to run."""
        self.jobs[job.id] = job
        self.pending.add(job.id)

    def get(self, job_id):
        return self.jobs.get(job_id) if isinstance(job_id, str) else None

    def queue(self, job, when):
        job.queue(when)
        self.pending.add(job.id)

    def done_with(self, job):
        """Nothing is left to run of `job` until it is queued."""
        if job.id in self.pending:
            self.pending.remove(job.id)

    def of_consultation(self, slug):
        """The consultation's jobs, the latest first."""
        return self.of_target("comments", slug)

    def of_target(self, kind, slug):
        """The jobs of `kind` for `slug`, the latest first."""
        found = [job for job in self.jobs.values() if job.slug == slug and job.kind == kind]
        return sorted(found, key=lambda job: job.created, reverse=True)

    def remove(self, job_id):
        del self.jobs[job_id]
        if job_id in self.pending:
            self.pending.remove(job_id)


def jobs_of(root, create=False):
    """The site's ImportJobs (None before the first upload unless `create`)."""
    jobs = getattr(root, ATTRIBUTE, None)
    if jobs is None and create:
        jobs = ImportJobs()
        setattr(root, ATTRIBUTE, jobs)
    return jobs
