"""Evolution step 24 on a database written before it: the petitions'
container is made, and the list of petitions opens."""

import contextlib
import io

import pytest
import transaction
from unit.scripts.test_cli import write_ini
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.config import evolution_steps
from consult.petitions.models import Petitions
from consult.resources import APP_KEY
from consult.resources.models import Root
from consult.scripts.cli import main


@pytest.fixture
def settings(settings, tmp_path):
    """A database as step 23 left it, brought up to date by `consult evolve`."""
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    connection = db.open()
    root = connection.root()[APP_KEY] = Root()
    steps = evolution_steps()
    for number in range(1, 24):
        steps._steps[number](root)
    root.generation = 23
    assert "petitions" not in root
    transaction.commit()
    connection.close()
    db.close()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["evolve", "--ini", write_ini(tmp_path)]) == 0
    return dict(
        settings, **{"zodbconn.uri": f"file://{tmp_path}/Data.fs", "consult.hash_secret": "y"}
    )


def test_the_petitions_container_is_made(app, database):
    with database() as root:
        assert root.generation == evolution_steps().latest
        assert isinstance(root["petitions"], Petitions)
    assert "No petitions are open yet." in app.get("/petitions/").text
