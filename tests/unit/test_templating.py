"""Templates compile one at a time, so that threads rendering cold templates
at once never hit CPython 3.11's shared AST recursion counter."""

import threading

from chameleon.template import BaseTemplate

from consult import templating


def test_chameleon_compiles_under_the_lock(monkeypatch):
    templating.serialise_compilation()
    assert BaseTemplate._cook is templating._serialised_cook
    held = []

    def compile_(self, body, name, builtins):
        held.append(templating._lock._is_owned())
        return {}

    monkeypatch.setattr(templating, "_compile", compile_)
    thread = threading.Thread(target=BaseTemplate._cook, args=(object(), "", "", ()))
    thread.start()
    thread.join()
    assert held == [True]
