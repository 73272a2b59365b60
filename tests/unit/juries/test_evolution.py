"""The juries' evolution step on a real database: jurors stored with the old
yes/no `show_name` are read back as ghosts, evolved, and stored again."""

from datetime import UTC, datetime

import transaction
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.juries.evolution import evolve_juror_name_choices
from consult.juries.models import Applicant, Juries, Jury

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def old_style(name, agreed):
    """An accepted juror as stored before the choice of form existed."""
    applicant = Applicant(
        name, f"{name.split()[0].lower()}@example.kz", "", f"i-{name}", f"h-{name}", {}, "en", NOW
    )
    applicant.status = "accepted"
    del applicant.name_shown
    applicant.show_name = agreed
    return applicant


def test_jurors_who_agreed_before_get_the_initial_and_the_others_stay_hidden():
    db = DB(MappingStorage())
    manager = transaction.TransactionManager()
    connection = db.open(manager)
    juries = connection.root()["juries"] = Juries()
    jury = Jury("c", {"en": "Q?"}, 15, NOW, NOW, (), ("gender",), {}, NOW, "org")
    juries.add_jury("jury", jury)
    for name, agreed in (("Erlan Tokayev", True), ("Dana Ospanova", False)):
        jury.applicants.add_applicant(old_style(name, agreed))
    del jury.applicants.refused
    manager.commit()
    connection.close()

    connection = db.open(manager)  # everything below is a ghost until read
    root = connection.root()
    evolve_juror_name_choices(root)
    manager.commit()
    evolve_juror_name_choices(root)  # a second run changes nothing
    applicants = root["juries"]["jury"].applicants
    assert not applicants._p_changed
    assert not any(a._p_changed for a in applicants.values())
    connection.close()

    connection = db.open(manager)
    applicants = connection.root()["juries"]["jury"].applicants
    shown = {a.name: (a.name_shown, a.shown_name()) for a in applicants.values()}
    assert shown == {"Erlan Tokayev": ("initial", "Erlan T."), "Dana Ospanova": ("hidden", None)}
    assert all("show_name" not in a.__dict__ for a in applicants.values())
    assert applicants.refused() == 0
    connection.close()
    db.close()
