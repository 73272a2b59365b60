from datetime import UTC

import pytest
import transaction
from stores import with_stores
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.resources import bootstrap
from consult.resources.evolution import LATEST, evolve
from consult.resources.models import Folder, Root


def test_folder_counts_without_loading_children():
    folder = Folder()
    folder.add("a", Folder())
    folder.add("b", Folder())
    assert len(folder) == 2
    assert list(folder) == ["a", "b"]
    assert folder["a"].__parent__ is folder and folder["a"].__name__ == "a"
    folder.remove("a")
    assert len(folder) == 1 and "a" not in folder


@pytest.mark.parametrize("name", ["", "a/b", "@@view"])
def test_folder_refuses_bad_names(name):
    with pytest.raises(ValueError):
        Folder().add(name, Folder())


def test_folder_refuses_taken_name():
    folder = Folder()
    folder.add("a", Folder())
    with pytest.raises(KeyError):
        folder.add("a", Folder())


def test_new_database_is_created_evolved_and_persists():
    db = DB(MappingStorage())
    connection = db.open()
    root = bootstrap(connection.root())
    assert root.generation == LATEST
    assert "principals" in root and "consultations" in root
    transaction.commit()
    connection.close()
    again = db.open()
    assert again.root()["consult"].generation == LATEST
    assert evolve(again.root()["consult"]) == []
    again.close()
    db.close()


def test_old_database_is_evolved():
    root = Root()
    assert evolve(root) == [
        "evolve_1_containers",
        "evolve_2_comment_languages",
        "evolve_3_search_change_log",
        "evolve_4_responses",
        "evolve_5_juries",
        "evolve_6_change_log_shards",
        "evolve_7_jury_workspaces",
        "evolve_8_activity_logs",
        "evolve_9_lazy_comment_parts",
        "evolve_10_comment_threads",
        "evolve_11_public_campaign_members",
        "evolve_12_audit_log",
        "evolve_13_juror_name_choices",
        "evolve_14_review_queue",
        "evolve_15_principal_sessions",
        "evolve_16_hash_key",
    ]
    assert root.generation == LATEST


def test_step_2_records_the_language_of_old_comments():
    from datetime import datetime

    from consult.consultations.models import Consultation
    from consult.feedback.models import Comment
    from consult.resources.evolution import evolve_1_containers, evolve_2_comment_languages

    root = Root()
    evolve_1_containers(root)
    consultation = with_stores(Consultation({"en": "T"}, {}, {}, (), datetime.now(UTC), "u"))
    root["consultations"].add("c", consultation)
    comment = Comment(
        "article:x", "u", "A B.", "Азаматтық қазылар алқасы туралы пікір", "for", datetime.now(UTC)
    )
    del comment.language  # as stored before step 2: the class default applies
    assert comment.language is None
    consultation.comments.add(comment)
    evolve_2_comment_languages(root)
    assert comment.language == "kk"


def test_step_6_gives_an_old_change_log_its_shards():
    from consult.resources.evolution import evolve_6_change_log_shards
    from consult.search.changes import ChangeLog

    root = Root()
    root.search_changes = ChangeLog()
    root.search_changes.shards = ()  # as stored before the shards existed
    root.search_changes.append([("comment", "a", 1)], now=10.0)
    evolve_6_change_log_shards(root)
    assert len(root.search_changes.trees()) == 16
    assert [entry for _key, entry in root.search_changes.since(0)] == [("comment", "a", 1)]


def test_step_7_gives_an_old_jury_its_workspace():
    from datetime import date, datetime

    from consult.juries.models import Juries, Jury
    from consult.resources.evolution import evolve_7_jury_workspaces

    root = Root()
    root.add("juries", Juries())
    now = datetime.now(UTC)
    jury = Jury("c", {"en": "Q?"}, 15, now, now, (date(2026, 12, 1),), (), {}, now, "u")
    del jury.workspace  # as stored before step 7: the class default applies
    root["juries"].add_jury("j", jury)
    assert jury.workspace is None
    evolve_7_jury_workspaces(root)
    assert jury["workspace"]["recommendations"].__parent__ is jury.workspace
    assert jury.workspace.__parent__ is jury


def test_step_15_gives_old_accounts_their_sessions():
    from datetime import datetime, timedelta

    from consult.accounts.models import Principal, Principals
    from consult.resources.evolution import evolve_15_principal_sessions

    root = Root()
    root.add("principals", Principals())
    now = datetime.now(UTC)
    principal = root["principals"].add_principal(Principal("a@example.kz", "A", "B", "", now))
    del principal.sessions  # as stored before step 15: the class default applies
    assert principal.sessions is None and principal.session_began("any") is None
    evolve_15_principal_sessions(root)
    assert len(principal.sessions) == 0
    principal.begin_session("sid", now, timedelta(hours=1))
    assert principal.session_began("sid") == now
    evolve_15_principal_sessions(root)  # again: nothing lost
    assert principal.session_began("sid") == now
