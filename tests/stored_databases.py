"""Reading databases written by older code, for the tests that check that
objects whose classes moved still load (tests/unit/*/test_stored_paths.py)."""

import io
import pickletools
import shutil

from ZODB.FileStorage import FileStorage


def copy_of(fixture, tmp_path):
    """A copy of the fixture's FileStorage that a test may open and write."""
    path = tmp_path / "Data.fs"
    shutil.copyfile(fixture, path)
    return path


def stored_records(path):
    """Every record's pickle data, as stored, in transaction order."""
    storage = FileStorage(str(path), read_only=True)
    try:
        return [record.data for transaction in storage.iterator() for record in transaction]
    finally:
        storage.close()


def globals_named(data):
    """The `module name` pairs a record names: its class (the first of its
    two pickles) and the objects its state holds (the second)."""
    names, stream = set(), io.BytesIO(data)
    while stream.tell() < len(data):
        for opcode, argument, _position in pickletools.genops(stream):
            if opcode.name == "GLOBAL":
                names.add(argument)
    return names
