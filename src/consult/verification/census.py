"""Reading a census file and hashing what it holds.

The file is CSV (UTF-8, with or without a byte-order mark; comma, semicolon
or tab separated) with a header row naming its columns:

- `iin` (or ИИН, ЖСН, IIN): the person's individual identification number,
  twelve digits; spaces and dashes are ignored. Required.
- `surname` (or фамилия, тегі, last_name): optional. When given, a person
  verifying must have the same surname on their account (letter case, ё/е
  and spaces do not matter).
- `kato` (or КАТО, ҚАТО): optional, the KATO code (nine digits) of the
  person's place of registration, as the population register holds it.
  It becomes the verified territory of the people who verify with the
  list: petitions count their signatures under it as verified rather than
  as stated (petitions.signing maps a finer code, a village's, to the
  territory it lies in). NCA certificates cannot give it: a person's
  certificate names no place (only an organisation's names where the
  organisation is registered).

Other columns are ignored. A row whose IIN is missing or fails the checksum
is reported with its line number, and nothing is loaded until the file is
correct. Only keyed hashes (HMAC-SHA256 under consult.hash_secret) of the
IIN and of the surname are kept, and the KATO code as it is (a place of
registration shared by thousands, never shown for a person)."""

import csv
import io
from typing import NamedTuple

from .. import iin as iin_module
from ..hashing import keyed_hash
from ..i18n import _
from ..refusals import Refusal

IIN_HEADERS = {"iin", "иин", "жсн", "iin/иин"}
SURNAME_HEADERS = {"surname", "last_name", "lastname", "фамилия", "тегі", "тегi"}
KATO_HEADERS = {"kato", "като", "қато", "kato_code", "код като", "қато коды"}
KATO_DIGITS = 9
MAX_ERRORS = 50

# Keyed hashes are scoped like the juries' ones; one scope for the whole site,
# so that a person's key is the same from one census file to the next.
_SCOPE = "site"

REASONS = {
    "format": _("the IIN must have twelve digits"),
    "century": _("the seventh digit of the IIN is not valid"),
    "date": _("the IIN does not start with a valid date of birth"),
    "checksum": _("the check digit of the IIN is wrong"),
    "missing": _("the IIN is missing"),
    "kato": _("the KATO code must have nine digits"),
}


class CensusRow(NamedTuple):
    """One person of a census file: IIN, surname ("" if none), KATO code
    ("" if none)."""

    iin: str
    surname: str
    kato: str


class CensusFileError(Refusal):
    """The file cannot be loaded: `message` says why; `errors` lists
    (line number, translatable reason) for bad rows."""

    def __init__(self, message, errors=(), bad_rows=0):
        super().__init__(message)
        self.errors = list(errors)
        self.bad_rows = bad_rows


def iin_key(secret, value):
    return keyed_hash(
        secret, "consult.verification.census.iin", _SCOPE, iin_module.normalize(value)
    )


def normalize_surname(value):
    return " ".join((value or "").casefold().replace("ё", "е").split())


def surname_key(secret, value):
    surname = normalize_surname(value)
    return (
        keyed_hash(secret, "consult.verification.census.surname", _SCOPE, surname)
        if surname
        else ""
    )


def _decode(data):
    if isinstance(data, str):
        return data
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CensusFileError(_("The file is not a text (CSV) file in UTF-8."))


def _dialect(text):
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _kato(row, column):
    """The row's KATO code (spaces ignored), "" if none; ValueError if it
    is not nine digits."""
    value = "".join(row[column].split()) if column is not None and column < len(row) else ""
    if value and not (len(value) == KATO_DIGITS and value.isdigit()):
        raise ValueError(value)
    return value


def parse_census(data):
    """[CensusRow] from a census file (bytes or text); raises
    CensusFileError when it has no IIN column, no rows, or bad rows."""
    text = _decode(data).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text))
    header = next(reader, None)
    if header is None:
        raise CensusFileError(_("The file is empty."))
    names = [cell.strip().casefold() for cell in header]
    iin_column = next((i for i, name in enumerate(names) if name in IIN_HEADERS), None)
    if iin_column is None:
        raise CensusFileError(_('The first line must name the columns, one of them "iin".'))
    surname_column = next((i for i, name in enumerate(names) if name in SURNAME_HEADERS), None)
    kato_column = next((i for i, name in enumerate(names) if name in KATO_HEADERS), None)
    entries, errors, bad_rows = [], [], 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        value = row[iin_column].strip() if iin_column < len(row) else ""
        try:
            if not value:
                raise iin_module.InvalidIIN("missing")
            iin_module.parse(value)
            kato = _kato(row, kato_column)
        except iin_module.InvalidIIN as error:
            bad_rows += 1
            if len(errors) < MAX_ERRORS:
                errors.append((line, REASONS[error.reason]))
            continue
        except ValueError:
            bad_rows += 1
            if len(errors) < MAX_ERRORS:
                errors.append((line, REASONS["kato"]))
            continue
        surname = (
            row[surname_column].strip()
            if surname_column is not None and surname_column < len(row)
            else ""
        )
        entries.append(CensusRow(iin_module.normalize(value), surname, kato))
    if bad_rows:
        raise CensusFileError(
            _(
                "${count} rows of the file are not valid, so nothing was loaded. Correct them "
                "and upload the file again.",
                mapping={"count": bad_rows},
            ),
            errors,
            bad_rows,
        )
    if not entries:
        raise CensusFileError(_("The file has no rows after its first line."))
    return entries


def hashed_entries(secret, entries):
    """What is kept of parsed entries (CensusRow): [(iin key, surname key
    or "", KATO code or "")]."""
    return [
        (iin_key(secret, row.iin), surname_key(secret, row.surname), row.kato) for row in entries
    ]
