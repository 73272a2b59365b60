"""The public outcome report of a consultation, as plain data.

`outcome_report(consultation, now, settings)` returns a dict of strings,
numbers, lists and dicts only: the JSON download is exactly this dict, and the
HTML page, its print variant (the PDF) and the CSV (`outcome_csv`) are made
from it. Its sections are computed in their own modules: the places
(`places`), participation (`participation`), the answers (`answers`), the
draft's versions (`changes`) and the juries' findings (`jury_findings`).

What counts as participation: **published** comments only (state
"published", top-level comments and replies alike). Comments waiting for
pre-moderation, hidden by moderators and withdrawn by their authors are not
published participation; they are reported as moderation counts only.

Answers (dispositions, reasons, timeliness) count for published comments
only. A comment is due an answer when it is a published top-level comment or
a reply addressed to the ministry (as the response register defines it); it was answered on time when its *first*
answer came by the deadline (its stage's closing time plus the consultation's
answer days), late when after it. A later revision does not make an answer
late. Officials appear by role only; no name, e-mail, phone or IIN is ever
part of the report (there is no author name in it at all).

Days are calendar days in Asia/Almaty; instants are ISO 8601 in UTC (`dates`)."""

from pyramid.traversal import find_root, resource_path

from ..audit.models import audit_log_of
from ..responses.services import ResponseService, register_of
from .answers import dispositions, timeliness
from .changes import draft_changes
from .dates import iso
from .jury_findings import jury_findings
from .participation import COUNTED_STATES, STAGES, participation
from .places import place_comments, places_of


def report_available(consultation, now):
    """The report exists once every stage is closed (provisional until the
    outcome is published) and after the outcome is published."""
    return consultation.state(now) in ("closed", "outcome")


def is_provisional(consultation):
    return consultation.outcome_published_at is None


def outcome_report(consultation, now, settings):
    """The report as plain data (see the module's docstring for what counts)."""
    service = ResponseService(None, settings)
    register = register_of(consultation)
    places = places_of(consultation)
    comments_by_place = place_comments(consultation, places)
    state = consultation.state(now)
    return {
        "consultation": {
            "slug": consultation.slug,
            "title": dict(consultation.title),
            "ministry": dict(consultation.ministry),
            "state": state,
            "provisional": is_provisional(consultation),
            "published_at": iso(consultation.published_at),
            "outcome_published_at": iso(consultation.outcome_published_at),
            "outcome": dict(consultation.outcome) if not is_provisional(consultation) else {},
            "stages": {
                kind: {
                    "opens_at": iso(consultation.stages[kind].opens_at),
                    "closes_at": iso(consultation.stages[kind].closes_at),
                }
                for kind in STAGES
            },
        },
        "generated_at": iso(now),
        "counted_states": list(COUNTED_STATES),
        "places": [
            {key: value for key, value in place.items() if key != "targets"} for place in places
        ],
        "participation": participation(consultation, places, comments_by_place),
        "dispositions": dispositions(places, comments_by_place, register),
        "timeliness": timeliness(consultation, places, comments_by_place, register, service, now),
        "changes": draft_changes(consultation),
        "juries": jury_findings(consultation, now),
        "audit": audit_record(consultation),
    }


def audit_record(consultation):
    """Where the report stands in the audit log: the entry that published the
    outcome, and the head of the chain when the report was made. Anyone who
    keeps them can later have the chain checked against them."""
    try:
        log = audit_log_of(find_root(consultation))
    except KeyError:  # a consultation outside a site's tree (a unit test's)
        return None
    entry = log.latest("consultation.outcome_published", resource_path(consultation))
    return {
        "entries": len(log),
        "head": log.head,
        "outcome_entry": (
            {"number": entry.number, "hash": entry.hash} if entry is not None else None
        ),
    }
