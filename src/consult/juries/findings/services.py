"""A jury's findings and the ministry's answer to each recommendation.

The organisers submit the findings on the panel's behalf once the panel
exists and has at least one recommendation: `FindingsService.submit` freezes
a snapshot (`workspace.models.Findings`) of each recommendation as it stood -- its
text, reasoning, minority opinions and votes -- and from then on the
workspace is read-only. The findings are public, searchable (kind
"findings") and part of the consultation's outcome report.

The ministry answers each recommendation (accepted, partly, rejected, with a
reason) by `jury.answer_deadline`. The rules are those of the answers to
comments (`responses.services`): only the consultation's editors, moderators
and administrators answer; the reason is long enough and in the
recommendation's language, or comes with a translation into it; a revision
keeps the earlier answer in the history and says why it changed; the public
sees the official's role and the date, never their name."""

import math
from types import SimpleNamespace

from zope.interface import implementer

from ...accounts.security import roles_in_context
from ...clock import IClock
from ...events import notify_outside_requests
from ...i18n import LANGUAGES, _
from ...i18n.detection import detect_language
from ...responses.models import STAFF_ROLES
from ...responses.services import LANGUAGE_LABELS, ROLE_LABELS
from ...settings import as_settings, settings_of
from ..events import FindingsChanged
from ..workspace.models import ANSWER_DISPOSITIONS, VOTES, Findings, MinistryAnswer
from .interfaces import FindingsError, IFindingsService
from .recommendations import find_recommendation, recommendations_of, snapshot

ANSWER_LABELS = {
    "accepted": _("Accepted"),
    "partly": _("Partly accepted"),
    "rejected": _("Rejected"),
}
MIN_SUMMARY = 20
MAX_TEXT = 20000
MIN_WHY = 10


def days_left(deadline, now):
    if deadline is None:
        return None
    return math.ceil((deadline - now).total_seconds() / 86400)


@implementer(IFindingsService)
class FindingsService:
    def __init__(
        self,
        clock,
        settings=None,
        translate=None,
        notify=None,
        request=None,
    ):
        settings = as_settings(settings)
        self.clock = clock
        self.notify = notify or notify_outside_requests
        self.request = request  # what the events carry
        self.min_length = settings["consult.min_answer_length"]
        self.max_length = settings["consult.max_comment_length"]
        self.translate = translate or (lambda term: term)

    # -- the panel's findings ---------------------------------------------------------
    def check_submittable(self, jury):
        if jury.findings is not None:
            raise FindingsError(_("The findings were submitted already; they cannot change."))
        if not jury.panel():
            raise FindingsError(
                _("The panel has not been drawn yet: there are no findings to submit.")
            )
        if not recommendations_of(jury):
            raise FindingsError(
                _("The panel has no recommendation yet: findings need at least one.")
            )

    def submit(self, jury, summary, language, by):
        """Freeze the recommendations into the public findings."""
        self.check_submittable(jury)
        summary = (summary or "").strip()
        if len(summary) < MIN_SUMMARY:
            raise FindingsError(
                _(
                    "Please write a summary of the findings of at least ${limit} characters.",
                    mapping={"limit": MIN_SUMMARY},
                ),
                "summary",
            )
        if len(summary) > MAX_TEXT:
            raise FindingsError(
                _(
                    "The summary is ${length} characters long; the limit is ${limit}.",
                    mapping={"length": len(summary), "limit": MAX_TEXT},
                ),
                "summary",
            )
        if language not in LANGUAGES:
            raise FindingsError(_("Choose the language of the summary."), "language")
        jury.findings = Findings(summary, language, self.clock.now(), by.id, snapshot(jury))
        self.notify(FindingsChanged(self.request, jury))
        return jury.findings

    # -- the ministry's answers -------------------------------------------------------
    def role_of(self, consultation, official):
        roles = roles_in_context(official, consultation) if consultation is not None else set()
        for role in STAFF_ROLES:
            if role in roles:
                return role
        raise FindingsError(
            _(
                "Only the consultation's editors and moderators may answer "
                "the jury's recommendations."
            )
        )

    def check_text(self, text, title):
        text = (text or "").strip()
        field = self.translate(title)
        if len(text) < self.min_length:
            raise FindingsError(
                _(
                    "${field}: please write at least ${limit} characters "
                    "(now ${length}): the jury and the public should understand "
                    "why.",
                    mapping={"field": field, "limit": self.min_length, "length": len(text)},
                ),
                "reason",
            )
        if len(text) > self.max_length:
            raise FindingsError(
                _(
                    "${field} is ${length} characters long; the limit is ${limit}.",
                    mapping={"field": field, "length": len(text), "limit": self.max_length},
                ),
                "reason",
            )
        return text

    def answer(
        self,
        jury,
        recommendation_id,
        disposition,
        reason,
        language,
        official,
        consultation,
        translation=None,
        revision_reason=None,
    ):
        """Answer one recommendation of the submitted findings, or revise the
        answer (the earlier one goes to the history, with `revision_reason`).
        `consultation` is the jury's consultation: its staff answer."""
        if jury.findings is None:
            raise FindingsError(_("The jury has not submitted its findings yet."))
        submitted = {row["id"]: row for row in jury.findings.recommendations}
        recommendation = find_recommendation(jury, recommendation_id)
        if recommendation is None or recommendation.id not in submitted:
            raise FindingsError(_("This recommendation is not part of the findings."))
        role = self.role_of(consultation, official)
        if disposition not in ANSWER_DISPOSITIONS:
            raise FindingsError(
                _("Choose a decision: accepted, partly accepted or rejected."), "disposition"
            )
        reason = self.check_text(reason, _("Reason"))
        language = language if language in LANGUAGES else detect_language(reason)
        wanted = submitted[recommendation.id]["language"]
        translation = (translation or "").strip() or None
        translations = None
        if translation is not None:
            translation = self.check_text(translation, _("Translation"))
            translations = {wanted: translation}
        if wanted in LANGUAGES and language != wanted:
            if translation is None:
                raise FindingsError(
                    _(
                        "The recommendation is in ${wanted} but the answer is in ${found}. "
                        "Answer in ${wanted}, or add a translation into ${wanted}.",
                        mapping={
                            "wanted": self.translate(LANGUAGE_LABELS[wanted]),
                            "found": self.translate(LANGUAGE_LABELS[language]),
                        },
                    ),
                    "translation",
                )
            found = detect_language(translation)
            if found != wanted:
                raise FindingsError(
                    _(
                        "The translation should be in ${wanted} but reads as ${found}.",
                        mapping={
                            "wanted": self.translate(LANGUAGE_LABELS[wanted]),
                            "found": self.translate(LANGUAGE_LABELS[found]),
                        },
                    ),
                    "translation",
                )
        elif translation is not None:
            raise FindingsError(
                _(
                    "The answer is in the recommendation's language already: "
                    "leave the translation empty."
                ),
                "translation",
            )
        revised = recommendation.answer is not None
        why = (revision_reason or "").strip() or None
        if revised and (why is None or len(why) < MIN_WHY):
            raise FindingsError(
                _(
                    "Please say why the answer changes (at least ${limit} "
                    "characters): the history shows it.",
                    mapping={"limit": MIN_WHY},
                ),
                "why",
            )
        answer = MinistryAnswer(
            disposition,
            reason,
            language,
            official.id,
            role,
            self.clock.now(),
            translation=translations,
            revision_reason=why if revised else None,
        )
        if revised:
            recommendation.answer_history.append(recommendation.answer)
        recommendation.answer = answer
        self.notify(FindingsChanged(self.request, jury))
        return answer

    # -- what is due --------------------------------------------------------------------
    def status(self, jury, now):
        """One item per submitted recommendation: the snapshot row, the live
        recommendation's answer and history, the deadline and days left."""
        if jury.findings is None:
            return []
        deadline = jury.answer_deadline
        items = []
        for row in jury.findings.recommendations:
            recommendation = find_recommendation(jury, row["id"])
            answer = recommendation.answer if recommendation is not None else None
            history = list(recommendation.answer_history) if recommendation is not None else []
            items.append(
                SimpleNamespace(
                    row=row,
                    recommendation=recommendation,
                    answer=answer,
                    history=history,
                    deadline=deadline,
                    days_left=days_left(deadline, now),
                    overdue=answer is None and deadline is not None and now > deadline,
                )
            )
        return items

    def unanswered(self, juries, now):
        """(jury, item) for every unanswered recommendation of submitted
        findings, the nearest deadline first."""
        due = []
        for jury in juries:
            for item in self.status(jury, now):
                if item.answer is None:
                    due.append((jury, item))
        far = float("inf")
        due.sort(
            key=lambda pair: (
                pair[1].days_left if pair[1].days_left is not None else far,
                pair[1].row["number"],
            )
        )
        return due


def role_label(role):
    return ROLE_LABELS.get(role, role)


def share_text(share):
    return f"{share * 100:.0f} %"


def recommendation_notice(recommendation, revised, link):
    """(subject, body) telling a juror of the ministry's answer to
    `recommendation` (or its revision); ${name} is left for the juror's
    first name (consult.notifications delivers it, in their language)."""
    answer = recommendation.answer
    subject = (
        _("The ministry revised its answer to your jury's recommendation")
        if revised
        else _("The ministry has answered your jury's recommendation")
    )
    texts = [answer.reason, *(answer.translation or {}).values()]
    body = _(
        "Hello ${name},\n\nthe ministry has answered recommendation ${number} of your "
        "citizens' jury: ${title}\n\nDecision: ${decision}\n\n${reason}\n\n"
        "Read the findings and every answer: ${link}",
        mapping={
            "number": recommendation.number,
            "title": recommendation.title,
            # Translated by the mail service, into the juror's language.
            "decision": ANSWER_LABELS[answer.disposition],
            "reason": "\n\n".join(texts),
            "link": link,
        },
    )
    return subject, body


__all__ = ["ANSWER_LABELS", "FindingsService", "VOTES", "recommendation_notice"]


def findings_service_factory(context, request):
    return FindingsService(
        request.find_service(IClock),
        settings_of(request),
        translate=request.localizer.translate,
        notify=request.registry.notify,
        request=request,
    )
