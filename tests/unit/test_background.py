"""The background loop's pacing: a lone wake-up is handled at once, a burst
of them by one cycle per `min_interval`."""

import time

import pytest

from consult.background import BackgroundLoop


class Recorder(BackgroundLoop):
    thread_name = "test-background"

    def __init__(self, min_interval):
        super().__init__(poll=60.0)
        self.min_interval = min_interval
        self.started = []

    def _cycle(self):
        self.started.append(time.monotonic())
        return 0


@pytest.fixture
def loops():
    made = []

    def make(min_interval):
        loop = Recorder(min_interval)
        made.append(loop)
        loop.start()
        wait_for(lambda: len(loop.started) == 1)  # its first cycle, at start
        return loop

    yield make
    for loop in made:
        loop.stop()


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_burst_of_wake_ups_gets_one_cycle_per_interval(loops):
    # An interval well above the burst's 0.25 s, so that a slow CI machine
    # delaying the test's own sleeps still wakes it within the interval.
    loop = loops(min_interval=1.5)
    for _ in range(5):  # five commits within 0.25 s
        loop.wake()
        time.sleep(0.05)
    wait_for(lambda: len(loop.started) == 2)
    time.sleep(0.6)  # nothing woke it since: no third cycle
    assert len(loop.started) == 2
    assert loop.started[1] - loop.started[0] >= 1.5


def test_a_lone_wake_up_after_a_quiet_interval_is_handled_at_once(loops):
    loop = loops(min_interval=0.5)
    time.sleep(0.6)
    woken = time.monotonic()
    loop.wake()
    wait_for(lambda: len(loop.started) == 2)
    assert loop.started[1] - woken < 0.45  # not held for the interval (0.5 s)


def test_without_an_interval_every_wake_up_gets_its_cycle(loops):
    loop = loops(min_interval=0.0)
    for count in range(2, 5):
        loop.wake()
        wait_for(lambda count=count: len(loop.started) == count)
