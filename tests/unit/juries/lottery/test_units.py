"""Applicants grouped into units of interchangeable people, and who fills
the panel's seats of each unit."""

from collections import Counter

from lottery_pools import check_panel, pool

from consult.juries.lottery import classes, units
from consult.juries.lottery import data as lottery_data


def test_interchangeable_applicants_make_one_unit_and_a_household_caps_its_units():
    def person(pid, home, gender):
        return lottery_data.Person(pid, home, {"gender": gender})

    people = [person("a", "h1", "f"), person("b", "h2", "f"), person("c", "h3", "m")]
    people += [person("d", "h4", "f"), person("e", "h4", "m")]  # one household
    pool_ = units.pool_units(people, ["gender"])
    alone = {u.profile: u.members for u in pool_.units if u.household_class is None}
    assert alone == {("f",): ["a", "b"], ("m",): ["c"]}
    shared = [u for u in pool_.units if u.household_class is not None]
    assert [(u.profile, u.members, u.cap) for u in shared] == [
        (("f",), [["d"]], 1),
        (("m",), [["e"]], 1),
    ]
    assert pool_.household_caps == [1]


def test_the_draw_picks_each_applicant_as_often_as_their_probability():
    """The panel of counts, then who fills it: over many seeds every
    applicant, households included, is picked at their reported rate."""
    people, quotas, panel_size = pool(11, size=24, panel_size=5, shared=0.5)
    features = sorted(quotas)
    grouped = units.pool_units(people, features)
    panels, chances = classes.maximin(grouped, features, quotas, panel_size)
    probabilities = units.unit_probabilities(grouped, panels, chances)
    draws = 4000
    picked = Counter()
    for seed in range(draws):
        selected = units.choose_panel(grouped, panels, chances, seed)
        check_panel(people, quotas, selected, panel_size)
        picked.update(selected)
    for person_id, probability in probabilities.items():
        spread = 4 * (probability * (1 - probability) / draws) ** 0.5 + 1e-9
        assert abs(picked[person_id] / draws - probability) <= spread, person_id
