"""The bare page wrk_load.py compares consult's article page with: one BTree
read, 20 of its items rendered by Chameleon, through pyramid_tm and
pyramid_zodbconn."""

import importlib.util
import re
import sys
from pathlib import Path

import webtest

APP = Path(__file__).resolve().parents[3] / "benchmarks" / "bare" / "app.py"


def load_bare():
    spec = importlib.util.spec_from_file_location("bare_app", APP)
    module = importlib.util.module_from_spec(spec)
    # Its items are pickled by their class's module name.
    sys.modules["bare_app"] = module
    spec.loader.exec_module(module)
    return module


def test_the_bare_page_renders_the_first_20_items_of_its_btree(tmp_path):
    bare = load_bare()
    data_fs = tmp_path / "Data.fs"
    bare.seed(data_fs)
    app = bare.make_app(data_fs)
    try:
        page = webtest.TestApp(app).get("/")
    finally:
        for db in app.registry._zodb_databases.values():
            db.close()
    assert page.status_int == 200
    assert re.findall(r'id="item-(\d+)"', page.text) == [str(number) for number in range(20)]
    assert "Comment number 19." in page.text and "Comment number 20." not in page.text
