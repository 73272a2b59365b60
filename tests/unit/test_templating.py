"""Templates compile one at a time, so that threads rendering cold templates
at once never hit CPython 3.11's shared AST recursion counter."""
import threading

from chameleon.template import BaseTemplate

from consult.templating import serialise_compilation


def test_the_compilation_is_wrapped_once_and_holds_the_lock():
    serialise_compilation()
    wrapped = BaseTemplate._cook
    serialise_compilation()
    assert BaseTemplate._cook is wrapped and wrapped.serialised

    from consult import templating

    seen = []

    class Probe:
        pass

    original = wrapped.__closure__[0].cell_contents  # the unwrapped _cook
    try:
        # While one thread compiles, another cannot start.
        def slow(self, body, name, builtins):
            seen.append(templating._lock._is_owned())
            return {}

        wrapped.__closure__[0].cell_contents = slow
        thread = threading.Thread(target=wrapped, args=(Probe(), "", "", ()))
        thread.start()
        thread.join()
    finally:
        wrapped.__closure__[0].cell_contents = original
    assert seen == [True]
