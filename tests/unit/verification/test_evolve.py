"""Evolution step 35: a census list loaded before it gets its (empty) KATO
codes by person, and keeps its people; a site without a list stays without."""

from factories import NOW

from consult.resources.models import Root
from consult.verification.evolve import evolve_35_census_regions
from consult.verification.models import CensusUpload, census_of


def test_a_census_loaded_before_gets_its_regions():
    root = Root()
    evolve_35_census_regions(root)
    assert census_of(root) is None
    census = census_of(root, create=True)
    census.load([("k1", "s1")], CensusUpload(NOW, "admin", "a.csv", 1, 0, False))
    del census.regions  # as stored before step 35
    evolve_35_census_regions(root)
    assert len(census.regions) == 0 and census.surname_of("k1") == "s1"
    census.load([("k2", "", "711110000")], CensusUpload(NOW, "admin", "b.csv", 1, 0, False))
    assert census.region_of("k2") == "711110000"
