"""Evolution step 17 gives a database made before content its top folder,
catalog, settings and starter pages, and leaves the rest alone."""

from consult.config import evolution_steps
from consult.content.evolve import evolve_17_content
from consult.resources.models import Root


def test_an_older_database_gets_the_content_and_keeps_the_rest():
    root = Root()
    steps = evolution_steps()
    # Evolved as far as the step before content, as a database of then was.
    for number in range(1, 17):
        steps._steps[number](root)
    root.generation = 16
    consultations = root["consultations"]
    assert "pages" not in root and root.content_catalog is None
    assert steps.evolve(root)[0] == "evolve_17_content"
    assert root.generation == steps.latest and root["consultations"] is consultations
    top = root["pages"]
    assert top.state == "published" and top.language == ""
    assert {"rules", "rules-kk", "rules-en", "privacy", "contact", "how-it-works"} <= set(top)
    assert root.content_catalog.count() == 13  # the top folder and 12 pages
    assert root.site_settings.default_language is None  # the ini's until chosen
    # Running it again changes nothing.
    evolve_17_content(root)
    assert root.content_catalog.count() == 13
