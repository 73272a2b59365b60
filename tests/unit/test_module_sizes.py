"""Modules stay small enough to read with one purpose: one over 15 KB is
split by purpose (docs/architecture.md), not left to grow."""

from pathlib import Path

import consult

LIMIT = 15 * 1024
SOURCE = Path(consult.__file__).parent


def test_no_module_is_over_15_kb():
    large = {
        str(path.relative_to(SOURCE)): path.stat().st_size
        for path in SOURCE.rglob("*.py")
        if path.stat().st_size > LIMIT
    }
    assert not large, f"split these by purpose: {large}"
