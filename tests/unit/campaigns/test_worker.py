"""The campaign worker: places comments after their commit, from the change
log, resuming where it stopped; the comments stored before it existed are
placed by a first pass."""

import time
from datetime import timedelta

import factories
import pytest
from factories import NOW
from ZODB import DB
from ZODB.MappingStorage import MappingStorage

from consult.campaigns.worker import CampaignWorker
from consult.config import evolution_steps
from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService
from consult.resources import opened_root

SLUG = "juries"
LETTER = "Please raise the minimum size of a citizens jury to forty members at least."


@pytest.fixture
def db(clock):
    database = DB(MappingStorage())
    with opened_root(database, evolution_steps()) as root:
        service = ConsultationService(root["consultations"], clock)
        clerk = factories.principal("clerk@example.kz", "Clerk", "Ministry", created=clock.now())
        consultation = service.create(SLUG, {"en": "Juries"}, {}, {}, [], clerk)
        service.add_question(consultation, {"en": "How large should a jury be?"})
        service.schedule(consultation, "green", NOW - timedelta(days=1), NOW + timedelta(days=9))
        service.publish(consultation)
        for number in range(5):
            person = factories.principal(
                f"p{number}@example.kz", "P", "Q", created=clock.now(), confirmed_at=clock.now()
            )
            person.id = f"p{number}"
            root["principals"].add_principal(person)
    yield database
    database.close()


@pytest.fixture
def workers():
    made = []

    def make(db, **options):
        worker = CampaignWorker(db, **options)
        made.append(worker)
        return worker

    yield make
    for worker in made:
        worker.stop()


def post(db, clock, number, text=LETTER):
    with opened_root(db, evolution_steps()) as root:
        consultation = root["consultations"][SLUG]
        question = consultation.stages["green"].questions[0]
        comment = FeedbackService(clock, {}).post(
            consultation, question.target, root["principals"].get(f"p{number}"), text, "for"
        )
        return comment.id


def clusters(db):
    with opened_root(db, evolution_steps()) as root:
        index = root["consultations"][SLUG].campaigns
        if index is None:
            return []
        return sorted(sorted(cluster.published.values()) for cluster in index.clusters.values())


def test_comments_from_before_the_worker_are_placed_then_new_ones(db, clock, workers):
    first = [post(db, clock, number) for number in range(2)]
    with opened_root(db, evolution_steps()) as root:  # as if stored before the change log existed
        for tree in root.search_changes.trees():
            tree.clear()
    worker = workers(db)
    worker.catch_up()
    assert clusters(db) == [sorted(first)]
    later = post(db, clock, 2, LETTER + " Thank you.")
    other = post(db, clock, 3, "Pay every juror for each day of service, without exception.")
    worker.catch_up()
    assert clusters(db) == [sorted(first + [later])]
    with opened_root(db, evolution_steps()) as root:
        index = root["consultations"][SLUG].campaigns
        assert index.cluster_for(other) is None


def test_state_changes_follow_and_a_new_worker_resumes(db, clock, workers):
    ids = [post(db, clock, number) for number in range(3)]
    workers(db).catch_up()
    with opened_root(db, evolution_steps()) as root:
        consultation = root["consultations"][SLUG]
        FeedbackService(clock, {}).withdraw(
            consultation, consultation.comments.get(ids[0]), root["principals"].get("p0")
        )
        placed_before = root.campaign_cursor.watermark
    again = workers(db)  # a restarted process
    again.catch_up()
    assert clusters(db) == [sorted(ids[1:])]
    with opened_root(db, evolution_steps()) as root:
        assert root.campaign_cursor.watermark > placed_before
        assert root.campaign_cursor.initial_done


def test_the_thread_places_a_comment_soon_after_its_commit(db, clock, workers):
    worker = workers(db, poll=60.0)
    worker.start()
    post(db, clock, 0)
    second = post(db, clock, 1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not clusters(db):
        time.sleep(0.05)
    assert clusters(db) and second in clusters(db)[0]
    assert worker.last_error is None


def test_under_a_burst_one_cycle_places_the_comments_of_several_commits(db, clock, workers):
    # The first is placed at once; the next cycle waits for the interval.
    worker = workers(db, poll=60.0, min_interval=0.5)
    placed_per_cycle = []
    log_step = worker._log_step

    def counting(root, cursor):
        keys, looked = log_step(root, cursor)
        if looked:
            placed_per_cycle.append(looked)
        return keys, looked

    worker._log_step = counting
    worker.start()
    ids = []
    for number in range(5):  # five commits, each waking it, 50 ms apart
        ids.append(post(db, clock, number))
        time.sleep(0.05)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and sum(placed_per_cycle) < 5:
        time.sleep(0.05)
    assert sum(placed_per_cycle) == 5
    assert max(placed_per_cycle) >= 2 and len(placed_per_cycle) < 5
    assert sorted(clusters(db)[0]) == sorted(ids)


def test_a_consultation_with_many_comments_is_placed_in_bulk(db, clock, workers, monkeypatch):
    from consult.campaigns import batch
    from consult.campaigns import worker as worker_module

    monkeypatch.setattr(worker_module, "CHUNK", 2)  # "many" comments: more than a chunk
    bulk = []
    monkeypatch.setattr(
        worker_module,
        "cluster_all",
        lambda *args, **kwargs: bulk.append(args[2]) or batch.cluster_all(*args, **kwargs),
    )
    letters = [post(db, clock, number) for number in range(3)]
    other = post(db, clock, 3, "Publish the algorithm that selects the jurors and its seed.")
    with opened_root(db, evolution_steps()) as root:  # as if stored before the change log existed
        for tree in root.search_changes.trees():
            tree.clear()
    worker = workers(db)
    assert worker.catch_up() == 4
    assert bulk == [sorted(letters + [other])]
    assert clusters(db) == [sorted(letters)]
    later = post(db, clock, 4, LETTER + " Thank you.")
    worker.catch_up()
    assert clusters(db) == [sorted(letters + [later])]
    with opened_root(db, evolution_steps()) as root:
        assert root.campaign_cursor.initial_done
        assert len(root["consultations"][SLUG].campaigns.seen) == 5


def test_the_workers_connection_keeps_a_small_object_cache(db, clock, workers, monkeypatch):
    from consult.campaigns import worker as worker_module

    monkeypatch.setattr(worker_module, "CACHE_SIZE", 10)
    db.setCacheSize(20000)  # the site's cache size, as in production.ini
    worker = workers(db)
    worker.catch_up()
    for number in range(30):
        post(db, clock, number % 5, f"{LETTER} Signed, resident number {number}.")
    worker.catch_up()
    assert len(clusters(db)) == 1 and len(clusters(db)[0]) == 30
    cache = worker._connection._cache
    assert cache.cache_size == 10
    # Trimmed to its size when each step begins; the last step's loads stay.
    assert cache.cache_non_ghost_count < 20
    # Only the worker's own connection: requests keep the site's size.
    reader = db.open()
    try:
        assert reader._cache.cache_size == 20000
    finally:
        reader.close()
