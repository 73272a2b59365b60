"""The bare page `wrk_load.py` compares consult's article page with: Pyramid,
ZODB through pyramid_tm and pyramid_zodbconn, and a Chameleon template, with
nothing else. The page reads one BTree and renders 20 of its items, as the
article page renders its first 20 comments.

    python benchmarks/bare/app.py DIRECTORY PORT [THREADS]

serves it under waitress on 127.0.0.1:PORT (2 threads, as consult), with its
FileStorage in DIRECTORY (created with 1 000 items the first time)."""

import sys
from pathlib import Path

import waitress
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.config import Configurator
from pyramid_zodbconn import get_connection
from ZODB import DB
from ZODB.FileStorage import FileStorage

ITEMS = 1000
SHOWN = 20


class Item(Persistent):
    def __init__(self, number, author, text):
        self.number = number
        self.author = author
        self.text = text


def seed(data_fs):
    db = DB(FileStorage(str(data_fs)))
    with db.transaction() as connection:
        root = connection.root()
        if "items" not in root:
            items = root["items"] = OOBTree()
            for number in range(ITEMS):
                items[f"{number:06d}"] = Item(
                    number, f"Participant {number % 97}.", f"Comment number {number}. " * 8
                )
    db.close()


def page(request):
    items = request.root["items"]
    return {"items": list(items.values(max=f"{SHOWN - 1:06d}"))}


def make_app(data_fs):
    with Configurator(
        settings={
            "zodbconn.uri": f"file://{data_fs}",
            "tm.manager_hook": "pyramid_tm.explicit_manager",
        }
    ) as config:
        config.include("pyramid_chameleon")
        config.include("pyramid_tm")
        config.include("pyramid_zodbconn")
        config.set_root_factory(_root)
        config.add_route("page", "/")
        config.add_view(page, route_name="page", renderer=str(Path(__file__).with_name("page.pt")))
        return config.make_wsgi_app()


def _root(request):
    return get_connection(request).root()


def main(argv=None):
    directory, port, *rest = argv or sys.argv[1:]
    data_fs = Path(directory) / "Data.fs"
    Path(directory).mkdir(parents=True, exist_ok=True)
    seed(data_fs)
    waitress.serve(
        make_app(data_fs), listen=f"127.0.0.1:{port}", threads=int(rest[0]) if rest else 2
    )


if __name__ == "__main__":
    main()
