"""Where an index lives on disk, in generations, so that a rebuild (`consult
reindex`, or a switch of engine) never disturbs the index being served:

    <path>/CURRENT                  the name of the generation to serve
    <path>/<generation>/backend     the engine that wrote it (short or dotted name)
    <path>/<generation>/format      what its documents hold (FORMAT; absent: 1)
    <path>/<generation>/index/      the engine's own files
    <path>/<generation>/watermark   the change-log key it has indexed up to

A rebuild writes a new generation beside the served one and then replaces
CURRENT atomically; a feeder that sees CURRENT change opens the new one.
The memory engine has no directory: its generation lives in the process."""

import os
import secrets
import shutil
from datetime import UTC, datetime
from pathlib import Path

from .backends import load_index

CURRENT = "CURRENT"
# What a generation's documents and their terms are (search.documents,
# engine.terms_of, search.analysis): raise it when a change there alters what
# an existing index finds, and the feeder rebuilds older generations on its
# next start while they still serve (CHANGES.md says so for each).
#   1  (no `format` file) a comment's question or article was its searched title
#   2  a comment is searched by its own words; what it is about is its context
#   3  the web editors' content is indexed (kind "page")
#   4  comments in any language: Snowball stems of other languages than
#      kk/ru/en ("de:steuer"), bigrams of Chinese, Japanese and Korean
FORMAT = 4


def _write_atomically(path, text):
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_format(directory):
    """The FORMAT a generation was written in (1 before generations said)."""
    try:
        return int((directory / "format").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 1
    except ValueError:
        return 0  # unreadable: rebuilt like any other format


class Generation:
    def __init__(self, name, directory, backend, format=FORMAT):
        self.name = name
        self.directory = directory  # None for the memory engine
        self.backend = backend
        self.format = format
        self._watermark = None

    @property
    def index_path(self):
        return None if self.directory is None else self.directory / "index"

    def open_index(self):
        return load_index(self.backend, self.index_path)

    def read_watermark(self):
        """The change-log key indexed up to, or None if never completed."""
        if self.directory is None:
            return self._watermark
        try:
            return int((self.directory / "watermark").read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None

    def write_watermark(self, key):
        if self.directory is None:
            self._watermark = key
        else:
            _write_atomically(self.directory / "watermark", str(int(key)))

    def __repr__(self):
        return f"<Generation {self.name} ({self.backend})>"


class IndexDirectory:
    def __init__(self, path):
        self.path = None if path is None else Path(path)

    def current_name(self):
        if self.path is None:
            return None
        try:
            return (self.path / CURRENT).read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def get(self, name):
        if name is None or self.path is None:
            return None
        directory = self.path / name
        try:
            backend = (directory / "backend").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return Generation(name, directory, backend, _read_format(directory))

    def current(self):
        return self.get(self.current_name())

    def create(self, backend):
        """A new, empty generation for `backend` (not yet current)."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        name = f"g-{stamp}-{secrets.token_hex(3)}"
        if self.path is None:
            return Generation(name, None, backend)
        directory = self.path / name
        (directory / "index").mkdir(parents=True)
        (directory / "format").write_text(str(FORMAT), encoding="utf-8")
        (directory / "backend").write_text(backend, encoding="utf-8")
        return Generation(name, directory, backend)

    def make_current(self, generation):
        if self.path is not None:
            _write_atomically(self.path / CURRENT, generation.name)

    def names(self):
        if self.path is None or not self.path.exists():
            return []
        return sorted(
            entry.name
            for entry in self.path.iterdir()
            if entry.is_dir() and (entry / "backend").exists()
        )

    def remove(self, generation):
        if generation is not None and generation.directory is not None:
            shutil.rmtree(generation.directory, ignore_errors=True)
