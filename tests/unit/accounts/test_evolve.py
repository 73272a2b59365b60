"""The accounts' evolution steps."""

from datetime import UTC, datetime, timedelta

import factories

from consult.accounts.evolve import evolve_15_principal_sessions
from consult.accounts.models import Principals
from consult.resources.models import Root


def test_step_15_gives_old_accounts_their_sessions():
    root = Root()
    root.add("principals", Principals())
    now = datetime.now(UTC)
    principal = root["principals"].add_principal(
        factories.principal("a@example.kz", "A", "B", created=now)
    )
    del principal.sessions  # as stored before step 15: the class default applies
    assert principal.sessions is None and principal.session_began("any") is None
    evolve_15_principal_sessions(root)
    assert len(principal.sessions) == 0
    principal.begin_session("sid", now, timedelta(hours=1))
    assert principal.session_began("sid") == now
    evolve_15_principal_sessions(root)  # again: nothing lost
    assert principal.session_began("sid") == now
