"""Running a draw: the worker that runs an announced-and-started draw to
the end (`execute_draw`, the lottery in a child process), the progress and
heartbeat it commits while it runs, the status people see (`status_of`), and
`DrawRunner`, which starts the worker in a thread after the transaction that
started the draw commits."""

import json
import logging
import threading
import time
import uuid

import transaction
from pyramid.traversal import find_root
from ZODB.POSException import ConflictError

from ...resources import APP_KEY
from ...settings import as_settings, default_of
from ..events import DrawFinished
from . import algorithm, process
from . import data as lottery_data

log = logging.getLogger(__name__)

PROCESS = uuid.uuid4().hex  # this process, to tell our draws from other processes'
# maximin took 75 s for a pool of 500 and over 28 minutes for 2 000 here
# (benchmarks/README.md): a draw is stopped, and marked failed, after this.
DRAW_TIMEOUT = default_of("consult.juries.draw_timeout_seconds")
STALE_SECONDS = 120  # a running draw whose worker has been silent this long is interrupted


def status_of(draw, runner=None):
    """The draw's status as people should see it: a draw marked running whose
    worker is gone (the process restarted, or another process stopped
    sending signs of life) is "interrupted" and may be started again."""
    if draw.status != "running":
        return draw.status
    if draw.runner == PROCESS:
        live = runner is not None and runner.is_running(draw)
        return "running" if live else "interrupted"
    if draw.heartbeat is None or time.time() - draw.heartbeat > STALE_SECONDS:
        return "interrupted"
    return "running"


def _locate(root, jury_name, number):
    jury = root["juries"][jury_name]
    return jury, jury.draws[str(number)]


def _update(db, jury_name, number, change, attempts=5):
    """Run `change(jury, draw)` in its own transaction, retrying conflicts."""
    manager = transaction.TransactionManager()
    for attempt in range(attempts):
        connection = db.open(manager)
        try:
            with manager:
                jury, draw = _locate(connection.root()[APP_KEY], jury_name, number)
                return change(jury, draw)
        except ConflictError:
            if attempt == attempts - 1:
                raise
        finally:
            connection.close()


def _progress_text(line):
    if not line.startswith(process.PROGRESS_PREFIX):
        return None
    event = json.loads(line[len(process.PROGRESS_PREFIX) :])
    text = event.get("message") or event.get("phase") or ""
    if event.get("total"):
        text += f" ({event['current']}/{event['total']})"
    elif event.get("current"):
        text += f" ({event['current']})"
    return text


def execute_draw(db, jury_name, number, service, isolated=True, timeout=DRAW_TIMEOUT, notify=None):
    """Run one announced-and-started draw to the end: read its inputs, run
    the lottery (in a child process unless `isolated` is false), store the
    result or the failure. Progress and a heartbeat are committed at most
    once a second while it runs. This is what DrawRunner's thread does.
    `notify` (the registry's) announces DrawFinished with the result, in
    the transaction that stores it."""

    def finished(change):
        def store(jury, draw):
            change(jury, draw)
            if notify is not None:
                notify(DrawFinished(None, draw, root=find_root(jury), when=service.clock.now()))

        return store

    inputs = _update(
        db,
        jury_name,
        number,
        lambda jury, draw: (
            lottery_data.inputs_from_dict(draw.inputs) if draw.status == "running" else None
        ),
    )
    if inputs is None:
        return None
    last = [0.0]

    def on_line(line):
        text = _progress_text(line)
        if text is None or time.time() - last[0] < 1.0:
            return
        last[0] = time.time()

        def record(jury, draw):
            draw.progress = text
            draw.heartbeat = time.time()

        try:
            _update(db, jury_name, number, record)
        except Exception:  # progress is a courtesy; the draw goes on
            log.exception("could not record the progress of a draw")

    try:
        result = (
            process.run_isolated(inputs, on_line, timeout=timeout)
            if isolated
            else algorithm.draw(inputs)
        )
    except lottery_data.LotteryError as error:
        refusal = error
        _update(
            db, jury_name, number, finished(lambda jury, draw: service.fail_draw(draw, refusal))
        )
        return refusal
    except Exception as error:  # noqa: BLE001 - shown to the organiser, logged in full
        log.exception("draw %s of jury %s failed", number, jury_name)
        failure = lottery_data.LotteryError(f"{type(error).__name__}: {error}")
        _update(
            db, jury_name, number, finished(lambda jury, draw: service.fail_draw(draw, failure))
        )
        return failure
    _update(
        db, jury_name, number, finished(lambda jury, draw: service.finish_draw(jury, draw, result))
    )
    return result


class DrawRunner:
    """Starts draws in background threads, one per draw, after the
    transaction that started them commits; remembers which are alive."""

    def __init__(self, isolated=True, timeout=DRAW_TIMEOUT):
        self.isolated = isolated
        self.timeout = timeout
        self._threads = {}
        self._lock = threading.Lock()

    def _key(self, draw):
        jury = draw.__parent__.__parent__
        return (jury.__name__, draw.number)

    def is_running(self, draw):
        with self._lock:
            thread = self._threads.get(self._key(draw))
        return thread is not None and thread.is_alive()

    def start_after_commit(self, request, jury, draw, worker_service):
        """Start the worker once the transaction commits. `worker_service` is
        called, then, for the service the worker stores the result with
        (IJuryService.for_worker): one with nothing from this request's
        connection, which the runner need not know how to build."""
        db = request.registry._zodb_databases[""]
        notify = request.registry.notify
        key = (jury.__name__, draw.number)

        def start(committed):
            if not committed:
                return
            thread = threading.Thread(
                target=self._run,
                args=(db, key, worker_service(), notify),
                name=f"jury-draw-{key[0]}-{key[1]}",
                daemon=True,
            )
            with self._lock:
                self._threads[key] = thread
            thread.start()

        request.tm.get().addAfterCommitHook(start)

    def _run(self, db, key, service, notify):
        try:
            execute_draw(
                db,
                key[0],
                key[1],
                service,
                isolated=self.isolated,
                timeout=self.timeout,
                notify=notify,
            )
        except Exception:
            log.exception("the draw worker for %s stopped", key)

    def wait(self, timeout=600):
        """Wait for every draw started so far (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                threads = [t for t in self._threads.values() if t.is_alive()]
            if not threads:
                return True
            if time.monotonic() > deadline:
                return False
            for thread in threads:
                thread.join(max(0.0, min(1.0, deadline - time.monotonic())))


def make_runner(settings):
    settings = as_settings(settings)
    return DrawRunner(
        isolated=settings["consult.juries.isolated_draws"],
        timeout=settings["consult.juries.draw_timeout_seconds"],
    )
