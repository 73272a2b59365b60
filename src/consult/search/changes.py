"""The change feed's old place: it is `consult.changes.log` now. Databases
made before it moved hold pickles that name `consult.search.changes.ChangeLog`
(`root.search_changes`), so the class stays importable from here."""

from ..changes.log import ChangeLog  # noqa: F401  (persistent pickles name this path)
