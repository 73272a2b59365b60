"""Databases written before juries/ had subpackages still load.

ZODB records name each persistent class by module and name, and the
workspace's classes were `consult.juries.workspace.<Class>` (the module
workspace.py) when those databases were written; the juries' custom features
(`consult.juries.features.Feature`, `Value`) are pickled inside the jury's
record. pre-subpackages.fs was written by that code
(fixtures/make_pre_subpackages_db.py says how)."""

from pathlib import Path

import pytest
from stored_databases import copy_of, globals_named, stored_records
from ZODB import DB
from ZODB.broken import Broken
from ZODB.FileStorage import FileStorage
from ZODB.utils import get_pickle_metadata

from consult.juries.features import Feature, Value
from consult.juries.models import Jury
from consult.juries.workspace import models as workspace

FIXTURE = Path(__file__).parent / "fixtures" / "pre-subpackages.fs"
WORKSPACE_CLASSES = {
    "Agenda",
    "AgendaItem",
    "Attachment",
    "EvidenceItem",
    "EvidenceLibrary",
    "Findings",
    "MinistryAnswer",
    "Post",
    "Recommendation",
    "Recommendations",
    "Revision",
    "Thread",
    "Threads",
    "Workspace",
}


@pytest.fixture
def storage_path(tmp_path):
    return copy_of(FIXTURE, tmp_path)


def test_the_fixture_names_the_old_paths(storage_path):
    records = stored_records(storage_path)
    classes = {get_pickle_metadata(data) for data in records}
    assert {("consult.juries.workspace", name) for name in WORKSPACE_CLASSES} <= classes
    assert not any(module.startswith("consult.juries.workspace.") for module, _ in classes)
    assert any(
        name.startswith("consult.juries.features ")
        for data in records
        for name in globals_named(data)
    )


def test_every_object_stored_under_the_old_paths_loads_as_the_new_class(storage_path):
    db = DB(FileStorage(str(storage_path)))
    try:
        connection = db.open()
        jury = connection.root()["juries"]["jury"]
        assert isinstance(jury, Jury)
        space = jury.workspace
        assert isinstance(space, workspace.Workspace)

        [item] = space.evidence.values()
        [slot] = space.agenda.values()
        [thread] = space.threads.values()
        [post] = thread.posts.values()
        [recommendation] = space.recommendations.values()
        [revision] = recommendation.revisions
        loaded = {
            space.evidence: workspace.EvidenceLibrary,
            space.agenda: workspace.Agenda,
            space.threads: workspace.Threads,
            space.recommendations: workspace.Recommendations,
            item: workspace.EvidenceItem,
            item.attachment: workspace.Attachment,
            slot: workspace.AgendaItem,
            thread: workspace.Thread,
            post: workspace.Post,
            recommendation: workspace.Recommendation,
            revision: workspace.Revision,
            recommendation.answer: workspace.MinistryAnswer,
            jury.findings: workspace.Findings,
        }
        for stored, cls in loaded.items():
            assert type(stored) is cls, stored
            assert not isinstance(stored, Broken)
        assert len(loaded) + 1 == len(WORKSPACE_CLASSES)

        assert item.attachment.data == b"text"
        assert post.text == "Hello"
        assert recommendation.tally()["support"] == 1
        assert recommendation.answer.disposition == "accepted"
        assert jury.findings.summary == "Summary of findings"
        [custom] = jury.custom_features
        assert type(custom) is Feature
        assert all(type(value) is Value for value in custom.values)
        assert jury.feature(custom.key) == custom
    finally:
        db.close()
