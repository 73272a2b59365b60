"""The index feeder: the index follows the change log after commits, catches
up after a restart, switches generations, and never serves a comment that is
no longer published."""

import time
from datetime import timedelta

import factories
import pytest
from factories import NOW
from samples import DRAFT_TEXT_EN
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.changes.log import remove_listener
from consult.config import evolution_steps
from consult.consultations.parsing import parse_text
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.resources import opened_root
from consult.search import feed
from consult.search.documents import all_documents
from consult.search.feed import IndexFeeder
from consult.search.generations import FORMAT, IndexDirectory
from consult.search.interfaces import SearchQuery
from consult.search.reindex import ReindexError, rebuild
from consult.timekeys import key_for

SLUG = "juries"


@pytest.fixture
def db(clock):
    database = DB(MappingStorage())
    with opened_root(database, evolution_steps()) as root:
        service = ConsultationService(root["consultations"], clock)
        creator = factories.principal("clerk@example.kz", "Clerk", "Ministry")
        consultation = service.create(
            SLUG, {"en": "Citizens' juries"}, {"en": "Summary"}, {"en": "Ministry"}, [], creator
        )
        service.import_draft(consultation, "en", parse_text(DRAFT_TEXT_EN))
        service.schedule(consultation, "white", NOW - timedelta(days=1), NOW + timedelta(days=30))
        service.publish(consultation)
        author = factories.principal(confirmed_at=clock.now())
        author.id = "aigerim"
        root["principals"].add_principal(author)
    yield database
    database.close()


@pytest.fixture
def feeders():
    started = []

    def make(db, backend="memory", path=None, **options):
        feeder = IndexFeeder(db, backend, path, **options)
        started.append(feeder)
        return feeder

    yield make
    for feeder in started:
        feeder.stop()


def post(db, clock, text, premoderation=False):
    with opened_root(db, evolution_steps()) as root:
        consultation = root["consultations"][SLUG]
        consultation.premoderation = premoderation
        article = next(iter(consultation.current_draft().articles()))
        author = root["principals"].get("aigerim")
        comment = FeedbackService(clock, {}).post(
            consultation, f"article:{article.uid}", author, text, "for"
        )
        return comment.id


def act(db, clock, comment_id, action):
    with opened_root(db, evolution_steps()) as root:
        consultation = root["consultations"][SLUG]
        comment = consultation.comments.comments[comment_id]
        service = FeedbackService(clock, {})
        moderator = root["principals"].get("aigerim")
        if action == "withdraw":
            service.withdraw(consultation, comment, moderator)
        else:
            getattr(service, action)(consultation, comment, moderator, "for the record")


def found(feeder, words):
    """The ids of the comments and consultation texts found (the starter
    pages, web content, may share a word)."""
    hits = feeder.search(SearchQuery(words)).hits
    return [hit.document.id for hit in hits if hit.document.kind != "page"]


def test_first_cycle_builds_the_index_from_the_database(db, clock, feeders):
    post(db, clock, "Jurors should be paid for their time")
    feeder = feeders(db)
    assert feeder.index is None and feeder.search(SearchQuery("jurors")).total == 0
    feeder.catch_up()
    with opened_root(db, evolution_steps()) as root:
        expected = {document.id for document in all_documents(root)}
    assert feeder.index.count() == len(expected)
    assert len(found(feeder, "paid")) == 1
    assert not feeder.building


def test_a_committed_comment_is_searchable_after_the_next_cycle(db, clock, feeders):
    feeder = feeders(db)
    feeder.catch_up()
    assert found(feeder, "lottery") == []
    comment_id = post(db, clock, "A lottery is fairer than an election")
    assert found(feeder, "lottery") == []  # not before the feeder runs
    assert feeder.catch_up() == 1
    assert found(feeder, "lottery") == [f"comment:{SLUG}:{comment_id}"]


@pytest.mark.parametrize("action", ["hide", "withdraw"])
def test_a_comment_leaves_the_index_when_it_stops_being_public(db, clock, feeders, action):
    feeder = feeders(db)
    comment_id = post(db, clock, "A lottery is fairer than an election")
    feeder.catch_up()
    assert found(feeder, "lottery")
    act(db, clock, comment_id, action)
    feeder.catch_up()
    assert found(feeder, "lottery") == []


def test_a_premoderated_comment_enters_the_index_when_approved(db, clock, feeders):
    feeder = feeders(db)
    comment_id = post(db, clock, "A lottery is fairer than an election", premoderation=True)
    feeder.catch_up()
    assert found(feeder, "lottery") == []
    act(db, clock, comment_id, "approve")
    feeder.catch_up()
    assert found(feeder, "lottery") == [f"comment:{SLUG}:{comment_id}"]


def test_publishing_makes_a_consultation_public_in_search(clock, feeders):
    database = DB(MappingStorage())
    try:
        with opened_root(database, evolution_steps()) as root:
            service = ConsultationService(root["consultations"], clock)
            creator = factories.principal("clerk@example.kz", "Clerk", "Ministry")
            consultation = service.create("draft-law", {"en": "Pasture law"}, {}, {}, [], creator)
            service.schedule(consultation, "green", NOW, NOW + timedelta(days=3))
        feeder = feeders(database)
        feeder.catch_up()
        assert found(feeder, "pasture") == []  # only staff may see it
        assert feeder.search(SearchQuery("pasture", principals=("role:editor",))).total == 1
        with opened_root(database, evolution_steps()) as root:
            ConsultationService(root["consultations"], clock).publish(
                root["consultations"]["draft-law"]
            )
        feeder.catch_up()
        assert found(feeder, "pasture") == ["consultation:draft-law:en"]
    finally:
        feeder.stop()
        database.close()


def test_an_entry_that_commits_late_within_the_window_is_still_applied(db, clock, feeders):
    feeder = feeders(db)
    feeder.catch_up()
    first = post(db, clock, "A lottery is fairer than an election")
    feeder.catch_up()
    # A transaction that took its key 5 s ago but committed only now (its
    # key is below the entries the feeder has already seen).
    second = post(db, clock, "Pay every juror a daily allowance")
    with opened_root(db, evolution_steps()) as root:
        log = root.search_changes
        key = log.last_key()
        [entry] = [tree.pop(key) for tree in log.trees() if key in tree]
        log.append([entry], now=time.time() - 5)
    assert feeder.catch_up() == 1
    assert found(feeder, "allowance") == [f"comment:{SLUG}:{second}"]
    assert found(feeder, "lottery") == [f"comment:{SLUG}:{first}"]


def test_a_restarted_feeder_resumes_from_its_watermark(db, clock, feeders, tmp_path):
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    feeder.catch_up()
    generation = feeder.generation.name
    feeder.stop()
    comment_id = post(db, clock, "A lottery is fairer than an election")  # while it is down
    again = feeders(db, "whoosh", path)
    assert again.catch_up() >= 1
    assert again.generation.name == generation  # no rebuild
    assert found(again, "lottery") == [f"comment:{SLUG}:{comment_id}"]


def test_switching_engines_rebuilds_while_the_old_index_serves(db, clock, feeders, tmp_path):
    path = tmp_path / "index"
    post(db, clock, "A lottery is fairer than an election")
    whoosh = feeders(db, "whoosh", path)
    whoosh.catch_up()
    whoosh_generation = whoosh.generation.name
    whoosh.stop()
    tantivy = feeders(db, "tantivy", path)
    tantivy.catch_up()
    current = IndexDirectory(path).current()
    assert current.backend == "tantivy" and current.name != whoosh_generation
    assert tantivy.generation.name == current.name
    assert len(found(tantivy, "lottery")) == 1


def test_reindex_while_serving_switches_the_feeder_and_loses_nothing(
    db, clock, feeders, tmp_path, monkeypatch
):
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    first = post(db, clock, "A lottery is fairer than an election")
    feeder.catch_up()
    old = feeder.generation

    done, generation = rebuild(db, "whoosh", path)
    second = post(db, clock, "Pay every juror a daily allowance")  # after the rebuild
    assert IndexDirectory(path).current_name() == generation.name
    feeder.catch_up()
    assert feeder.generation.name == generation.name
    assert found(feeder, "lottery") == [f"comment:{SLUG}:{first}"]
    assert found(feeder, "allowance") == [f"comment:{SLUG}:{second}"]
    # The old generation is removed once searches in flight are surely done.
    assert old.directory.exists()
    monkeypatch.setattr(feed, "RETIRE_SECONDS", 0.0)
    feeder.catch_up()
    assert not old.directory.exists()


def test_reindex_with_another_engine_is_followed_not_undone(db, clock, feeders, tmp_path, caplog):
    """The operator sets tantivy in the ini and runs `consult reindex` while
    the site, started with whoosh, serves: the site serves and feeds the
    tantivy index instead of rebuilding a whoosh one over it."""
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    first = post(db, clock, "A lottery is fairer than an election")
    feeder.catch_up()
    done, generation = rebuild(db, "tantivy", path)
    feeder.catch_up()
    current = IndexDirectory(path).current()
    assert current.name == generation.name and current.backend == "tantivy"
    assert feeder.generation.name == generation.name and not feeder.building
    assert type(feeder.index).__name__ == "TantivyIndex"
    assert "rebuilding it with whoosh" not in caplog.text
    second = post(db, clock, "Pay every juror a daily allowance")
    feeder.catch_up()
    assert IndexDirectory(path).current_name() == generation.name  # still, after a cycle
    assert found(feeder, "lottery") == [f"comment:{SLUG}:{first}"]
    assert found(feeder, "allowance") == [f"comment:{SLUG}:{second}"]
    # At its next start a process takes the engine its ini names.
    feeder.stop()
    restarted = feeders(db, "whoosh", path)
    restarted.catch_up()
    assert IndexDirectory(path).current().backend == "whoosh"
    assert found(restarted, "allowance") == [f"comment:{SLUG}:{second}"]


def test_reindex_refuses_the_memory_engine(db, tmp_path):
    with pytest.raises(ReindexError, match="memory"):
        rebuild(db, "memory", tmp_path / "index")
    assert not IndexDirectory(tmp_path / "index").names()


def test_an_index_of_an_older_format_is_rebuilt_while_it_serves(db, clock, feeders, tmp_path):
    """An upgrade that changes what documents hold (generations.FORMAT)
    rebuilds the stored index at the next start, without `consult reindex`."""
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    comment_id = post(db, clock, "A lottery is fairer than an election")
    feeder.catch_up()
    old = feeder.generation
    feeder.stop()
    (old.directory / "format").unlink()  # as written before generations had one
    assert IndexDirectory(path).current().format == 1
    served = []
    again = feeders(db, "whoosh", path)
    real_rebuild = again._rebuild

    def rebuild_noting_what_serves(root, changelog):
        served.append(again.generation.name)
        real_rebuild(root, changelog)

    again._rebuild = rebuild_noting_what_serves
    again.catch_up()
    assert served == [old.name]  # the old index served while the new one was built
    current = IndexDirectory(path).current()
    assert current.name != old.name and current.format == FORMAT
    assert again.generation.name == current.name
    assert found(again, "lottery") == [f"comment:{SLUG}:{comment_id}"]
    again.catch_up()
    assert again.generation.name == current.name  # once


def test_an_index_of_format_3_is_rebuilt_for_comments_in_any_language(db, clock, feeders, tmp_path):
    """Format 4 analyses Chinese, Japanese and the Snowball languages: an
    index written before is rebuilt once, at the next start."""
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    comment_id = post(db, clock, "至少他們比計程車乾淨，有禮貌")
    feeder.catch_up()
    old = feeder.generation
    feeder.stop()
    (old.directory / "format").write_text("3", encoding="utf-8")
    again = feeders(db, "whoosh", path)
    again.catch_up()
    current = IndexDirectory(path).current()
    assert FORMAT == 4 and current.name != old.name and current.format == 4
    assert found(again, "計程車") == [f"comment:{SLUG}:{comment_id}"]


def test_an_index_older_than_the_pruned_log_is_rebuilt(db, clock, feeders, tmp_path):
    path = tmp_path / "index"
    feeder = feeders(db, "whoosh", path)
    feeder.catch_up()
    generation = feeder.generation.name
    feeder.stop()
    comment_id = post(db, clock, "A lottery is fairer than an election")
    with opened_root(db, evolution_steps()) as root:  # the log forgot what this index never saw
        root.search_changes.prune(key_for(time.time() + 1))
    again = feeders(db, "whoosh", path)
    again.catch_up()
    assert again.generation.name != generation
    assert found(again, "lottery") == [f"comment:{SLUG}:{comment_id}"]


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_the_thread_indexes_right_after_a_commit_in_this_process(db, clock, feeders, tmp_path):
    feeder = feeders(db, "whoosh", tmp_path / "index", poll=60.0)
    feeder.start()
    assert wait_for(lambda: feeder.index is not None)
    began = time.monotonic()
    comment_id = post(db, clock, "A lottery is fairer than an election")
    # Polling would take a minute: only the commit's wake-up can be this fast.
    assert wait_for(lambda: found(feeder, "lottery") == [f"comment:{SLUG}:{comment_id}"])
    assert time.monotonic() - began < 5.0
    assert feeder.last_error is None


def test_the_thread_polls_for_commits_made_elsewhere(db, clock, feeders):
    feeder = feeders(db, poll=0.1)
    feeder.start()
    assert wait_for(lambda: feeder.index is not None)
    remove_listener(feeder.wake)  # as if another process committed
    comment_id = post(db, clock, "A lottery is fairer than an election")
    assert wait_for(lambda: found(feeder, "lottery") == [f"comment:{SLUG}:{comment_id}"])


def test_the_feeders_connection_keeps_a_small_object_cache(db, clock, feeders, monkeypatch):
    monkeypatch.setattr(feed, "CACHE_SIZE", 10)
    db.setCacheSize(20000)  # the site's cache size, as in production.ini
    for number in range(40):
        post(db, clock, f"Jurors from region {number} should be paid")
    feeder = feeders(db)
    feeder.catch_up()  # a rebuild reads every comment
    assert feeder.search(SearchQuery("paid")).total == 40
    cache = feeder._connection._cache
    assert cache.cache_size == 10
    assert cache.cache_non_ghost_count <= 10
    # Only the feeder's own connection: requests keep the site's size.
    reader = db.open()
    try:
        assert reader._cache.cache_size == 20000
    finally:
        reader.close()
