"""Evolution step 22 on a database written before it: each consultation is
linked to the organisation its ministry's name means (the shipped ministry,
or one made from the name), its address unchanged, and its page links the
organisation."""

import contextlib
import io

import pytest
import transaction
from factories import published_consultation
from unit.scripts.test_cli import write_ini
from ZODB import DB
from ZODB.FileStorage import FileStorage

from consult.config import evolution_steps
from consult.resources import APP_KEY
from consult.resources.models import Root
from consult.scripts.cli import main

MINISTRIES = {
    "citizens-juries": {"en": "Ministry of Digital Development", "ru": "Минцифры"},
    "water": {"ru": "Министерство водных ресурсов и ирригации Республики Казахстан"},
    "budget": {"en": "Ministry of Digital Development"},
    "hearings": {"en": "Committee on Public Hearings"},
}


@pytest.fixture
def settings(settings, tmp_path, clock):
    """A database as step 21 left it, consultations and all, brought up to
    date by `consult evolve`; the app runs on it."""
    db = DB(FileStorage(str(tmp_path / "Data.fs")))
    connection = db.open()
    root = connection.root()[APP_KEY] = Root()
    steps = evolution_steps()
    for number in range(1, 22):
        steps._steps[number](root)
    root.generation = 21
    for slug, ministry in MINISTRIES.items():
        consultation = published_consultation(root, clock, slug)
        consultation.ministry = ministry
    assert "organisations" not in root
    transaction.commit()
    connection.close()
    db.close()
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["evolve", "--ini", write_ini(tmp_path)]) == 0
    return dict(
        settings, **{"zodbconn.uri": f"file://{tmp_path}/Data.fs", "consult.hash_secret": "y"}
    )


def test_each_consultation_is_linked_and_its_page_links_the_organisation(app, database):
    with database() as root:
        assert root.generation == evolution_steps().latest
        linked = {slug: c.organisation for slug, c in root["consultations"].items()}
        assert linked == {
            "citizens-juries": "digital-development",
            "water": "water-resources",
            "budget": "digital-development",
            "hearings": "committee-on-public-hearings",
        }
        assert sorted(root["organisations"]) == [
            "committee-on-public-hearings",
            "digital-development",
            "water-resources",
        ]
        # The texts the consultations carried stay as they were.
        assert root["consultations"]["water"].ministry == MINISTRIES["water"]
        assert root["organisations"]["committee-on-public-hearings"].kind == "other"
    page = app.get("/consultations/citizens-juries/")
    link = page.html.select_one("a.organisation-link")
    assert link["href"] == "http://localhost/organisations/digital-development/"
    assert link.get_text(strip=True) == "Ministry of Digital Development"
    organisation = app.get("/organisations/digital-development/")
    for slug in ("citizens-juries", "budget"):
        assert organisation.html.find("a", href=f"http://localhost/consultations/{slug}/")
