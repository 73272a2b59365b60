"""Answering comments: the reasoned answer, its revisions, deadlines, the
queue of comments waiting for an answer and the counts of the outcome report.

The comments that are due an answer are a consultation's published top-level
comments; staff may also answer a published reply addressed to the ministry
from its own page. Counts are computed from comment ids (the thread indexes,
the state indexes and the register's per-target sets), never by loading
comments."""

import math
import uuid
from datetime import timedelta
from functools import partial
from types import SimpleNamespace

from BTrees.LLBTree import LLSet, difference, intersection, union
from zope.interface import implementer

from ..accounts.security import roles_in_context
from ..i18n import _
from ..i18n.detection import detect_language
from ..settings import as_settings, settings_of
from ..urls import public_url
from .interfaces import IResponseService, ResponseError
from .models import (
    DEFAULT_ANSWER_DAYS,
    DISPOSITIONS,
    STAFF_ROLES,
    Response,
    ResponseRegister,
    Version,
)

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
}
LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
MIN_WHY = 10
MAX_DAYS = 365
QUEUE_STATUSES = ("unanswered", "answered", "all")


def register_of(consultation):
    """The consultation's register (created by evolution step 4 for old ones)."""
    register = getattr(consultation, "responses", None)
    if register is None:
        register = consultation.responses = ResponseRegister()
        register.__parent__ = consultation
    return register


def _utc(when):
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _untranslated(term):
    return term.interpolate() if hasattr(term, "interpolate") else str(term)


@implementer(IResponseService)
class ResponseService:
    def __init__(
        self,
        clock,
        settings,
        mailer=None,
        principals=None,
        link=None,
        local_time=_utc,
        translate=_untranslated,
    ):
        settings = as_settings(settings)
        self.clock = clock
        self.min_length = settings["consult.min_answer_length"]
        self.max_length = settings["consult.max_comment_length"]
        self.mailer = mailer
        self.principals = principals
        self.link = link  # comment -> where its author reads it (for the e-mail)
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
            if wanted == language:
                continue
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
            self._notify(comment, response, revised=False)
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
        if comment.visible:
            self._notify(comment, response, revised=True)
        return response

    def _notify(self, comment, response, revised):
        if self.mailer is None or self.principals is None or not comment.visible:
            return
        author = self.principals.get(comment.author)
        if author is None:
            return
        subject = (
            _("The answer to your comment was revised")
            if revised
            else _("The ministry has answered your comment")
        )
        body = _(
            "Hello ${name},\n\nthe ministry has answered your comment of ${when}.\n\n"
            "Decision: ${decision}\n\n${reason}\n\nRead it in the discussion:\n${link}",
            mapping={
                "name": author.first_name,
                "when": self.local_time(comment.created),
                "decision": self.translate(DISPOSITION_LABELS[response.disposition]),
                "reason": "\n\n".join(t for t in (response.text, response.translation) if t),
                "link": self.link(comment) if self.link else "",
            },
        )
        self.mailer.send(author.email, subject, body)

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

    def deadline(self, consultation, target):
        """When comments on `target` must be answered by: some days after its
        stage closes (None while the stage has no closing time)."""
        closes_at = consultation.stage_for_target(target).closes_at
        if closes_at is None:
            return None
        days = getattr(consultation, "answer_days", DEFAULT_ANSWER_DAYS)
        return closes_at + timedelta(days=days)

    @staticmethod
    def days_left(deadline, now):
        if deadline is None:
            return None
        return math.ceil((deadline - now).total_seconds() / 86400)

    # -- what is due -------------------------------------------------------------
    def rows(self, consultation):
        """The places comments are grouped by: each question to the public,
        each article of the current draft (with its paragraphs), and whatever
        is left (parts of the draft since removed)."""
        rows = [
            SimpleNamespace(
                key=q.target, kind="question", number=None, question=q, targets=[q.target]
            )
            for q in consultation.stages["green"].questions
        ]
        draft = consultation.current_draft()
        if draft is not None:
            for article in draft.articles():
                rows.append(
                    SimpleNamespace(
                        key=article.target,
                        kind="article",
                        number=article.number,
                        question=None,
                        targets=[article.target]
                        + [article.paragraph_target(p) for p in article.paragraphs],
                    )
                )
        known = {t for row in rows for t in row.targets}
        others = [t for t in consultation.comments.threads.keys() if t not in known]
        if others:
            rows.append(
                SimpleNamespace(
                    key="other", kind="other", number=None, question=None, targets=others
                )
            )
        return rows

    def row(self, consultation, key):
        for row in self.rows(consultation):
            if row.key == key:
                return row
        raise ResponseError(_("This part of the consultation no longer exists."))

    @staticmethod
    def _hidden_ids(store):
        hidden = LLSet()
        for tree in store.by_state.values():
            hidden = union(hidden, LLSet(tree.values()))
        return hidden

    @staticmethod
    def _due_in_order(store, target):
        """The ids due an answer on `target`: its top-level comments, then the
        replies addressed to the ministry."""
        tree = store.threads.get(target)
        top = list(tree.values()) if tree is not None else []
        return top + store.addressed_ids(target)

    def _due_ids(self, store, target, hidden):
        return difference(LLSet(self._due_in_order(store, target)), hidden)

    def unanswered(self, consultation, key):
        """The published, unanswered comments of one row (top level, and
        replies addressed to the ministry), oldest first."""
        return [
            item.comment
            for item in self.queue(consultation, self.clock.now(), key=key, limit=None)[0]
        ]

    def queue(
        self,
        consultation,
        now,
        key=None,
        stance=None,
        language=None,
        status="unanswered",
        limit=100,
    ):
        """([items], more): the published top-level comments and replies
        addressed to the ministry, filtered, oldest first per place; each item has the comment, its answer, its row and its
        deadline. `more` says the limit cut the list."""
        store = consultation.comments
        register = register_of(consultation)
        hidden = self._hidden_ids(store)
        rows = self.rows(consultation) if key is None else [self.row(consultation, key)]
        items = []
        for row in rows:
            for target in row.targets:
                due = self._due_in_order(store, target)
                if not due:
                    continue
                deadline = self.deadline(consultation, target)
                for comment_id in due:
                    if comment_id in hidden:
                        continue
                    answered = comment_id in register
                    if (status == "unanswered" and answered) or (
                        status == "answered" and not answered
                    ):
                        continue
                    comment = store.get(comment_id)
                    if stance and comment.stance != stance:
                        continue
                    if language and comment.language != language:
                        continue
                    if limit is not None and len(items) == limit:
                        return items, True
                    items.append(
                        SimpleNamespace(
                            comment=comment,
                            response=register.get(comment_id),
                            row=row,
                            deadline=deadline,
                            days_left=self.days_left(deadline, now),
                            overdue=not answered and deadline is not None and now > deadline,
                        )
                    )
        return items, False

    def summary(self, consultation, now):
        """Counts for the staff dashboard and the public report, as a plain dict:
        per row and in total, comments due an answer, answered, unanswered and
        overdue, with each row's deadline and days left."""
        store = consultation.comments
        register = register_of(consultation)
        hidden = self._hidden_ids(store)
        total = {"comments": 0, "answered": 0, "unanswered": 0, "overdue": 0}
        rows = []
        for row in self.rows(consultation):
            counts = dict.fromkeys(total, 0)
            deadlines = set()
            for target in row.targets:
                due = self._due_ids(store, target, hidden)
                answered = len(intersection(due, LLSet(register.answered_ids(target))))
                deadline = self.deadline(consultation, target)
                deadlines.add(deadline)
                counts["comments"] += len(due)
                counts["answered"] += answered
                counts["unanswered"] += len(due) - answered
                if deadline is not None and now > deadline:
                    counts["overdue"] += len(due) - answered
            deadline = min((d for d in deadlines if d is not None), default=None)
            for name, value in counts.items():
                total[name] += value
            rows.append(
                dict(
                    counts,
                    key=row.key,
                    kind=row.kind,
                    number=row.number,
                    deadline=deadline,
                    days_left=self.days_left(deadline, now),
                )
            )
        return {
            "answer_days": getattr(consultation, "answer_days", DEFAULT_ANSWER_DAYS),
            "total": total,
            "dispositions": register.disposition_counts(),
            "rows": rows,
        }


def response_service_factory(context, request):
    from ..clock import IClock
    from ..mail import IMailService

    return ResponseService(
        request.find_service(IClock),
        settings_of(request),
        mailer=request.find_service(IMailService),
        principals=request.root["principals"],
        link=lambda comment: request.comment_place_url(comment, partial(public_url, request)),
        local_time=request.layout.local_time,
        translate=request.localizer.translate,
    )
