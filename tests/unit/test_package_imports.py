"""The import graph between consult's packages, read by grimp from the
sources: a cycle between packages fails here, so does an import that runs
up the layers below, and so does a capability that reaches into another
where it should hear an event."""

import graphlib
from collections import defaultdict

import grimp
import pytest

# consult's packages from the top down. A package may import those in the
# layers below its own, never those above; packages that share a layer may
# not import each other. The plumbing at the bottom (one-module helpers,
# the resource tree, settings, i18n) may import each other as long as they
# make no cycle. A new capability takes its place here (the test fails until
# it does): above what it reads, below what hears it.
LAYERS = (
    ("scripts",),
    ("demo", "imports", "config"),
    ("reports",),
    ("petitions", "appeals"),
    ("campaigns",),
    ("search",),
    ("background",),
    ("changes", "notifications"),
    ("juries", "signals", "content"),
    ("responses",),
    ("feedback",),
    ("consultations",),
    ("organisations",),
    ("verification",),
    ("accounts", "audit"),
)
PLUMBING = (
    "archives", "bodies", "clock", "collector", "csrf", "errors", "events", "forms",
    "caching", "form_bodies", "hashing", "headers", "i18n", "iin", "layout", "limits", "mail",
    "refusals",
    "resources", "revisions", "service_lookup", "settings", "shardedlog", "templating",
    "timekeys", "urls", "workdays",
)  # fmt: skip


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("consult")


def packages(graph):
    return sorted({module.split(".")[1] for module in graph.modules if module.count(".")})


def imports(graph, importer, imported):
    return graph.direct_import_exists(
        importer=f"consult.{importer}", imported=f"consult.{imported}", as_packages=True
    )


def package_edges(graph):
    edges = defaultdict(set)
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            importer_package, imported_package = module.split(".")[1:2], imported.split(".")[1:2]
            if importer_package and imported_package and importer_package != imported_package:
                edges[importer_package[0]].add(imported_package[0])
    return edges


def test_every_package_has_its_place_in_the_layers(graph):
    placed = {name for layer in LAYERS for name in layer} | set(PLUMBING)
    assert set(packages(graph)) == placed


def test_imports_run_down_the_layers(graph):
    layers = [grimp.Layer(*layer) for layer in LAYERS]
    layers.append(grimp.Layer(*PLUMBING, independent=False))
    illegal = graph.find_illegal_dependencies_for_layers(layers=layers, containers={"consult"})
    assert not illegal, "\n".join(
        f"{dependency.importer} imports {dependency.imported}: "
        + "; ".join(
            " -> ".join([*sorted(route.heads), *route.middle, *sorted(route.tails)])
            for route in dependency.routes
        )
        for dependency in illegal
    )


def test_no_cycle_through_any_number_of_packages(graph):
    try:
        graphlib.TopologicalSorter(package_edges(graph)).prepare()
    except graphlib.CycleError as error:
        pytest.fail(f"packages in a cycle: {' -> '.join(error.args[1])}")


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
        ("content", "changes"),
        ("content", "audit"),
        ("consultations", "signals"),
        # The notifications hear what happened to a person's comments,
        # answers, consultations and juries.
        ("feedback", "notifications"),
        ("responses", "notifications"),
        ("consultations", "notifications"),
        ("juries", "notifications"),
        ("accounts", "notifications"),
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
