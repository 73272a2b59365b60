"""`consult reindex`: rebuild the search index from the database."""

import sys

from tqdm import tqdm

from ..search.reindex import ReindexError, index_settings, rebuild
from .common import ini_settings, open_database, typed_settings


def reindex_command(args, out=None):
    out = out or sys.stdout
    settings = ini_settings(args)
    if args.backend:
        settings["consult.search.backend"] = args.backend
    backend, path = index_settings(typed_settings(args, settings))
    # Read-only, so that it can run beside the server that holds the lock.
    with (
        open_database(settings, read_only=True) as db,
        tqdm(unit="doc", desc="Indexing", file=sys.stderr, disable=args.quiet) as bar,
    ):

        def started(total):
            bar.total = total
            bar.refresh()

        try:
            done, generation = rebuild(db, backend, path, started=started, progress=bar.update)
        except ReindexError as error:
            raise SystemExit(f"consult reindex: {error}") from None
    print(
        f"Indexed {done} documents with {backend} in {generation.directory}; "
        "it is now the index the site serves.",
        file=out,
    )
    return 0


def add_commands(commands):
    """The search index's command."""
    reindex_parser = commands.add_parser(
        "reindex",
        help="rebuild the search index from the database (safe at any time)",
        description="Build a new search index from the database beside the one the"
        " site serves, then make it current: a running site switches to it within"
        " a second, also to another engine, without a restart. A site that"
        " restarts uses the engine its ini names, so to switch engines set"
        " consult.search.backend in the ini first (--backend alone lasts until"
        " the next restart).",
    )
    reindex_parser.add_argument("--ini", required=True)
    reindex_parser.add_argument(
        "--backend",
        help="whoosh, tantivy or a dotted name (default: consult.search.backend from the ini)",
    )
    reindex_parser.add_argument("--quiet", action="store_true", help="no progress bar")
    reindex_parser.set_defaults(handler=reindex_command)
