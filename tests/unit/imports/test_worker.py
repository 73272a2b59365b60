"""The import page's worker (imports.worker.ImportWorker), its cycles run in
the test's thread: a job's check, then its import; a job whose process died
is taken again after STALE and completed without a duplicate; a job that
cannot run ends "failed" with the reason, and the worker goes on."""

from datetime import timedelta

from consult.config import evolution_steps
from consult.imports.jobs import jobs_of
from consult.imports.uploads import CommentImports
from consult.imports.worker import STALE, ImportWorker
from consult.resources import opened_root

LETTERS = "Ref,Name,Comment,Received\n" + "".join(
    f"{n},Writer {n},Letter {n} about the juries.,21.02.2025\n" for n in range(1, 51)
)
SLUG = "citizens-juries"
OPTIONS = {"map": "id=Ref,author=Name,text=Comment,date=Received", "channel": "post"}


def upload(db, clock, content=LETTERS, slug=SLUG):
    with opened_root(db, evolution_steps()) as root:
        job = CommentImports(root, clock).check(
            root["consultations"][slug], "letters.csv", content.encode(), dict(OPTIONS), "u1"
        )
        return job.id


def job_state(db, job_id):
    with opened_root(db, evolution_steps()) as root:
        job = jobs_of(root).get(job_id)
        return job.state, job.check, job.result, job.error, job.done, job.total


def queue(db, clock, job_id):
    with opened_root(db, evolution_steps()) as root:
        jobs_of(root).queue(jobs_of(root).get(job_id), clock.now())


def test_a_job_is_checked_then_imported(db, clock, comments):
    worker = ImportWorker(db, {}, batch_size=20)
    job_id = upload(db, clock)
    assert worker.catch_up() == 1
    state, check, result, _error, done, total = job_state(db, job_id)
    assert (state, check["imported"], result, done, total) == ("checked", 50, None, 50, 50)
    assert comments() == []
    assert worker.catch_up() == 0  # nothing to do until the import is asked for
    queue(db, clock, job_id)
    assert worker.catch_up() == 1
    state, _check, result, _error, done, _total = job_state(db, job_id)
    assert (state, result["imported"], done) == ("done", 50, 50)
    assert len(comments()) == 50
    with opened_root(db, evolution_steps()) as root:
        assert jobs_of(root).get(job_id).file is None  # the file is not kept
        assert list(jobs_of(root).pending) == []


def test_a_job_left_running_by_a_dead_process_is_completed_after_stale(db, clock, comments):
    worker = ImportWorker(db, {}, batch_size=20)
    job_id = upload(db, clock)
    worker.catch_up()
    queue(db, clock, job_id)
    # A process takes the job, imports its first 20 rows, and dies.
    claimed = worker._claim()
    assert claimed.id == job_id
    dying = ImportWorker(db, {}, batch_size=20)
    updates = []

    def update_then_die(job_id, change):
        updates.append(change)
        if len(updates) == 2:  # the file read, the first batch committed
            raise SystemExit("killed")

    dying._update = update_then_die
    try:
        dying._run_job(claimed)
    except SystemExit:
        pass
    assert len(comments()) == 20
    assert worker.catch_up() == 0  # still running for all anyone knows
    with opened_root(db, evolution_steps()) as root:
        job = jobs_of(root).get(job_id)
        job.updated_at -= STALE + timedelta(seconds=1)
    assert worker.catch_up() == 1
    state, _check, result, _error, _done, _total = job_state(db, job_id)
    assert (state, result["imported"], result["already"]) == ("done", 30, 20)
    assert len({c.import_key for c in comments()}) == len(comments()) == 50


def test_a_job_that_cannot_run_fails_with_its_reason_and_the_next_runs(
    db, clock, comments, add_consultation
):
    add_consultation("gone")
    worker = ImportWorker(db, {})
    doomed = upload(db, clock, slug="gone")
    fine = upload(db, clock)
    with opened_root(db, evolution_steps()) as root:
        root["consultations"].remove("gone")
    assert worker.catch_up() == 2
    state, check, _result, error, _done, _total = job_state(db, doomed)
    assert (state, check) == ("failed", None)
    assert "no consultation 'gone'" in error
    assert job_state(db, fine)[0] == "checked"
    assert worker.last_error is None
