"""Concurrent writes to one thread and one comment, through the real app on a
real FileStorage: each person is a thread with their own WebTest client on the
same WSGI app, and every POST's transaction is held just before its commit
until all of them have made their changes, so that they truly overlap. Each
succeeds, through BTrees' conflict resolution or pyramid_retry's retries,
never with an error page, and the counts are right afterwards."""

import re
import threading
from collections import Counter

import pytest
from pages import thread_page
from pyramid.events import NewRequest
from pyramid_retry import IBeforeRetry
from webtest import TestApp

from consult.clock import IClock
from consult.config import configure

OVERLAP = "test.overlap"  # an environ key: hold this request's commit


class Overlap:
    """Holds flagged first attempts before their commit until `parties` of
    them are there; counts how often that happened and the retries."""

    def __init__(self):
        self.barrier = None
        self.lock = threading.Lock()
        self.together = 0
        self.retries = Counter()

    def expect(self, parties):
        self.barrier = threading.Barrier(parties)

    def new_request(self, event):
        request = event.request
        if request.environ.get(OVERLAP) and request.environ.get("retry.attempt", 0) == 0:
            request.tm.get().addBeforeCommitHook(self.wait)

    def wait(self):
        try:
            self.barrier.wait(timeout=20)
        except threading.BrokenBarrierError:
            return  # a request failed before its commit: the assertions say which
        with self.lock:
            self.together += 1

    def retried(self, event):
        with self.lock:
            self.retries[type(event.exception).__name__] += 1


@pytest.fixture
def settings(tmp_path):
    return {
        "zodbconn.uri": f"file://{tmp_path}/Data.fs",
        "consult.session_secret": "testing-secret",
        "consult.hash_secret": "testing-hash-secret",
        "consult.public_url": "http://localhost",
        "mail.debug_directory": str(tmp_path / "mail"),
        "pyramid.default_locale_name": "en",
        "consult.search.backend": "memory",
        "consult.search.feed_thread": "false",
        "consult.campaigns.worker": "false",
        "consult.imports.worker": "false",
        "retry.attempts": "3",
    }


@pytest.fixture
def overlap():
    return Overlap()


@pytest.fixture
def wsgi_app(settings, clock, overlap):
    config = configure(settings)
    config.register_service(clock, IClock)
    config.add_subscriber(overlap.new_request, NewRequest)
    config.add_subscriber(overlap.retried, IBeforeRetry)
    config.commit()
    app = config.make_wsgi_app()
    yield app
    app.registry.search_feeder.stop()
    app.registry.campaign_worker.stop()
    app.registry.import_worker.stop()
    for db in app.registry._zodb_databases.values():
        db.close()


@pytest.fixture
def people(wsgi_app, make_user, login):
    """people(n): n signed-in clients, each a separate person."""

    def make(count, prefix="person"):
        clients = []
        for number in range(count):
            address = f"{prefix}{number}@example.kz"
            make_user(address, f"Person{number}", "Concurrent")
            client = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
            login(client, address)
            clients.append(client)
        return clients

    return make


def all_at_once(overlap, actions):
    """Run each callable in its own thread, their commits held together;
    returns their results in order."""
    overlap.expect(len(actions))
    results = [None] * len(actions)
    errors = []

    def run(number):
        try:
            results[number] = actions[number]()
        except BaseException as error:  # re-raised in the test thread below
            errors.append(error)
            overlap.barrier.abort()

    threads = [threading.Thread(target=run, args=(number,)) for number in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads)
    if errors:
        raise errors[0]
    return results


def posted_id(response):
    assert response.status_int == 303, (response.status, response.text[:2000])
    return int(re.search(r"#comment-(\d+)$", response.headers["Location"]).group(1))


def article_target(database, slug):
    with database() as root:
        return root["consultations"][slug].current_draft()["3"].target


def first_comment(client, slug, target, text):
    page = thread_page(client, slug, target)
    formid = f"form-thread-{target.replace(':', '-')}"
    form = page.forms[formid]
    form["text"] = text
    form[f"{formid}-stance"] = "for"
    return posted_id(form.submit("post"))


def reply_through_form(client, slug, comment_id, text):
    form = client.get(f"/consultations/{slug}/comments/{comment_id}/reply").forms["reply-form"]
    form["text"] = text
    return form.submit("post", extra_environ={OVERLAP: "1"}, expect_errors=True)


def support_through_form(client, slug, target, comment_id):
    page = thread_page(client, slug, target)
    [form] = [
        form
        for form in page.forms.values()
        if form.action.endswith(f"/comments/{comment_id}/support")
    ]
    return form.submit(extra_environ={OVERLAP: "1"}, expect_errors=True)


def test_concurrent_replies_to_one_thread_are_each_stored_once(
    people, overlap, database, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    author, *repliers = people(7)
    parent = first_comment(author, slug, target, "Juries should sit in every region.")

    rounds = 3
    statuses = []
    for round_number in range(rounds):
        # Each round: six people answer the same comment at the same moment
        # (the first round also creates the comment's reply list).
        responses = all_at_once(
            overlap,
            [
                (
                    lambda client=client, number=number, round_number=round_number: (
                        reply_through_form(
                            client, slug, parent, f"Reply {round_number}-{number} to the regions."
                        )
                    )
                )
                for number, client in enumerate(repliers)
            ],
        )
        statuses += [response.status_int for response in responses]
        assert overlap.together == len(repliers) * (round_number + 1)  # truly overlapped
    assert statuses == [303] * (rounds * len(repliers)), statuses
    assert overlap.retries, "the overlapping commits should have needed a retry at least once"

    with database() as root:
        store = root["consultations"][slug].comments
        comment = store.get(parent)
        replies, _ = store.replies_to(comment, size=100)
        texts = Counter(reply.text for reply in replies)
        assert sorted(texts) == sorted(
            f"Reply {r}-{n} to the regions." for r in range(rounds) for n in range(len(repliers))
        )
        assert set(texts.values()) == {1}  # each reply stored exactly once
        assert store.reply_count(comment) == rounds * len(repliers)
        assert len(store) == 1 + rounds * len(repliers) == len(store.comments)
        assert store.count(target) == 1 + rounds * len(repliers)
        assert store.participant_count() == 1 + len(repliers)


def test_concurrent_supports_of_one_comment_count_each_supporter_once(
    wsgi_app, login, people, overlap, database, make_consultation
):
    slug = make_consultation()
    target = article_target(database, slug)
    author, *supporters = people(9)
    comment_id = first_comment(author, slug, target, "Jurors should be paid for each day.")

    responses = all_at_once(
        overlap,
        [
            (lambda client=client: support_through_form(client, slug, target, comment_id))
            for client in supporters
        ],
    )
    assert [response.status_int for response in responses] == [303] * len(supporters)
    assert overlap.together == len(supporters)

    # A newcomer pressing "Support" in two tabs at once is counted once.
    [first_tab] = people(1, prefix="newcomer")
    second_tab = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(second_tab, "newcomer0@example.kz")
    responses = all_at_once(
        overlap,
        [
            lambda: support_through_form(first_tab, slug, target, comment_id),
            lambda: support_through_form(second_tab, slug, target, comment_id),
        ],
    )
    assert [response.status_int for response in responses] == [303, 303]
    assert overlap.together == len(supporters) + 2

    with database() as root:
        comment = root["consultations"][slug].comments.get(comment_id)
        principals = root["principals"]
        expected = {
            principals.find_by_email(f"person{number}@example.kz").id
            for number in range(1, len(supporters) + 1)
        }
        expected.add(principals.find_by_email("newcomer0@example.kz").id)
        assert set(comment.supporters) == expected
        assert comment.support_count() == len(comment.supporters) == len(supporters) + 1
