"""The demo jury: synthetic but plausible applicants, a real draw, a panel of
demo accounts with the known demo juror, a workspace with draft
recommendations and votes, and findings not submitted."""

from collections import Counter
from datetime import UTC, date, datetime

import pytest
import transaction
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult import iin
from consult.accounts.passwords import verify_password
from consult.clock import FixedClock
from consult.config import evolution_steps
from consult.demo import jury as demo_jury
from consult.demo.builder import build_demo
from consult.juries.lottery import data as lottery_data
from consult.juries.lottery import process as lottery_process
from consult.juries.lottery import seeds
from consult.juries.recruitment.identity import normalize_address
from consult.resources import bootstrap

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_applications_are_plausible_distinct_and_deterministic():
    import random

    today = date(2026, 1, 20)
    people = demo_jury.applications(random.Random(7), today, 500)
    assert people == demo_jury.applications(random.Random(7), today, 500)
    assert len({p["iin"] for p in people}) == 500
    assert len({normalize_address(p["address"]) for p in people}) == 500
    assert len({p["email"] for p in people}) == 500
    for person in people:
        born, sex = iin.parse(person["iin"])
        assert (sex == "f") == (person["answers"]["gender"] == "female")
        low, high = demo_jury.AGE_BANDS[person["answers"]["age"]]
        assert low <= iin.age_on(born, today) <= high
        assert person["email"].endswith("@demo.invalid")
    genders = Counter(p["answers"]["gender"] for p in people)
    assert 0.45 < genders["female"] / 500 < 0.60  # census share 52.5 %
    ages = Counter(p["answers"]["age"] for p in people)
    assert 0.26 < ages["30-44"] / 500 < 0.40  # census share 33 %
    assert len({p["name"] for p in people}) > 200


@pytest.fixture(scope="module")
def demo_root():
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    with manager:
        root = bootstrap(connection.root(), evolution_steps())
        build_demo(root, FixedClock(NOW), progress=lambda text: None, comments=20)
        consultation = root["consultations"]["citizens-juries"]
        editor = root["principals"].find_by_email("editor@demo.consult.kz")
        juror = root["principals"].find_by_email(demo_jury.DEMO_JUROR)
        # A smaller pool keeps the test quick; the demo itself uses POOL (500).
        created = demo_jury.build_jury(
            root, consultation, FixedClock(NOW), editor, juror, progress=lambda text: None, pool=80
        )
        assert created
        assert not demo_jury.build_jury(
            root, consultation, FixedClock(NOW), editor, juror, progress=lambda text: None, pool=80
        )
    yield root
    manager.abort()
    connection.close()
    db.close()


def test_the_demo_jury_has_a_real_completed_draw(demo_root):
    jury = demo_root["juries"][demo_jury.JURY_NAME]
    assert jury.consultation == "citizens-juries"
    assert len(jury.applicants) == 80
    draw = jury.draws["1"]
    assert draw.status == "done" and draw.algorithm_used == demo_jury.ALGORITHM
    assert draw.seed_hash == seeds.seed_hash(draw.seed)
    assert len(draw.selected) == demo_jury.PANEL
    assert abs(sum(draw.probabilities.values()) - demo_jury.PANEL) < 1e-3
    # Re-running the published inputs with the published seed, in another
    # process as anyone would, gives the same panel.
    again = lottery_process.run_isolated(lottery_data.inputs_from_dict(draw.inputs))
    assert tuple(draw.pseudonyms[p] for p in again.selected) == draw.selected
    for feature, values in jury.composition().items():
        for value, count in values.items():
            low, high = jury.quotas[feature][value]
            assert low <= count <= high


def test_the_panel_accepted_with_the_demo_juror(demo_root):
    jury = demo_root["juries"][demo_jury.JURY_NAME]
    panel = jury.panel()
    assert len(panel) == demo_jury.PANEL
    assert all(a.status == "accepted" and a.userid for a in panel)
    juror = demo_root["principals"].find_by_email(demo_jury.DEMO_JUROR)
    assert "juror" in jury.local_roles[juror.id]
    assert verify_password(juror.password_hash, "demo-juror-2026")
    editor = demo_root["principals"].find_by_email("editor@demo.consult.kz")
    assert "organiser" in jury.local_roles[editor.id]
    assert jury.answer_deadline > NOW
    assert jury.recruitment_state(NOW) == "closed"


def test_the_workspace_has_draft_recommendations_and_no_findings(demo_root):
    jury = demo_root["juries"][demo_jury.JURY_NAME]
    assert jury.findings is None
    workspace = jury.workspace
    assert len(workspace.evidence) == 3 and len(workspace.agenda) == 6
    recommendations = sorted(workspace.recommendations.values(), key=lambda r: r.number)
    assert [r.number for r in recommendations] == [1, 2, 3, 4]
    assert {r.language for r in recommendations} == {"kk", "ru", "en"}
    jurors = {a.userid for a in jury.panel()}
    for recommendation in recommendations:
        assert recommendation.votes and set(recommendation.votes.keys()) <= jurors
    assert recommendations[0].tally() == {"support": 14, "oppose": 4, "abstain": 2}
