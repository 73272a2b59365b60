"""Files for offline analysis: the staff export of comments with their
answers (CSV and XLSX) and the CSV writer the outcome report shares.

Column headers are English keys (`comment_id`, `stance`, ...), as is customary
for data files that scripts and spreadsheets read; the values that are words
for people (the place's label) are in the requester's language.

What is never exported: e-mail addresses, phone numbers, IINs, real names
beyond the public display name (`Principal.public_name`, already shown on the
site) and officials' identities (their role only). Each author also gets a
stable pseudonym, an HMAC of the user id keyed with the hash secret, so that
an analyst can group one person's comments without knowing who they are (and
across exports: the session secret, which keyed it before, may be changed at
any time).

CSV: UTF-8 with a byte-order mark (Excel then reads Cyrillic and Kazakh
letters right) and guarded against formula injection: a cell starting with
= + - @ (or a tab or carriage return) is prefixed with an apostrophe. XLSX
cells are typed as text, so nothing is ever read as a formula."""

import csv
import hashlib
import hmac
import io
from datetime import datetime

import transaction
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..consultations.versions import locate_target
from ..layout import LOCAL_ZONE
from .places import places_of, thread_ids

COLUMNS = (
    "comment_id",
    "author_pseudonym",
    "author_name",
    "created",
    "stage",
    "target",
    "target_label",
    "article",
    "paragraph",
    "draft_version",
    "parent_id",
    "stance",
    "language",
    "state",
    "supports",
    "text",
    "disposition",
    "answer",
    "answer_translation",
    "answered_at",
    "answered_by_role",
    "revised",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
ROWS_PER_CHUNK = 200


def pseudonym(secret, userid):
    """A stable pseudonymous author id, e.g. "p-3f9a0c1d2e4b6a7c": the same
    person always gets the same one, and it cannot be turned back into the id
    without the secret."""
    digest = hmac.new(
        secret.encode("utf-8"), b"export-author:" + str(userid).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return f"p-{digest[:16]}"


def safe_cell(value):
    """A value as CSV text, with a spreadsheet formula defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return local_iso(value)
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def local_iso(when):
    """An instant in Almaty time, ISO 8601 with its offset (+05:00)."""
    if when is None:
        return None
    return when.astimezone(LOCAL_ZONE).isoformat(timespec="seconds")


def comments_in_order(consultation):
    """Every comment (all states), place by place in reading order, each
    thread oldest first with replies after the comment they answer."""
    store = consultation.comments
    for place in places_of(consultation):
        for target in place["targets"]:
            for comment_id in thread_ids(store, store.threads.get(target)):
                yield store.comments[comment_id]


def _article_numbers(consultation, comment, cache):
    """(article number, paragraph number) of the comment's target, also for
    parts of the draft removed since (from the version it was made on)."""
    key = (comment.target, comment.draft_version)
    if key not in cache:
        _draft, kind, found = locate_target(consultation, comment.target, comment.draft_version)
        if kind == "article":
            cache[key] = (found.number, None)
        elif kind == "paragraph":
            cache[key] = (found[0].number, found[1].number)
        else:
            cache[key] = (None, None)
    return cache[key]


def comment_rows(consultation, secret, label):
    """One list of raw values per comment, in COLUMNS order. `label(target)`
    names a target for people (translated)."""
    register = consultation.responses
    numbers, labels = {}, {}
    for comment in comments_in_order(consultation):
        if comment.target not in labels:
            labels[comment.target] = label(comment.target)
        article, paragraph = _article_numbers(consultation, comment, numbers)
        response = register.get(comment.id)
        yield [
            comment.id,
            pseudonym(secret, comment.author),
            comment.author_name,
            local_iso(comment.created),
            comment.stage or consultation.stage_for_target(comment.target).kind,
            comment.target,
            labels[comment.target],
            article,
            paragraph,
            comment.draft_version,
            comment.parent_id,
            comment.stance,
            comment.language,
            comment.state,
            comment.support_count(),
            comment.text,
            response.disposition if response else None,
            response.text if response else None,
            response.translation if response else None,
            local_iso(response.created) if response else None,
            response.role if response else None,
            (response.revised if response else None),
        ]


def csv_chunks(columns, rows, rows_per_chunk=ROWS_PER_CHUNK):
    """The CSV as UTF-8 byte chunks (a BOM first), a few hundred rows at a
    time, so a large export streams instead of being built in memory."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        count += 1
        if count % rows_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _xlsx_cell(sheet, value):
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, (int, float)) and abs(value) < 10**15:
        return WriteOnlyCell(sheet, value=value)
    if value is None:
        return WriteOnlyCell(sheet, value=None)
    # Long integers (comment ids) stay text: Excel keeps 15 significant digits.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


def xlsx_bytes(columns, rows, title="comments"):
    """The rows as an XLSX workbook of one sheet (write-only mode: rows are
    written out as they come)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.append([_xlsx_cell(sheet, column) for column in columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def streamed_csv(database, oid, secret, label):
    """The export's CSV chunks, read through a connection (and transaction
    manager) of its own: a streamed body is sent after the request's own
    connection has been closed. `label(consultation, target)` names a place.
    The rows are one consistent snapshot; nothing is written."""
    manager = transaction.TransactionManager(explicit=True)
    connection = database.open(transaction_manager=manager)
    try:
        manager.begin()
        consultation = connection.get(oid)
        yield from csv_chunks(
            COLUMNS, comment_rows(consultation, secret, lambda target: label(consultation, target))
        )
    finally:
        manager.abort()
        connection.close()
