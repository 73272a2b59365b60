"""The search contract runs against every engine in `BACKENDS`.

An engine that cannot be imported yet fails its parameter (ImportError) rather
than being skipped, so a missing engine is never mistaken for a passing one."""

import pytest

from consult.search.backends import BACKENDS, load_index


@pytest.fixture(params=list(BACKENDS))
def backend(request):
    """The short name of an engine: memory, whoosh, tantivy."""
    return request.param


@pytest.fixture
def index(backend, tmp_path):
    """A fresh, empty engine; on-disk engines live in `tmp_path / name`."""
    engine = load_index(backend, tmp_path / backend)
    yield engine
    engine.close()
