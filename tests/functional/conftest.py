"""The demo site (`consult initialize --demo`: three consultations and a
citizens' jury with a real draw, most of a minute), built once per run;
each test that uses it works on its own copy. And the small discussion the
notifications and following tests reply in."""

import contextlib
import io
import shutil

import pytest
from unit.scripts.test_cli import write_ini

from consult.feedback.services import FeedbackService
from consult.scripts.cli import main


@pytest.fixture(scope="session")
def built_demo(tmp_path_factory):
    """(the directory of a database with the demo, what initialize printed)."""
    directory = tmp_path_factory.mktemp("demo")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert main(["initialize", "--ini", write_ini(directory), "--demo"]) == 0
    return directory, printed.getvalue()


@pytest.fixture
def demo(built_demo, tmp_path):
    """A copy of the demo database of this test's own, and its ini."""
    directory, _printed = built_demo
    for name in ("Data.fs", "Data.fs.index"):
        if (directory / name).exists():
            shutil.copy(directory / name, tmp_path / name)
    return write_ini(tmp_path)


DISCUSSED = "citizens-juries"


@pytest.fixture
def discussion(database, clock, make_user, make_consultation):
    """A consultation with a comment by Aigerim on article 3; Marat and
    Dana may reply. Returns (target, comment id)."""
    make_consultation(DISCUSSED, stage_open="white")
    for address, name in (
        ("aigerim@example.kz", "Aigerim"),
        ("marat@example.kz", "Marat"),
        ("dana@example.kz", "Dana"),
    ):
        make_user(address, name, "Ospanova")
    with database() as root:
        consultation = root["consultations"][DISCUSSED]
        target = consultation.current_draft()["3"].target
        author = root["principals"].find_by_email("aigerim@example.kz")
        comment = FeedbackService(clock, {}).post(
            consultation, target, author, "Fifteen jurors are too few.", "against"
        )
        return target, comment.id
