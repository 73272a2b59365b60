"""Answering comments: the reasoned answer, its revisions and the deadline
of a consultation; what is due an answer, and when, is read in queue.py.

The comments that are due an answer are a consultation's published top-level
comments; staff may also answer a published reply addressed to the ministry
from its own page."""

import uuid

from zope.interface import implementer

from ..accounts.security import roles_in_context
from ..clock import IClock
from ..i18n import _
from ..i18n.detection import detect_language
from ..settings import as_settings, settings_of
from .interfaces import IResponseService, ResponseError
from .models import (
    DISPOSITIONS,
    STAFF_ROLES,
    Response,
    Version,
    register_of,
)
from .queue import ResponseQueue

DISPOSITION_LABELS = {
    "accepted": _("Accepted"),
    "partly": _("Partly accepted"),
    "rejected": _("Rejected"),
    "noted": _("Noted"),
    "out_of_scope": _("Outside the scope"),
}
ROLE_LABELS = {
    "administrator": _("Administrator"),
    "editor": _("Editor"),
    "moderator": _("Moderator"),
    "answerer": _("Answerer"),
}
LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
MIN_WHY = 10
MAX_DAYS = 365


def answer_notice(comment, response, revised, written, link):
    """(subject, body) telling the author of `comment` of its answer (or
    its revision); `written`: when the comment was written, as text;
    ${name} is left for the recipient's first name (consult.notifications
    delivers it)."""
    subject = (
        _("The answer to your comment was revised")
        if revised
        else _("The ministry has answered your comment")
    )
    body = _(
        "Hello ${name},\n\nthe ministry has answered your comment of ${when}.\n\n"
        "Decision: ${decision}\n\n${reason}\n\nRead it in the discussion:\n${link}",
        mapping={
            "when": written,
            # Translated by the mail service, into the author's language.
            "decision": DISPOSITION_LABELS[response.disposition],
            "reason": "\n\n".join(t for t in (response.text, response.translation) if t),
            "link": link,
        },
    )
    return subject, body


def _utc(when):
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _untranslated(term):
    return term.interpolate() if hasattr(term, "interpolate") else str(term)


@implementer(IResponseService)
class ResponseService(ResponseQueue):
    def __init__(
        self,
        clock,
        settings,
        local_time=_utc,
        translate=_untranslated,
    ):
        super().__init__(clock)
        settings = as_settings(settings)
        self.min_length = settings["consult.min_answer_length"]
        self.max_length = settings["consult.max_comment_length"]
        self.local_time = local_time
        # Labels put into a message's mapping are translated here: the
        # localizer does not translate a mapping's values.
        self.translate = translate

    # -- answering -------------------------------------------------------------
    def role_of(self, consultation, official):
        roles = roles_in_context(official, consultation)
        for role in STAFF_ROLES:
            if role in roles:
                return role
        raise ResponseError(
            _("Only the consultation's editors and moderators may answer comments.")
        )

    def check_text(self, text, title):
        text = (text or "").strip()
        field = self.translate(title)
        if len(text) < self.min_length:
            raise ResponseError(
                _(
                    "${field}: please write at least ${limit} characters "
                    "(now ${length}): the author should understand why.",
                    mapping={"field": field, "limit": self.min_length, "length": len(text)},
                )
            )
        if len(text) > self.max_length:
            raise ResponseError(
                _(
                    "${field} is ${length} characters long; the limit is ${limit}.",
                    mapping={"field": field, "length": len(text), "limit": self.max_length},
                )
            )
        return text

    def _version(self, consultation, comments, official, disposition, reason, translation):
        role = self.role_of(consultation, official)
        if disposition not in DISPOSITIONS:
            raise ResponseError(
                _(
                    "Choose a decision: accepted, partly accepted, rejected, "
                    "noted or outside the scope."
                )
            )
        reason = self.check_text(reason, _("Reason"))
        language = detect_language(reason)
        translation = (translation or "").strip() or None
        translated = None
        if translation is not None:
            translation = self.check_text(translation, _("Translation"))
            translated = detect_language(translation)
        for comment in comments:
            wanted = comment.language or detect_language(comment.text)
            if wanted == language or wanted not in LANGUAGE_LABELS:
                continue  # a comment in German may be answered in any of the three
            if translation is None:
                raise ResponseError(
                    _(
                        "The comment is in ${wanted} but the answer reads as ${found}. Answer in "
                        "${wanted}, or add a translation into ${wanted}.",
                        mapping={
                            "wanted": self.translate(LANGUAGE_LABELS[wanted]),
                            "found": self.translate(LANGUAGE_LABELS[language]),
                        },
                    )
                )
            if translated != wanted:
                raise ResponseError(
                    _(
                        "The comments are in ${wanted}, but the translation reads as ${found}. "
                        "Comments in different languages are answered separately.",
                        mapping={
                            "wanted": self.translate(LANGUAGE_LABELS[wanted]),
                            "found": self.translate(LANGUAGE_LABELS[translated]),
                        },
                    )
                )
        return Version(
            disposition, reason, translation, language, official.id, role, self.clock.now()
        ), translated

    def _check_answerable(self, consultation, register, comment):
        if comment is None or comment.__parent__ is not consultation.comments:
            raise ResponseError(_("This comment does not exist in this consultation."))
        if not comment.visible:
            raise ResponseError(_("Only published comments are answered."))
        existing = register.get(comment.id)
        if existing is not None:
            raise ResponseError(
                _(
                    "This comment was answered by the ${role} on ${when}; revise that answer "
                    "instead.",
                    mapping={
                        "role": self.translate(ROLE_LABELS[existing.role]),
                        "when": self.local_time(existing.answered_at),
                    },
                )
            )

    def answer(self, consultation, comments, official, disposition, reason, translation=None):
        """One reasoned answer to each of `comments` (one, a group, an article)."""
        comments = list(comments)
        if not comments:
            raise ResponseError(_("Tick at least one comment to answer."))
        register = register_of(consultation)
        for comment in comments:
            self._check_answerable(consultation, register, comment)
        comments = list({comment.id: comment for comment in comments}.values())
        version, _translated = self._version(
            consultation, comments, official, disposition, reason, translation
        )
        group = uuid.uuid4().hex if len(comments) > 1 else None
        responses = []
        for comment in comments:
            response = register.add(Response(comment.id, comment.target, version, group))
            responses.append(response)
        return responses

    def answer_article(self, consultation, key, official, disposition, reason, translation=None):
        """Answer every unanswered comment on an article (or a question)."""
        comments = self.unanswered(consultation, key)
        if not comments:
            raise ResponseError(_("Every comment here is answered already."))
        return self.answer(consultation, comments, official, disposition, reason, translation)

    def revise(self, consultation, comment, official, disposition, reason, why, translation=None):
        """A new version of an answer; the earlier one is kept with the reason."""
        register = register_of(consultation)
        response = register.get(comment.id) if comment is not None else None
        if response is None:
            raise ResponseError(_("This comment has no answer to revise yet."))
        why = (why or "").strip()
        if len(why) < MIN_WHY:
            raise ResponseError(
                _(
                    "Please say why the answer changes (at least ${limit} "
                    "characters): the history shows it.",
                    mapping={"limit": MIN_WHY},
                )
            )
        version, _translated = self._version(
            consultation, [comment], official, disposition, reason, translation
        )
        register.revise(response, version, official.id, version.role, why)
        return response

    # -- deadlines ---------------------------------------------------------------
    def set_deadline(self, consultation, days):
        try:
            days = int(days)
        except (TypeError, ValueError):
            days = 0
        if not 1 <= days <= MAX_DAYS:
            raise ResponseError(
                _(
                    "The deadline is a number of days from 1 to ${limit}.",
                    mapping={"limit": MAX_DAYS},
                )
            )
        consultation.answer_days = days
        return days


def response_service_factory(context, request):
    return ResponseService(
        request.find_service(IClock),
        settings_of(request),
        local_time=request.layout.local_time,
        translate=request.localizer.translate,
    )
