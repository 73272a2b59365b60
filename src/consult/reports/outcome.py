"""The public outcome report of a consultation, as plain data.

`outcome_report(consultation, now, settings)` returns a dict of strings,
numbers, lists and dicts only: the JSON download is exactly this dict, and the
HTML page, its print variant (the PDF) and the CSV are made from it.

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

Days are calendar days in Asia/Almaty; instants are ISO 8601 in UTC."""
from collections import Counter

from ..consultations.versions import compare, drafts_in_order
from ..feedback.models import STANCES, STATES, VISIBLE
from ..i18n import LANGUAGES
from ..layout import LOCAL_ZONE
from ..responses.models import DEFAULT_ANSWER_DAYS, DISPOSITIONS
from ..responses.services import ResponseService, register_of
from ..verification.services import participation_by_level

# The states whose comments are published participation, and the others,
# reported as moderation counts.
COUNTED_STATES = (VISIBLE,)
MODERATION_STATES = tuple(state for state in STATES if state not in COUNTED_STATES)
STAGES = ("green", "white")
TIMELINESS = ("due", "on_time", "late", "unanswered", "overdue")
UNKNOWN_LANGUAGE = "unknown"


def report_available(consultation, now):
    """The report exists once every stage is closed (provisional until the
    outcome is published) and after the outcome is published."""
    return consultation.state(now) in ("closed", "outcome")


def is_provisional(consultation):
    return consultation.outcome_published_at is None


def jury_findings(consultation, now=None):
    """The submitted findings of the consultation's citizens' juries as plain
    data (report["juries"]), or None when no jury of it has submitted any:
    the remit, the panel, each recommendation with its votes and shares, and
    the ministry's answer (by role, never by name) with its timeliness."""
    from pyramid.traversal import find_root

    from ..juries.findings import find_recommendation

    root = find_root(consultation)
    juries = root.get("juries") if hasattr(root, "get") else None
    if juries is None:
        return None
    found = []
    for jury in juries.for_consultation(consultation.slug):
        findings = jury.findings
        if findings is None:
            continue
        deadline = jury.answer_deadline
        recommendations = []
        for row in findings.recommendations:
            recommendation = find_recommendation(jury, row["id"])
            answer = recommendation.answer if recommendation is not None else None
            history = list(recommendation.answer_history) if recommendation is not None else []
            first = history[0] if history else answer
            recommendations.append({
                "number": row["number"], "title": row["title"], "text": row["text"],
                "language": row["language"], "reasoning": row["reasoning"],
                "minority": row["minority"], "votes": dict(row["votes"]),
                "shares": dict(row["shares"]), "cast": row["cast"], "jurors": row["jurors"],
                "answer": None if answer is None else {
                    "disposition": answer.disposition, "reason": answer.reason,
                    "language": answer.language,
                    "translation": dict(answer.translation or {}),
                    "role": answer.official_role, "answered_at": _iso(answer.when),
                    "revised": bool(history),
                    "on_time": deadline is None or first.when <= deadline,
                },
                "overdue": (answer is None and deadline is not None and now is not None
                            and now > deadline),
            })
        found.append({
            "jury": jury.__name__, "url": f"/juries/{jury.__name__}/findings",
            "remit": dict(jury.remit), "panel_size": jury.panel_size,
            "panel": len(jury.panel()), "submitted_at": _iso(findings.submitted),
            "summary": findings.summary, "summary_language": findings.language,
            "answer_deadline": _iso(deadline),
            "answered": sum(1 for r in recommendations if r["answer"]),
            "recommendations": recommendations,
        })
    return found or None


def _iso(when):
    return when.isoformat() if when is not None else None


def _day(when):
    return when.astimezone(LOCAL_ZONE).date().isoformat()


def places_of(consultation):
    """The report's places, in reading order, from the response register's
    rows: each question to the public, each article of the current draft
    (with its paragraphs), and the parts of the draft removed since."""
    rows = ResponseService(None, {}).rows(consultation)
    places = []
    for position, row in enumerate((r for r in rows if r.kind == "question"), start=1):
        places.append({"place": f"question-{position}", "kind": "question",
                       "number": position, "text": dict(row.question.text),
                       "targets": row.targets})
    for row in rows:
        if row.kind == "article":
            places.append({"place": f"article-{row.number}", "kind": "article",
                           "number": row.number, "targets": row.targets})
        elif row.kind == "other":
            places.append({"place": "other", "kind": "other", "number": None,
                           "targets": row.targets})
    return places


def thread_ids(store, tree):
    """Comment ids of a thread (or reply list), each followed by its replies."""
    if tree is None:
        return
    for comment_id in tree.values():
        yield comment_id
        yield from thread_ids(store, store.replies.get(comment_id))


def place_comments(consultation, places):
    """{place: [comment]} of every comment, in thread order."""
    store = consultation.comments
    result = {}
    for place in places:
        result[place["place"]] = [store.comments[comment_id]
                                  for target in place["targets"]
                                  for comment_id in thread_ids(store, store.threads.get(target))]
    return result


def _participation(consultation, places, comments_by_place):
    published = [c for place in places for c in comments_by_place[place["place"]]
                 if c.state in COUNTED_STATES]
    by_language = Counter(c.language or UNKNOWN_LANGUAGE for c in published)
    languages = list(LANGUAGES) + sorted(set(by_language) - set(LANGUAGES))
    by_day = Counter(_day(c.created) for c in published)
    store = consultation.comments
    return {
        "comments": len(published),
        "top_level": sum(1 for c in published if c.parent_id is None),
        "replies": sum(1 for c in published if c.parent_id is not None),
        "participants": len({c.author for c in published}),
        "by_stage": {stage: sum(1 for c in published if _stage(consultation, c) == stage)
                     for stage in STAGES},
        "by_place": [{"place": place["place"],
                      "comments": sum(1 for c in comments_by_place[place["place"]]
                                      if c.state in COUNTED_STATES)}
                     for place in places],
        "by_language": {language: by_language.get(language, 0) for language in languages},
        "by_stance": {stance: sum(1 for c in published if c.stance == stance)
                      for stance in STANCES},
        "by_day": [{"day": day, "comments": by_day[day]} for day in sorted(by_day)],
        "moderation": {state: store.state_count(state) for state in MODERATION_STATES},
        "campaigns": _campaigns(consultation, published),
        "by_verification": participation_by_level(consultation, published),
    }


def _campaigns(consultation, published):
    """Form-letter campaigns counted apart from unique comments: a campaign is
    a cluster of near-identical comments with at least PUBLIC_SIZE published
    members (the size from which the site shows it once, with its count);
    `unique_comments` counts each campaign once plus every other comment."""
    from ..campaigns.models import PUBLIC_SIZE

    index = getattr(consultation, "campaigns", None)
    clusters = [cluster for cluster in (index.by_size() if index is not None else [])
                if cluster.published_count() >= PUBLIC_SIZE]
    in_campaigns = {comment_id for cluster in clusters for comment_id in cluster.published.values()}
    counted = sum(1 for comment in published if comment.id in in_campaigns)
    return {
        "campaigns": len(clusters),
        "campaign_comments": counted,
        "unique_comments": len(published) - counted + len(clusters),
        "sizes": [cluster.published_count() for cluster in clusters],
        "min_size": PUBLIC_SIZE,
    }


def _stage(consultation, comment):
    return comment.stage or consultation.stage_for_target(comment.target).kind


def _dispositions(places, comments_by_place, register):
    totals = dict.fromkeys(DISPOSITIONS, 0)
    rows = []
    for place in places:
        counts = dict.fromkeys(DISPOSITIONS, 0)
        reasons = {}
        for comment in comments_by_place[place["place"]]:
            response = register.get(comment.id)
            if response is None or comment.state not in COUNTED_STATES:
                continue
            counts[response.disposition] += 1
            totals[response.disposition] += 1
            key = (response.disposition, response.text, response.translation)
            reason = reasons.get(key)
            if reason is None:
                reason = reasons[key] = {
                    "disposition": response.disposition, "reason": response.text,
                    "reason_language": response.language,
                    "translation": response.translation, "role": response.role,
                    "answered_at": _iso(response.answered_at), "revised": False,
                    "comments": []}
            reason["comments"].append(comment.id)
            reason["revised"] = reason["revised"] or response.revised
        rows.append({"place": place["place"], "answers": sum(counts.values()),
                     "counts": counts, "reasons": list(reasons.values())})
    return {"totals": totals, "by_place": rows}


def _timeliness(consultation, places, comments_by_place, register, service, now):
    total = dict.fromkeys(TIMELINESS, 0)
    rows = []
    for place in places:
        counts = dict.fromkeys(TIMELINESS, 0)
        for comment in comments_by_place[place["place"]]:
            if comment.state not in COUNTED_STATES or (
                    comment.parent_id is not None and not comment.to_ministry):
                continue
            counts["due"] += 1
            deadline = service.deadline(consultation, comment.target)
            response = register.get(comment.id)
            if response is None:
                counts["unanswered"] += 1
                if deadline is not None and now > deadline:
                    counts["overdue"] += 1
            elif deadline is None or response.created <= deadline:
                counts["on_time"] += 1
            else:
                counts["late"] += 1
        for name, value in counts.items():
            total[name] += value
        rows.append(dict(counts, place=place["place"]))
    deadlines = {stage: _iso(service.deadline(consultation, target))
                 for stage, target in (("green", "question:"), ("white", "article:"))}
    return {"answer_days": getattr(consultation, "answer_days", DEFAULT_ANSWER_DAYS),
            "deadlines": deadlines, "total": total, "by_place": rows}


def _changes(consultation):
    versions = []
    previous = None
    for draft in drafts_in_order(consultation):
        entry = {"version": draft.version,
                 "previous_version": previous.version if previous is not None else None,
                 "published_at": _iso(draft.created), "summary": dict(draft.summary or {}),
                 "articles": draft.article_count()}
        if previous is not None:
            comparison = compare(previous, draft)
            entry.update(
                added=[a.number for a in comparison.added],
                removed=[a.number for a in comparison.removed],
                renumbered=[{"from": old.number, "to": new.number}
                            for old, new in comparison.renumbered],
                changed=[new.number for _old, new in comparison.changed],
                unchanged=comparison.unchanged)
        versions.append(entry)
        previous = draft
    return versions


def outcome_report(consultation, now, settings):
    """The report as plain data (see the module's docstring for what counts)."""
    service = ResponseService(None, settings or {})
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
            "published_at": _iso(consultation.published_at),
            "outcome_published_at": _iso(consultation.outcome_published_at),
            "outcome": dict(consultation.outcome) if not is_provisional(consultation) else {},
            "stages": {kind: {"opens_at": _iso(consultation.stages[kind].opens_at),
                              "closes_at": _iso(consultation.stages[kind].closes_at)}
                       for kind in STAGES},
        },
        "generated_at": _iso(now),
        "counted_states": list(COUNTED_STATES),
        "places": [{key: value for key, value in place.items() if key != "targets"}
                   for place in places],
        "participation": _participation(consultation, places, comments_by_place),
        "dispositions": _dispositions(places, comments_by_place, register),
        "timeliness": _timeliness(consultation, places, comments_by_place, register, service,
                                  now),
        "changes": _changes(consultation),
        "juries": jury_findings(consultation, now),
    }


# -- the CSV download ---------------------------------------------------------------

CSV_COLUMNS = ("section", "item", "measure", "value")


def _listed(values):
    return "; ".join(str(value) for value in values)


def report_rows(report):
    """The report's numbers as (section, item, measure, value) rows, for the
    CSV download: one number per row, so a spreadsheet can pivot them. The
    reasons' texts are in the JSON, HTML and PDF, not here."""
    about = report["consultation"]
    yield ("consultation", "slug", "", about["slug"])
    yield ("consultation", "state", "", about["state"])
    yield ("consultation", "provisional", "", "yes" if about["provisional"] else "no")
    yield ("consultation", "generated_at", "", report["generated_at"])
    yield ("consultation", "counted_states", "", _listed(report["counted_states"]))
    participation = report["participation"]
    for measure in ("comments", "top_level", "replies", "participants"):
        yield ("participation", "total", measure, participation[measure])
    for section, key in (("stage", "by_stage"), ("language", "by_language"),
                         ("stance", "by_stance"), ("moderation", "moderation")):
        for item, value in participation[key].items():
            yield (section, item, "comments", value)
    for row in participation["by_place"]:
        yield ("place", row["place"], "comments", row["comments"])
    for row in participation["by_day"]:
        yield ("day", row["day"], "comments", row["comments"])
    for measure in ("campaigns", "campaign_comments", "unique_comments"):
        yield ("campaigns", "total", measure, participation["campaigns"][measure])
    for category, counts in participation["by_verification"].items():
        for measure in ("comments", "supports"):
            yield ("verification", category, measure, counts[measure])
    dispositions = report["dispositions"]
    for disposition, value in dispositions["totals"].items():
        yield ("dispositions", "total", disposition, value)
    for row in dispositions["by_place"]:
        for disposition, value in row["counts"].items():
            yield ("dispositions", row["place"], disposition, value)
    timeliness = report["timeliness"]
    yield ("timeliness", "total", "answer_days", timeliness["answer_days"])
    for measure in TIMELINESS:
        yield ("timeliness", "total", measure, timeliness["total"][measure])
    for row in timeliness["by_place"]:
        for measure in TIMELINESS:
            yield ("timeliness", row["place"], measure, row[measure])
    for jury in report.get("juries") or ():
        item = f"jury-{jury['jury']}"
        for measure in ("panel_size", "submitted_at", "answer_deadline", "answered"):
            yield ("jury", item, measure, jury[measure])
        for row in jury["recommendations"]:
            place = f"{item}-recommendation-{row['number']}"
            for vote, count in row["votes"].items():
                yield ("jury_votes", place, vote, count)
            answer = row["answer"]
            yield ("jury_answers", place, "disposition", answer["disposition"] if answer else "")
            yield ("jury_answers", place, "on_time",
                   ("yes" if answer["on_time"] else "no") if answer else "")
    for version in report["changes"]:
        item = f"version-{version['version']}"
        yield ("changes", item, "published_at", version["published_at"])
        yield ("changes", item, "articles", version["articles"])
        if version["previous_version"] is None:
            continue
        yield ("changes", item, "previous_version", version["previous_version"])
        for measure in ("added", "removed", "changed"):
            yield ("changes", item, measure, _listed(version[measure]))
        yield ("changes", item, "renumbered",
               _listed(f"{r['from']}>{r['to']}" for r in version["renumbered"]))
        yield ("changes", item, "unchanged", version["unchanged"])
