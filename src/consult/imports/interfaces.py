"""What the import page asks of imports: `request.find_service(ICommentImports)`."""

from zope.interface import Interface

from ..refusals import Refusal


class ImportRefused(Refusal):
    """The upload or its options cannot be read at all; `message` says why
    (a translatable sentence, `detail` the reader's own words when it has
    them, in English as the command prints them)."""

    def __init__(self, message, detail=None, field=None):
        super().__init__(message, field)
        self.detail = detail


class ICommentImports(Interface):
    """The import page's workflow: check a file (a dry run), then import it
    in the background (imports.worker.ImportWorker), with the same reading
    and importing code as `consult import-comments` (imports.formats,
    imports.services)."""

    def check(consultation, filename, data, options, requested_by):
        """Check the options and the file's first row at once, and keep the
        file as a new job, in state "checking": the worker reads every row
        and tries it against the consultation without keeping anything (the
        dry run), then leaves the job "checked" with what it found.

        :param bytes data: the file's content.
        :param dict options: as imports.services.OPTIONS (format, source,
            map, channel, map_channel, timezone, stance, target).
        :param str requested_by: the principal id of the staff member.
        :returns: the ImportJob (imports.jobs).
        :raises ImportRefused: the file or the options cannot be read (not
            UTF-8, no text column, an unknown time zone, ...).
        """

    def queue(job):
        """Ask for `job`'s import; the worker is woken once the request's
        transaction commits.

        :raises ImportRefused: the job has been queued or run already.
        """

    def job(consultation, job_id):
        """The consultation's job `job_id`, or None."""

    def jobs(consultation):
        """The consultation's jobs, the latest first."""


class IAppealImports(Interface):
    """The appeal import page's workflow:
    `request.find_service(IAppealImports)`."""

    def check(organisation, filename, data, options, requested_by):
        """Check the options and the file's header at once and keep the
        file as a new job for the worker's dry run.

        :param organisation: the organisations.models.Organisation importing.
        :param dict options: as OPTIONS (map, channel, kind, public, timezone).
        :returns: the ImportJob (imports.jobs), in state "checking".
        :raises ImportRefused: the file or the options cannot be read.
        """

    def queue(job):
        """Ask for `job`'s import (after its check).

        :raises ImportRefused: the job has been queued or run already.
        """

    def job(organisation, job_id):
        """The organisation's appeal import job `job_id`, or None."""

    def jobs(organisation):
        """The organisation's appeal import jobs, the latest first."""
