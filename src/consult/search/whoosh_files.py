"""How consult's documents are laid out in a whoosh index (whoosh-reloaded),
and how its files are read fast.

The index holds the stems consult's analyzer produced, split on spaces by
whoosh's own SpaceSeparatedTokenizer: no analyzer of ours goes into the
schema whoosh pickles. `terms` is indexed without positions (snippets are
highlighted in Python); indexes made with positions are read the same.

Files are read through a shared read-only mmap (`MappedStorage`), not
whoosh's mmap mode, which copies each segment into memory per reader;
postings and string columns are read whole (`read_postings`,
`column_values`), not value by value as whoosh does."""

import mmap
from array import array
from itertools import accumulate, repeat

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import VarBytesColumn
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import StructFile
from whoosh.reading import TermNotFound

from . import engine
from .interfaces import FILTER_FIELDS

UNDATED = -(2**62)  # sorts after every date when newest come first
TERMS = "terms"
LENGTHS = ":lengths"  # the column key of the field lengths of TERMS


def schema():
    return Schema(
        id=ID(unique=True, stored=True, sortable=True),
        # Frequencies only: snippets are highlighted in Python, so whoosh
        # needs no positions. (Indexes made with positions still work.)
        terms=TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False),
        visible_to=KEYWORD(commas=True),
        created=NUMERIC(bits=64, signed=True, sortable=True),  # microseconds since epoch
        doc=STORED(),
        **{name: ID(sortable=True) for name in FILTER_FIELDS},
    )


def microseconds(moment):
    return round(moment.timestamp() * 1_000_000)


def fields_of(document):
    fields = {
        "id": document.id,
        "terms": engine.terms_of(document),
        "visible_to": ",".join(document.visible_to),
        "created": microseconds(document.created) if document.created else UNDATED,
        "doc": engine.dumps(document),
    }
    for name in FILTER_FIELDS:
        value = getattr(document, name)
        if value:
            fields[name] = value
    return fields


def read_postings(reader, field, text):
    """(docnums, frequencies) of a term in a segment, as arrays, deleted
    documents included. Whoosh's matchers cost about a microsecond a
    posting; reading its W3 posting blocks whole is many times faster (the
    ids are delta-encoded: `accumulate` decodes them in C)."""
    docnums, weights = array("i"), array("f")
    try:  # the segment's raw postings, not `reader.postings`, which filters deletions
        matcher = reader._terms.matcher(field, text.encode("utf-8"), reader.schema[field].format)
    except (KeyError, TermNotFound):
        return docnums, weights
    if isinstance(matcher, W3LeafMatcher):
        while True:
            if matcher._data is None:
                matcher._read_data()
            ids, frequencies = matcher._data[0], matcher._data[1]
            docnums.extend(iter(ids) if matcher._byteids else accumulate(ids))
            if frequencies is None or isinstance(frequencies, float):
                weights.extend(repeat(frequencies or 1.0, matcher._blocklength))
            else:
                weights.extend(iter(frequencies))
            if matcher._lastblock:
                break
            matcher._goto(matcher._nextoffset)
    else:  # inlined postings (a term in very few documents): a ListMatcher
        while matcher.is_active():
            docnums.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return docnums, weights


def column_values(reader, name):
    """Every value of a column of a segment, by docnum (equal values are one
    object). A column of strings (whoosh's VarBytesColumn) is read in one
    piece: whoosh reads it value by value, a seek and a read each, which
    made the first search after a start take a second at 100 000 documents."""
    raw = reader.column_reader(name, translate=False)
    field = reader.schema[name]
    if not isinstance(raw, VarBytesColumn.Reader):
        return list(reader.column_reader(name))
    lengths = raw._lengths
    blob = raw._dbfile.get(raw._basepos, sum(lengths))
    decoded: dict[bytes, object] = {}
    values = []
    position = 0
    for length in lengths:
        chunk = blob[position : position + length]
        position += length
        value = decoded.get(chunk)
        if value is None:
            value = decoded[chunk] = field.from_column_value(chunk)
        values.append(value)
    return values


class MappedStorage(FileStorage):
    """Whoosh's FileStorage, its files read through a read-only mmap.

    Whoosh's own mmap support (`supports_mmap`, the default) copies each
    file of a compound segment into memory when a reader opens it (a
    BytesIO of the mapped buffer): some 230 MB a reader at 100 000
    documents, and our readers stay open, one set per thread. Without mmap
    every read is a seek and a read system call, which makes cold searches
    about twice as slow. Here whoosh's non-mmap code reads from an mmap
    object (seek, read and readline in C, no system call, no copy, pages
    shared by every reader). Segment and TOC files never change once
    written; files being written are not opened this way."""

    def open_file(self, name, **kwargs):
        with open(self._fpath(name), "rb") as stream:
            try:
                mapped = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
            except (ValueError, OSError):  # an empty file cannot be mapped
                return super().open_file(name, **kwargs)
        return StructFile(mapped, name=name, **kwargs)
