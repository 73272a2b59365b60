"""The import graph between consult's packages, read by grimp from the
sources: a cycle between two packages fails here, and so does a capability
that reaches into another where it should hear an event."""

import grimp
import pytest

@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("consult")


def packages(graph):
    return sorted({module.split(".")[1] for module in graph.modules if module.count(".")})


def imports(graph, importer, imported):
    return graph.direct_import_exists(
        importer=f"consult.{importer}", imported=f"consult.{imported}", as_packages=True
    )


def test_no_cycle_between_packages(graph):
    names = packages(graph)
    cycles = {
        (a, b)
        for a in names
        for b in names
        if a < b and imports(graph, a, b) and imports(graph, b, a)
    }
    assert not cycles, f"cycles between packages: {sorted(cycles)}"


@pytest.mark.parametrize(
    "importer, imported",
    [
        # Confirming an address releases held comments through AddressConfirmed.
        ("accounts", "feedback"),
        # The audit log hears RecordedEvents; nothing calls into it.
        ("accounts", "audit"),
        ("feedback", "audit"),
        ("consultations", "audit"),
        ("responses", "audit"),
        ("juries", "audit"),
        ("verification", "audit"),
        # The change feed records what feedback, consultations and juries
        # announce; a new consultation's activity log is made on an event.
        ("feedback", "changes"),
        ("consultations", "changes"),
        ("juries", "changes"),
        ("consultations", "signals"),
    ],
)
def test_capabilities_that_hear_events_are_not_imported(graph, importer, imported):
    assert not imports(graph, importer, imported)


def test_feedback_tells_the_signals_through_an_event(graph):
    """Feedback announces participation (ParticipationRecorded) and asks for
    the moderators' signals through feedback.interfaces.IModerationSignals:
    it imports nothing from signals."""
    assert not imports(graph, "feedback", "signals")


@pytest.mark.parametrize(
    "capability",
    ["campaigns", "consultations", "juries", "reports", "responses", "search", "signals"],
)
def test_other_capabilities_show_comments_through_request_methods(graph, capability):
    """feedback.display is reached through request.comment_thread,
    comment_entries and comment_place_url, not imported."""
    assert not imports(graph, capability, "feedback.display")
