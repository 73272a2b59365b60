"""The read side of the responses: the places a consultation's comments are
grouped by (rows), when each must be answered by, the staff's queue of
comments due an answer and the counts of the dashboard and the outcome
report. Counts are computed from comment ids (the thread indexes, the state
indexes and the register's per-target sets), never by loading comments."""

import math
from datetime import timedelta
from types import SimpleNamespace

from BTrees.LLBTree import LLSet, difference, intersection, union

from ..i18n import _
from .interfaces import ResponseError
from .models import DEFAULT_ANSWER_DAYS, register_of

QUEUE_STATUSES = ("unanswered", "answered", "all")
# Comments on one page of the queue: each is shown whole, with its answer
# form link; 100 of them made a page 27 000 pixels long.
QUEUE_PAGE_SIZE = 20


class ResponseQueue:
    """What is due an answer, and when; the service answers
    (services.ResponseService, which reads through this)."""

    def __init__(self, clock):
        self.clock = clock

    # -- deadlines ---------------------------------------------------------------
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
        """The places comments are grouped by: each question to the public
        (numbered from 1, as the Green Paper shows them), each article of the
        current draft (with its paragraphs), and whatever is left (parts of
        the draft since removed)."""
        rows = [
            SimpleNamespace(
                key=q.target, kind="question", number=position, question=q, targets=[q.target]
            )
            for position, q in enumerate(consultation.stages["green"].questions, start=1)
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
        page = self.queue(consultation, self.clock.now(), key=key, size=None)
        return [item.comment for item in page.items]

    def queue_languages(self, consultation):
        """The languages of the published comments due an answer, answered
        or not (the queue's language filter offers them). Loads each of
        those comments: no index keeps their languages."""
        store = consultation.comments
        hidden = self._hidden_ids(store)
        found = set()
        for row in self.rows(consultation):
            for target in row.targets:
                for comment_id in self._due_ids(store, target, hidden):
                    language = store.get(comment_id).language
                    if language:
                        found.add(language)
        return found

    def _matching(self, consultation, rows, stance, language, status):
        """(row, target, comment id) of each comment the filters keep, in the
        queue's order. Only the stance and language filters load comments; the
        rest is decided from ids."""
        store = consultation.comments
        register = register_of(consultation)
        hidden = self._hidden_ids(store)
        for row in rows:
            for target in row.targets:
                for comment_id in self._due_in_order(store, target):
                    if comment_id in hidden:
                        continue
                    answered = comment_id in register
                    if (status == "unanswered" and answered) or (
                        status == "answered" and not answered
                    ):
                        continue
                    if stance or language:
                        comment = store.get(comment_id)
                        if (stance and comment.stance != stance) or (
                            language and comment.language != language
                        ):
                            continue
                    yield row, target, comment_id

    def queue(
        self,
        consultation,
        now,
        key=None,
        stance=None,
        language=None,
        status="unanswered",
        start=0,
        size=QUEUE_PAGE_SIZE,
    ):
        """One page of the published top-level comments and replies addressed
        to the ministry, filtered, oldest first per place: a namespace with
        `items` (each with the comment, its answer, its row and its
        deadline), `total` (every comment the filters keep), `start` and
        `size` (None: every item on one page)."""
        store = consultation.comments
        register = register_of(consultation)
        rows = self.rows(consultation) if key is None else [self.row(consultation, key)]
        matching = list(self._matching(consultation, rows, stance, language, status))
        start = max(0, start)
        shown = matching[start:] if size is None else matching[start : start + size]
        items = []
        for row, target, comment_id in shown:
            response = register.get(comment_id)
            deadline = self.deadline(consultation, target)
            items.append(
                SimpleNamespace(
                    comment=store.get(comment_id),
                    response=response,
                    row=row,
                    deadline=deadline,
                    days_left=self.days_left(deadline, now),
                    overdue=response is None and deadline is not None and now > deadline,
                )
            )
        return SimpleNamespace(items=items, total=len(matching), start=start, size=size)

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
