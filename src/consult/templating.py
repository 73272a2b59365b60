"""Compile one Chameleon template at a time.

Chameleon turns a template into Python with the `ast` module the first time
it is rendered. In CPython 3.11 the AST constructor keeps its recursion depth
in per-interpreter state, so two threads building ASTs at once can raise a
spurious `SystemError: AST constructor recursion depth mismatch`
(python/cpython#106905). waitress renders in several threads and a cold
start compiles many templates at once, so consult serialises the compilation
(a template is compiled once per process, or read from CHAMELEON_CACHE; the
lock costs nothing afterwards). Written by hand: neither Chameleon nor
pyramid_chameleon offers it."""

import threading

from chameleon.template import BaseTemplate

_lock = threading.RLock()
_compile = BaseTemplate._cook  # Chameleon's own, called under the lock


def _serialised_cook(self, body, name, builtins):
    with _lock:
        return _compile(self, body, name, builtins)


def serialise_compilation():
    BaseTemplate._cook = _serialised_cook
