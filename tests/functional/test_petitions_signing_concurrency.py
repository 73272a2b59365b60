"""Two signatures at once on a real FileStorage, each in its own ZODB
connection and transaction, as two processes (or two threads of one) make
them: the same person's second signature conflicts on its key in the
petition's `signatures` OOBTree, and when its transaction is retried it is
refused; two people's signatures both commit, their counters merged by
conflict resolution. Every count then says exactly what was committed."""

import pytest
import transaction
from petition_signers import YESIL, open_petition, verify
from ZODB.POSException import ConflictError

from consult.organisations.territories import load_territories
from consult.petitions.interfaces import PetitionError
from consult.petitions.services import PetitionService
from consult.resources import APP_KEY

ALMA, DANA, ERLAN = "alma@example.kz", "dana@example.kz", "erlan@example.kz"


@pytest.fixture
def settings(settings, tmp_path):
    return dict(settings, **{"zodbconn.uri": f"file://{tmp_path}/Data.fs"})


@pytest.fixture
def people(database, clock, make_user):
    ids = {email: make_user(email) for email in ("author@example.kz", ALMA, DANA, ERLAN)}
    with database() as root:
        for email in (ALMA, DANA, ERLAN):
            verify(root["principals"][ids[email]], clock.now())
        name = open_petition(root, ids["author@example.kz"], clock.now(), threshold=100)
        # Erlan's signature makes the hour's and the territory's counters,
        # so that the signatures below add to existing keys only.
        service = PetitionService(
            root["petitions"], {}, clock, load_territories(), calendar=object()
        )
        service.sign(root["petitions"][name], ids[ERLAN], region=YESIL)
    return ids, name


class Session:
    """One connection with its own transaction manager (one process)."""

    def __init__(self, wsgi_app, clock):
        self.tm = transaction.TransactionManager()
        self.connection = wsgi_app.registry._zodb_databases[""].open(transaction_manager=self.tm)
        self.clock = clock
        self.tm.begin()
        self.root = self.connection.root()[APP_KEY]

    def begin(self):
        """A new transaction (the current one aborted), seeing what others
        committed."""
        self.tm.begin()
        self.root = self.connection.root()[APP_KEY]

    def sign(self, name, userid):
        service = PetitionService(
            self.root["petitions"], {}, self.clock, load_territories(), calendar=object()
        )
        return service.sign(self.root["petitions"][name], userid, region=YESIL)

    def petition(self, name):
        return self.root["petitions"][name]


@pytest.fixture
def sessions(wsgi_app, clock):
    opened = [Session(wsgi_app, clock) for _ in range(3)]
    yield opened
    for session in opened:
        session.tm.abort()
        session.connection.close()


def counts(petition):
    tally = petition.tally
    return {
        "signatures": len(petition.signatures),
        "total": petition.count(),
        "levels": tally.at_least(0),
        "regions": sum(counter() for counter in tally.regions.values()),
        "hours": sum(counter() for counter in tally.hours.values()),
    }


def test_one_person_signing_twice_at_once_counts_once(people, sessions):
    ids, name = people
    first, second, reader = sessions
    first.sign(name, ids[ALMA])
    second.sign(name, ids[ALMA])  # it has not seen the first one's signature
    first.tm.commit()
    with pytest.raises(ConflictError) as conflict:
        second.tm.commit()
    assert conflict.value.oid == first.petition(name).signatures._p_oid
    # pyramid_retry runs the request again: it now sees the signature.
    second.begin()
    with pytest.raises(PetitionError, match="already signed"):
        second.sign(name, ids[ALMA])
    second.tm.abort()
    reader.begin()
    assert counts(reader.petition(name)) == dict.fromkeys(
        ("signatures", "total", "levels", "regions", "hours"), 2
    )


def test_two_people_signing_at_once_both_count(people, sessions):
    ids, name = people
    first, second, reader = sessions
    first.sign(name, ids[ALMA])
    second.sign(name, ids[DANA])
    first.tm.commit()
    second.tm.commit()  # the OOBTree's and the Lengths' conflicts resolve
    reader.begin()
    petition = reader.petition(name)
    assert counts(petition) == dict.fromkeys(
        ("signatures", "total", "levels", "regions", "hours"), 3
    )
    assert set(petition.signatures) == {ids[ALMA], ids[DANA], ids[ERLAN]}
