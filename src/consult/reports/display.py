"""The outcome report as a reader sees it: the plain data of `outcome_report`
with translated labels, local times and links, for the HTML page and its
print variant (the PDF)."""

from datetime import date, datetime
from functools import partial
from types import SimpleNamespace

from babel.dates import format_date

from ..consultations.views.common import STAGE_NAMES, STATE_LABELS
from ..feedback.schemas import STANCE_CHOICES
from ..i18n import _
from ..i18n.names import language_name
from ..juries.findings.services import ANSWER_LABELS
from ..juries.findings.views import VOTE_LABELS
from ..responses.models import DISPOSITIONS
from ..responses.services import DISPOSITION_LABELS, ROLE_LABELS
from ..urls import public_path_url, public_url
from ..verification.services import verification_rows
from .participation import STAGES, UNKNOWN_LANGUAGE

MODERATION_LABELS = {
    "pending": _("Awaiting pre-moderation"),
    "hidden": _("Hidden by moderators"),
    "withdrawn": _("Withdrawn by their authors"),
}
TIMELINESS_LABELS = (
    ("due", _("Due an answer")),
    ("on_time", _("Answered on time")),
    ("late", _("Answered late")),
    ("unanswered", _("Not answered")),
    ("overdue", _("Of which overdue")),
)


def _when(request, iso):
    return request.layout.local_time(datetime.fromisoformat(iso)) if iso else ""


def _day(request, iso):
    language = request.layout.language
    return format_date(
        date.fromisoformat(iso), format="d MMMM y", locale="kk_KZ" if language == "kk" else language
    )


def _language_label(code):
    if code == UNKNOWN_LANGUAGE or not code:
        return _("Not determined")
    return language_name(code)  # "Deutsch" for a comment in German


def _place_label(request, place):
    if place["kind"] == "question":
        text = request.layout.localized(place["text"]).text
        return _("Question ${number}: ${text}", mapping={"number": place["number"], "text": text})
    if place["kind"] == "article":
        return _("Article ${number}", mapping={"number": place["number"]})
    return _("Parts of the draft removed since")


def _numbers(numbers):
    return ", ".join(str(number) for number in numbers)


def report_page(request, consultation, report, print_version=False):
    """What the report templates show: `report` with labels and links. The
    printed report (a PDF read anywhere) links to the configured public
    address, the page to the address it was asked at."""
    url = partial(public_url, request) if print_version else request.resource_url
    layout = request.layout
    translate = request.localizer.translate
    about = report["consultation"]
    labels = {place["place"]: translate(_place_label(request, place)) for place in report["places"]}
    participation = report["participation"]
    dispositions = report["dispositions"]
    timeliness = report["timeliness"]
    here = url(consultation)

    reasons = []
    for row in dispositions["by_place"]:
        if not row["reasons"]:
            continue
        reasons.append(
            SimpleNamespace(
                label=labels[row["place"]],
                items=[
                    SimpleNamespace(
                        decision=DISPOSITION_LABELS[item["disposition"]],
                        role=ROLE_LABELS.get(item["role"], item["role"]),
                        when=_when(request, item["answered_at"]),
                        reason=item["reason"],
                        language=item["reason_language"],
                        translation=item["translation"],
                        revised=item["revised"],
                        comments=len(item["comments"]),
                    )
                    for item in row["reasons"]
                ],
            )
        )

    versions = []
    for version in report["changes"]:
        draft = consultation.drafts.get(str(version["version"]))
        summary = layout.localized(version["summary"])
        versions.append(
            SimpleNamespace(
                number=version["version"],
                when=_when(request, version["published_at"]),
                articles=version["articles"],
                first=version["previous_version"] is None,
                summary=summary,
                added=_numbers(version.get("added", ())),
                removed=_numbers(version.get("removed", ())),
                changed=_numbers(version.get("changed", ())),
                renumbered=", ".join(
                    f"{r['from']} → {r['to']}" for r in version.get("renumbered", ())
                ),
                unchanged=version.get("unchanged", 0),
                url=url(draft, "") if draft is not None else None,
                changes_url=(
                    url(draft, "changes")
                    if draft is not None and version["previous_version"]
                    else None
                ),
            )
        )

    return {
        "consultation": consultation,
        "report": report,
        "print_version": print_version,
        "title": layout.localized(about["title"]),
        "ministry": layout.localized(about["ministry"]),
        "state_label": STATE_LABELS[about["state"]],
        "provisional": about["provisional"],
        "generated": _when(request, report["generated_at"]),
        "outcome_published": _when(request, about["outcome_published_at"]),
        "outcome": layout.localized(about["outcome"]),
        "stages": [
            SimpleNamespace(
                name=STAGE_NAMES[kind],
                opens=_when(request, about["stages"][kind]["opens_at"]),
                closes=_when(request, about["stages"][kind]["closes_at"]),
            )
            for kind in STAGES
        ],
        "participation": participation,
        "by_stage": [(STAGE_NAMES[kind], participation["by_stage"][kind]) for kind in STAGES],
        "by_place": [(labels[row["place"]], row["comments"]) for row in participation["by_place"]],
        "by_language": [
            (_language_label(code), count) for code, count in participation["by_language"].items()
        ],
        "by_stance": [
            (label, participation["by_stance"][stance]) for stance, label in STANCE_CHOICES
        ],
        "by_day": [(_day(request, row["day"]), row["comments"]) for row in participation["by_day"]],
        "moderation": [
            (MODERATION_LABELS.get(state, state), count)
            for state, count in participation["moderation"].items()
        ],
        "campaigns": participation["campaigns"],
        "by_verification": verification_rows(request, participation["by_verification"]),
        "dispositions": [(code, DISPOSITION_LABELS[code]) for code in DISPOSITIONS],
        "disposition_totals": dispositions["totals"],
        "disposition_rows": [
            SimpleNamespace(
                label=labels[row["place"]], counts=row["counts"], answers=row["answers"]
            )
            for row in dispositions["by_place"]
            if row["answers"]
        ],
        "reasons": reasons,
        "timeliness_columns": TIMELINESS_LABELS,
        "answer_days": timeliness["answer_days"],
        "deadlines": [
            (STAGE_NAMES[kind], _when(request, timeliness["deadlines"][kind]))
            for kind in STAGES
            if timeliness["deadlines"][kind]
        ],
        "timeliness_rows": [
            SimpleNamespace(label=labels[row["place"]], counts=row)
            for row in timeliness["by_place"]
            if row["due"]
        ],
        "timeliness_total": timeliness["total"],
        "versions": versions,
        "downloads": [
            (_("Data (CSV)"), here + "report.csv"),
            (_("Data (JSON)"), here + "report.json"),
            (_("Printable report (PDF)"), here + "report.pdf"),
        ],
        "consultation_url": here,
        "juries": _juries(request, report.get("juries"), print_version),
    }


def _juries(request, juries, print_version=False):
    """The juries' findings (report["juries"]) with labels, for the report page."""
    translate = request.localizer.translate
    shown = []
    for jury in juries or ():
        recommendations = []
        for row in jury["recommendations"]:
            answer = row["answer"]
            recommendations.append(
                SimpleNamespace(
                    number=row["number"],
                    title=row["title"],
                    language=row["language"],
                    votes="; ".join(
                        f"{translate(VOTE_LABELS[vote])} {count} "
                        f"({request.layout.percent(row['shares'].get(vote, 0))})"
                        for vote, count in row["votes"].items()
                    ),
                    cast=row["cast"],
                    jurors=row["jurors"],
                    overdue=row["overdue"],
                    answer=None
                    if answer is None
                    else SimpleNamespace(
                        label=ANSWER_LABELS[answer["disposition"]],
                        reason=answer["reason"],
                        language=answer["language"],
                        translation=list(answer["translation"].items()),
                        role=ROLE_LABELS.get(answer["role"], answer["role"]),
                        when=_when(request, answer["answered_at"]),
                        on_time=answer["on_time"],
                        revised=answer["revised"],
                    ),
                )
            )
        shown.append(
            SimpleNamespace(
                remit=request.layout.localized(jury["remit"]),
                url=(
                    public_path_url(request, jury["url"])
                    if print_version
                    else request.application_url + jury["url"]
                ),
                panel_size=jury["panel_size"],
                submitted=_when(request, jury["submitted_at"]),
                deadline=_when(request, jury["answer_deadline"]),
                summary=jury["summary"],
                summary_language=jury["summary_language"],
                answered=jury["answered"],
                recommendations=recommendations,
            )
        )
    return shown
