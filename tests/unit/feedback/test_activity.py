"""Each person's comments, supports and reports, indexed site-wide
(feedback.activity): written by the subscriber of CommentPosted and by the
service's support, withdraw_support and report; evolution step 21 builds it
from what a database held before."""

from datetime import timedelta

import pytest
from factories import NOW
from unit.feedback.test_moderation_queues import consultation_with_draft, person

from consult.consultations.evolve import evolve_1_containers
from consult.feedback.activity import PersonActivity, person_activity, time_key
from consult.feedback.comments import Comment
from consult.feedback.evolve import evolve_people_activity
from consult.feedback.interfaces import FeedbackError
from consult.feedback.services import FeedbackService
from consult.resources.models import Root


@pytest.fixture
def site():
    root = Root()
    evolve_1_containers(root)
    consultation = root["consultations"].add("juries", consultation_with_draft())
    return root, consultation


@pytest.fixture
def service(clock):
    # Built without a registry: it announces to the subscribers that keep
    # stored data in step (events.notify_outside_requests), the index among them.
    return FeedbackService(clock, {})


def post(service, consultation, clock, author, text="Too few jurors."):
    clock.advance(timedelta(seconds=1))
    target = consultation.current_draft()["1"].target
    return service.post(consultation, target, author, text, "for")


def test_a_persons_trees_newest_first_in_pages():
    person = PersonActivity()
    for number in range(5):
        person.add("comments", 1_000 + number, "juries", number)
    person.add("comments", 1_004, "juries", 2)  # the same comment again: nothing
    person.add("comments", 1_004, "other", 9)  # the same microsecond: the next key
    assert person.count("comments") == 6
    assert person.page("comments", 0, 4) == (
        [("other", 9), ("juries", 4), ("juries", 3), ("juries", 2)],
        True,
    )
    assert person.page("comments", 4, 4) == ([("juries", 1), ("juries", 0)], False)
    assert person.remove("comments", "juries", 3) and not person.remove("comments", "juries", 3)
    assert person.count("comments") == 5 and not person.holds("comments", "juries", 3)


def test_posting_supporting_and_reporting_enter_the_persons_index(site, service, clock):
    root, consultation = site
    aigerim, saule = person("Aigerim"), person("Saule")
    comment = post(service, consultation, clock, aigerim)
    service.support(comment, saule)
    service.report(consultation, comment, saule, "Rude words")
    mine = person_activity(root, aigerim.id)
    assert mine.page("comments") == ([("juries", comment.id)], False)
    assert mine.count("supports") == mine.count("reports") == 0
    theirs = person_activity(root, saule.id)
    assert theirs.page("supports") == ([("juries", comment.id)], False)
    assert theirs.page("reports") == ([("juries", comment.id)], False)
    assert theirs.count("comments") == 0


def test_withdrawing_a_support(site, service, clock):
    root, consultation = site
    aigerim, saule = person("Aigerim"), person("Saule")
    comment = post(service, consultation, clock, aigerim)
    store = consultation.comments
    with pytest.raises(FeedbackError, match="do not support"):
        service.withdraw_support(comment, saule)
    service.support(comment, saule)
    service.withdraw_support(comment, saule)
    assert comment.support_count() == 0 and saule.id not in comment.supporters
    assert not store.supports(comment, saule.id) and saule.id not in store.supported_by
    assert person_activity(root, saule.id).count("supports") == 0
    with pytest.raises(FeedbackError, match="do not support"):
        service.withdraw_support(comment, saule)
    # Supported again, counted again.
    service.support(comment, saule)
    assert comment.support_count() == 1
    assert person_activity(root, saule.id).count("supports") == 1


def test_imported_comments_have_no_account_and_no_activity(site, service):
    root, consultation = site
    target = consultation.current_draft()["1"].target
    service.import_comment(
        consultation, target, "import:post:7", "A. Letter", "By post.", "for", NOW, "post", "k7"
    )
    assert person_activity(root, "import:post:7") is None


def test_step_21_indexes_what_an_older_database_holds(site, clock):
    root, consultation = site
    store = consultation.comments
    aigerim, saule = person("Aigerim"), person("Saule")
    target = consultation.current_draft()["1"].target
    # As the code before the index wrote them: on the comments only.
    comment = store.add(Comment(target, aigerim.id, "Aigerim S.", "Too few.", "for", NOW))
    imported = Comment(target, "import:post:1", "A. L.", "By post.", "for", NOW)
    store.add(imported)
    store.add_support(comment, saule.id)
    comment.add_report(saule.id, "Rude words", NOW + timedelta(hours=1))
    assert root.people_activity is None

    counts = evolve_people_activity(root)
    assert counts == {"comments": 1, "supports": 1, "reports": 1}
    assert person_activity(root, aigerim.id).page("comments") == ([("juries", comment.id)], False)
    theirs = person_activity(root, saule.id)
    assert theirs.page("supports") == ([("juries", comment.id)], False)
    assert theirs.reports.keys()[0] == time_key(NOW + timedelta(hours=1))
    assert person_activity(root, "import:post:1") is None
    # Run again, it adds nothing twice.
    evolve_people_activity(root)
    assert theirs.count("supports") == theirs.count("reports") == 1
