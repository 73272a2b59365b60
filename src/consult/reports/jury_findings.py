"""The outcome report's section on the citizens' juries' findings."""

from pyramid.traversal import find_root

from ..juries.findings.recommendations import find_recommendation
from .dates import iso


def jury_findings(consultation, now=None):
    """The submitted findings of the consultation's citizens' juries as plain
    data (report["juries"]), or None when no jury of it has submitted any:
    the remit, the panel, each recommendation with its votes and shares, and
    the ministry's answer (by role, never by name) with its timeliness."""
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
            recommendations.append(
                {
                    "number": row["number"],
                    "title": row["title"],
                    "text": row["text"],
                    "language": row["language"],
                    "reasoning": row["reasoning"],
                    "minority": row["minority"],
                    "votes": dict(row["votes"]),
                    "shares": dict(row["shares"]),
                    "cast": row["cast"],
                    "jurors": row["jurors"],
                    "answer": None
                    if answer is None
                    else {
                        "disposition": answer.disposition,
                        "reason": answer.reason,
                        "language": answer.language,
                        "translation": dict(answer.translation or {}),
                        "role": answer.official_role,
                        "answered_at": iso(answer.when),
                        "revised": bool(history),
                        "on_time": deadline is None or first.when <= deadline,
                    },
                    "overdue": (
                        answer is None
                        and deadline is not None
                        and now is not None
                        and now > deadline
                    ),
                }
            )
        found.append(
            {
                "jury": jury.__name__,
                "url": f"/juries/{jury.__name__}/findings",
                "remit": dict(jury.remit),
                "panel_size": jury.panel_size,
                "panel": len(jury.panel()),
                "submitted_at": iso(findings.submitted),
                "summary": findings.summary,
                "summary_language": findings.language,
                "answer_deadline": iso(deadline),
                "answered": sum(1 for r in recommendations if r["answer"]),
                "recommendations": recommendations,
            }
        )
    return found or None
