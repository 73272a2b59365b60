"""The lottery's inputs as JSON-ready data (the audit file) and back."""

from consult.juries.lottery import data as lottery_data


def test_audit_data_round_trips():
    people = (lottery_data.Person("p1", "h1", {"g": "f"}),)
    inputs = lottery_data.DrawInputs(people, {"g": {"f": (0, 1)}}, 1, 5, "nash", people)
    assert lottery_data.inputs_from_dict(lottery_data.inputs_to_dict(inputs)) == inputs
