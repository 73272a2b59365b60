"""The outcome report's CSV download: its numbers, one a row."""

from .answers import TIMELINESS

CSV_COLUMNS = ("section", "item", "measure", "value")


def _listed(values):
    return "; ".join(str(value) for value in values)


def report_rows(report):
    """The report's numbers as (section, item, measure, value) rows, for the
    CSV download: one number per row, so a spreadsheet can pivot them. The
    reasons' texts are in the JSON, HTML and PDF, not here."""
    yield from _consultation_rows(report)
    yield from _participation_rows(report["participation"])
    yield from _disposition_rows(report["dispositions"])
    yield from _timeliness_rows(report["timeliness"])
    for jury in report.get("juries") or ():
        yield from _jury_rows(jury)
    for version in report["changes"]:
        yield from _version_rows(version)
    yield from _audit_rows(report.get("audit"))


def _consultation_rows(report):
    about = report["consultation"]
    yield ("consultation", "slug", "", about["slug"])
    yield ("consultation", "state", "", about["state"])
    yield ("consultation", "provisional", "", "yes" if about["provisional"] else "no")
    yield ("consultation", "generated_at", "", report["generated_at"])
    yield ("consultation", "counted_states", "", _listed(report["counted_states"]))


def _participation_rows(participation):
    for measure in ("comments", "top_level", "replies", "participants"):
        yield ("participation", "total", measure, participation[measure])
    for section, key in (
        ("stage", "by_stage"),
        ("language", "by_language"),
        ("stance", "by_stance"),
        ("moderation", "moderation"),
    ):
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


def _disposition_rows(dispositions):
    for disposition, value in dispositions["totals"].items():
        yield ("dispositions", "total", disposition, value)
    for row in dispositions["by_place"]:
        for disposition, value in row["counts"].items():
            yield ("dispositions", row["place"], disposition, value)


def _timeliness_rows(timeliness):
    yield ("timeliness", "total", "answer_days", timeliness["answer_days"])
    for measure in TIMELINESS:
        yield ("timeliness", "total", measure, timeliness["total"][measure])
    for row in timeliness["by_place"]:
        for measure in TIMELINESS:
            yield ("timeliness", row["place"], measure, row[measure])


def _jury_rows(jury):
    item = f"jury-{jury['jury']}"
    for measure in ("panel_size", "submitted_at", "answer_deadline", "answered"):
        yield ("jury", item, measure, jury[measure])
    for row in jury["recommendations"]:
        place = f"{item}-recommendation-{row['number']}"
        for vote, count in row["votes"].items():
            yield ("jury_votes", place, vote, count)
        answer = row["answer"]
        yield ("jury_answers", place, "disposition", answer["disposition"] if answer else "")
        yield (
            "jury_answers",
            place,
            "on_time",
            ("yes" if answer["on_time"] else "no") if answer else "",
        )


def _version_rows(version):
    item = f"version-{version['version']}"
    yield ("changes", item, "published_at", version["published_at"])
    yield ("changes", item, "articles", version["articles"])
    if version["previous_version"] is None:
        return
    yield ("changes", item, "previous_version", version["previous_version"])
    for measure in ("added", "removed", "changed"):
        yield ("changes", item, measure, _listed(version[measure]))
    yield (
        "changes",
        item,
        "renumbered",
        _listed(f"{r['from']}>{r['to']}" for r in version["renumbered"]),
    )
    yield ("changes", item, "unchanged", version["unchanged"])


def _audit_rows(record):
    if not record:
        return
    entry = record["outcome_entry"]
    if entry:
        yield ("audit", "outcome_entry", "number", entry["number"])
        yield ("audit", "outcome_entry", "sha256", entry["hash"])
    yield ("audit", "head", "entries", record["entries"])
    yield ("audit", "head", "sha256", record["head"])
