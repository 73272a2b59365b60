"""What the public sees of an appeal's point: what its author chose, never
more, and nothing of a private appeal."""

import pytest
from factories import NOW

from consult.appeals import evolve
from consult.appeals.models import APPROXIMATE, EXACT, HIDDEN, Appeal, Appeals

POINT = (51.128765, 71.430412)


def appeal(location, public=True, coordinates=POINT):
    made = Appeal("u", "complaint", "roads", "1", "", "text", public, NOW)
    made.coordinates, made.location = coordinates, location
    return made


@pytest.mark.parametrize(
    "location, published",
    [(HIDDEN, None), (APPROXIMATE, (51.13, 71.43)), (EXACT, POINT)],
)
def test_the_point_is_published_at_the_chosen_precision(location, published):
    assert appeal(location).published_point() == published


@pytest.mark.parametrize("location", [HIDDEN, APPROXIMATE, EXACT])
def test_a_private_appeal_or_one_without_a_point_publishes_none(location):
    assert appeal(location, public=False).published_point() is None
    assert appeal(location, coordinates=None).published_point() is None


def test_a_new_appeal_publishes_no_point():
    made = Appeal("u", "complaint", "roads", "1", "", "text", True, NOW)
    made.coordinates = POINT
    assert (made.location, made.published_point()) == (HIDDEN, None)


def test_step_33_publishes_no_point_of_the_appeals_filed_before():
    appeals = Appeals()
    old = appeals.add_appeal(appeal(EXACT))
    del old.location
    chosen = appeals.add_appeal(appeal(APPROXIMATE))
    evolve.evolve_33_appeal_locations({"appeals": appeals})
    assert (old.location, chosen.location) == (HIDDEN, APPROXIMATE)
    assert old.published_point() is None
