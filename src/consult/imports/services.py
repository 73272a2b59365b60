"""Adding the rows of a file to a consultation, batch by batch.

Each batch is one transaction (retried on a conflict with the running
site). Every imported comment carries a stable import key, recorded in the
consultation's `CommentStore.imported` index in the same transaction as the
comment, so a row is either wholly imported or not at all, and a re-run
skips what is there already: a run that stops midway (an error, Ctrl-C, a
crash) leaves whole batches, and running the same command again completes
the import without duplicates. One transaction for the whole file would
also leave nothing behind, but it holds every comment in memory and keeps
the site's comment indexes locked against conflicts for the whole run."""

import random
import time
from dataclasses import dataclass, field

import transaction

from ..feedback.interfaces import FeedbackError
from ..i18n import _
from ..resources import APP_KEY
from .dates import DEFAULT_ZONE, zone_named
from .formats import (
    Rejection,
    RowRejected,
    make_format,
    parse_channel_map,
    parse_mapping,
)

DEFAULT_TARGET = "question:1"
# A batch that conflicts with people commenting on the same consultation is
# tried again; ten attempts with a growing random pause outlast a busy thread.
BATCH_ATTEMPTS = 10


class ImportFailed(Exception):
    """The import cannot start (no such consultation, no such target)."""


def resolve_target(consultation, reference, default=DEFAULT_TARGET):
    """The comment target named by a cell: `3` or `article:3` (an article
    number in the current draft), `question:2` (the second Green-Paper
    question), empty for `default`."""
    reference = (reference or "").strip() or (default or "")
    if not reference:
        raise RowRejected(_("no article or question (an article column, or --target)"))
    kind, sep, rest = reference.partition(":")
    if not sep:
        kind, rest = "article", reference
    kind, rest = kind.strip().lower(), rest.strip()
    if kind == "article":
        draft = consultation.current_draft()
        article = draft.get(rest) if draft is not None else None
        if article is None:
            raise RowRejected(
                _("no article ${number} in the current draft", mapping={"number": repr(rest)})
            )
        return article.target
    if kind == "question":
        questions = consultation.stages["green"].questions
        if not rest.isdigit() or not 1 <= int(rest) <= len(questions):
            raise RowRejected(
                _(
                    "no question ${number} (the consultation has ${count})",
                    mapping={"number": repr(rest), "count": str(len(questions))},
                )
            )
        return questions[int(rest) - 1].target
    raise RowRejected(
        _(
            "${reference} names no article or question (use 3, article:3 or question:1)",
            mapping={"reference": repr(reference)},
        )
    )


def default_target_of(consultation, reference):
    """Where rows without an article go (`reference`, checked), or None when
    the consultation has no question and `reference` is the default: then
    only rows naming an article can be placed. ImportFailed if `reference`
    names nothing in the consultation."""
    if not consultation.stages["green"].questions and reference == DEFAULT_TARGET:
        return None
    if reference is not None:
        try:
            resolve_target(consultation, reference)
        except RowRejected as error:
            raise ImportFailed(f"--target: {error}") from None
    return reference


@dataclass
class ImportReport:
    rows: int  # data rows in the file
    imported: int = 0
    hidden: int = 0  # of the imported, stored hidden (Polis rows its moderators rejected)
    already: int = 0  # imported by an earlier run
    rejected: list = field(default_factory=list)  # Rejection, in row order
    dry_run: bool = False

    def counts(self):
        """The report's figures as plain data, for a job to keep."""
        return {
            "rows": self.rows,
            "imported": self.imported,
            "hidden": self.hidden,
            "already": self.already,
            "rejected": len(self.rejected),
        }

    def summary(self):
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{self.rows} rows: {verb} {self.imported} ({self.hidden} hidden), "
            f"{self.already} imported before, {len(self.rejected)} rejected."
        )


#: What an import is told, on the command line and on the import page.
OPTIONS = {
    "format": "generic",
    "source": None,
    "map": "",
    "channel": None,
    "map_channel": (),
    "timezone": DEFAULT_ZONE.key,
    "stance": "neutral",
    "target": DEFAULT_TARGET,
}


def format_for(options, now):
    """The Format (imports.formats) that `options` (as OPTIONS) describe;
    rows dated after `now` are refused. FormatError or DateNotUnderstood
    (of the time zone) when the options are wrong."""
    options = dict(OPTIONS, **options)
    return make_format(
        options["format"],
        options["source"],
        parse_mapping(options["map"]),
        channel=options["channel"],
        stance=options["stance"],
        now=now,
        zone=zone_named(options["timezone"]),
        channel_map=parse_channel_map(options["map_channel"]),
    )


def _apply(root, slug, batch, service, default_target, after_row):
    consultation = root["consultations"].get(slug)
    counts = {"imported": 0, "hidden": 0, "already": 0}
    rejected = []
    for row in batch:
        store = consultation.comments
        if store.find_imported(row.key) is not None:
            counts["already"] += 1
            continue
        try:
            target = resolve_target(consultation, row.article, default_target)
            service.import_comment(
                consultation,
                target,
                row.author,
                row.author_name,
                row.text,
                row.stance,
                row.created,
                row.channel,
                row.key,
                hidden_reason=row.hidden_reason,
            )
        except RowRejected as error:
            rejected.append(Rejection.of(row.number, error.message, row.cells))
            continue
        except FeedbackError as error:
            rejected.append(Rejection.of(row.number, error.message, row.cells))
            continue
        counts["imported"] += 1
        counts["hidden"] += bool(row.hidden_reason)
        if after_row is not None:
            after_row(row)
    return counts, rejected


def run_batches(db, rows, apply_batch, batch_size=200, dry_run=False, progress=None):
    """Run `apply_batch(app root, batch)` -> (counts, rejections) over
    `rows`, a transaction per batch: committed (retried on a conflict with
    the running site), or with `dry_run` tried and thrown away. Returns the
    counts added up and every rejection. What a batch does is the caller's:
    comments (`run_import`) or appeals (appeal_imports)."""
    totals, rejected = {}, []
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            if dry_run:
                manager.begin()
                try:
                    counts, refused = apply_batch(connection.root()[APP_KEY], batch)
                finally:
                    manager.abort()
            else:
                for number, attempt in enumerate(manager.attempts(BATCH_ATTEMPTS)):
                    if number:  # let the requests that conflicted with the batch finish
                        time.sleep(random.uniform(0, 0.05 * number))
                    with attempt:
                        counts, refused = apply_batch(connection.root()[APP_KEY], batch)
            for name, count in counts.items():
                totals[name] = totals.get(name, 0) + count
            rejected += refused
            connection.cacheMinimize()
            if progress is not None:
                progress(len(batch))
    finally:
        connection.close()
    return totals, rejected


def run_import(
    db,
    slug,
    rows,
    rejections,
    service,
    total,
    batch_size=200,
    dry_run=False,
    default_target=DEFAULT_TARGET,
    progress=None,
    after_row=None,
):
    """Import `rows` into the consultation `slug` of `db`; `rejections` are
    the rows the file already refused. With `dry_run` every batch is
    checked against the database and then thrown away."""
    report = ImportReport(rows=total, dry_run=dry_run)
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    try:
        with manager:
            app = connection.root().get(APP_KEY)
            consultation = None if app is None else app["consultations"].get(slug)
            if consultation is None:
                raise ImportFailed(f"no consultation {slug!r} in this database")
            default_target = default_target_of(consultation, default_target)
    finally:
        connection.close()
    counts, refused = run_batches(
        db,
        rows,
        lambda root, batch: _apply(root, slug, batch, service, default_target, after_row),
        batch_size=batch_size,
        dry_run=dry_run,
        progress=progress,
    )
    report.imported = counts.get("imported", 0)
    report.hidden = counts.get("hidden", 0)
    report.already = counts.get("already", 0)
    report.rejected = sorted([*rejections, *refused], key=lambda rejection: rejection.number)
    return report
