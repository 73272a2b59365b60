"""A test that must fail, not hang, when the code under test loops for ever."""

import signal
from contextlib import contextmanager


@contextmanager
def deadline(seconds):
    """Raise AssertionError in the block after `seconds` (main thread only)."""

    def expired(*_):
        raise AssertionError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
