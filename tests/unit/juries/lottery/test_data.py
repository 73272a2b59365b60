"""The lottery's inputs as JSON-ready data (the audit file) and back."""

from consult.juries.lottery import data as lottery_data


def test_audit_data_round_trips():
    people = (lottery_data.Person("p1", "h1", {"g": "f"}),)
    inputs = lottery_data.DrawInputs(people, {"g": {"f": (0, 1)}}, 1, 5, "nash", people)
    assert lottery_data.inputs_from_dict(lottery_data.inputs_to_dict(inputs)) == inputs


def test_audit_data_written_before_the_units_engine_re_runs_with_the_library():
    people = (lottery_data.Person("p1", "h1", {"g": "f"}),)
    data = lottery_data.inputs_to_dict(lottery_data.DrawInputs(people, {"g": {"f": (0, 1)}}, 1, 5))
    assert data["engine"] == "units"
    del data["engine"]
    assert lottery_data.inputs_from_dict(data).engine == "library"
