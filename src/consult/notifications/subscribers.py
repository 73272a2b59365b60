"""What the notifications hear: each capability announces what it did,
and the people it concerns are told here, in their inbox and by mail as
they chose. The texts of other capabilities' notices stay with them
(feedback.notices, responses.services.answer_notice, juries'
recommendation_notice); nobody else mails these any more, so nobody gets
one twice and "no e-mail" holds.

Nothing is told outside a request (a console import, the demo builder):
no one acted there whom a person would want to hear of."""

from functools import partial

from ..consultations.events import (
    ConsultationPublished,
    DraftVersionPublished,
    OutcomePublished,
)
from ..feedback.events import (
    AUTOMATIC,
    AppealDecided,
    CommentApproved,
    CommentHidden,
    CommentPosted,
    CommentReleased,
    CommentRestored,
)
from ..feedback.notices import (
    appeal_decided_notice,
    author_hidden_notice,
    author_restored_notice,
    reporters_notices,
)
from ..i18n import _
from ..juries.events import PanelInvited, RecommendationAnswered
from ..juries.findings.recommendations import find_recommendation
from ..juries.findings.services import recommendation_notice
from ..layout import pick_language
from ..responses.events import AnswerPublished, AnswerRevised
from ..responses.services import answer_notice
from ..urls import public_url
from .events import NewsForPeople
from .interfaces import INotificationService
from .notices import (
    draft_notice,
    followed_comment_notice,
    new_consultation_notice,
    outcome_notice,
    reply_notice,
)
from .things import (
    article_thing,
    article_uid_of,
    consultation_thing,
    ministry_thing,
    tag_thing,
    thread_root,
    thread_thing,
)

DATE = "dd.MM.y"  # as numbers: the request's language is not the recipient's


def _service(request):
    return request.find_service(INotificationService)


def _consultation_of(comment):
    return comment.__parent__.__parent__


def _title(consultation, language):
    return consultation.title.get(pick_language(consultation.title, language)) or ""


def _comment_link(request, comment):
    return request.comment_place_url(comment, partial(public_url, request))


def answered(event):
    """The author of an answered comment (or of one whose answer was revised)."""
    request, comment = event.request, event.subject
    if request is None or comment is None or not comment.visible:
        return
    subject, body = answer_notice(
        comment,
        event.response,
        isinstance(event, AnswerRevised),
        request.layout.local_time(comment.created, DATE),
        _comment_link(request, comment),
    )
    link = body.mapping["link"]
    _service(request).notify(
        comment.author, "answer", subject, body, link, _consultation_of(comment)
    )


def comment_posted(event):
    """A reply tells the author of the comment it answers; a comment tells
    who follows its thread or its article; commenting follows the thread
    unless the author turned that off."""
    request, comment = event.request, event.comment
    if request is None or comment.author is None:
        return
    service = _service(request)
    consultation = _consultation_of(comment)
    store = comment.__parent__
    root = thread_root(store, comment)
    thread = thread_thing(consultation, root.id)
    link = None  # the comment's, made once (it walks the thread) and only if needed
    if service.follows_when_commenting(comment.author) and not service.follows(
        comment.author, thread
    ):
        label = _("The discussion of a comment by ${author}", mapping={"author": root.author_name})
        root_link = _comment_link(request, root)
        service.follow(comment.author, thread, label, root_link)
        if root is comment:
            link = root_link
    if comment.visible:
        _tell_readers(request, comment, link)


def comment_published(event):
    """A comment held until its author confirmed their address, or until a
    moderator approved it, is shown now: who a comment posted shown would
    have told hears of it now."""
    request, comment = event.request, event.comment
    if request is None or comment.author is None or not comment.visible:
        return
    if isinstance(event, CommentApproved) and not event.published:
        return  # kept shown after reports: its readers heard of it when posted
    _tell_readers(request, comment)


def _tell_readers(request, comment, link=None):
    """The author of the comment it answers, then who follows its thread or
    its article, each once. `link` is the comment's, if already made; else
    it is made for the first notice (most comments have nobody to tell)."""
    service = _service(request)
    consultation = _consultation_of(comment)
    store = comment.__parent__
    thread = thread_thing(consultation, thread_root(store, comment).id)
    told = {comment.author}
    parent = store.get(comment.parent_id) if comment.parent_id is not None else None
    if parent is not None and parent.author and parent.author not in told:
        link = link or _comment_link(request, comment)
        written = request.layout.local_time(parent.created, DATE)
        subject, body = reply_notice(comment, written, link)
        service.notify(parent.author, "reply", subject, body, link, consultation)
        told.add(parent.author)
    followed = [(userid, _("a discussion you follow")) for userid in service.followers(thread)]
    article_uid = article_uid_of(comment.target)
    if article_uid is not None:
        where = _("an article you follow")
        followed += [
            (userid, where)
            for userid in service.followers(article_thing(consultation, article_uid))
        ]
    for userid, where in followed:
        if userid not in told:
            told.add(userid)
            link = link or _comment_link(request, comment)
            subject, body = followed_comment_notice(comment, where, link)
            service.notify(userid, "followed", subject, body, link, consultation)


def moderator_decided(event):
    """A moderator's decision: the reporters it settles are told the
    outcome; the author of a comment it hides is told why, of one it shows
    again that it is back. Nothing for what the rules did by themselves
    (hiding after reports waits for a moderator)."""
    request = event.request
    if request is None or event.actor == AUTOMATIC:
        return
    comment = event.comment
    hidden = isinstance(event, CommentHidden)
    notices = reporters_notices(request, comment, event.reporters, hidden, event.reason)
    kinds = ["report"] * len(notices)
    if hidden:
        notices.append(author_hidden_notice(request, comment, event.reason))
        kinds.append("moderation")
    elif isinstance(event, CommentRestored):
        notices.append(author_restored_notice(request, comment, event.reason))
        kinds.append("moderation")
    service = _service(request)
    consultation = _consultation_of(comment)
    for kind, notice in zip(kinds, notices, strict=True):
        service.notify(notice.userid, kind, notice.subject, notice.body, notice.url, consultation)


def appeal_decided(event):
    """The author of an appeal is told what another moderator decided."""
    request = event.request
    if request is None:
        return
    notice = appeal_decided_notice(request, event.comment, event.reason)
    _service(request).notify(
        notice.userid,
        "moderation",
        notice.subject,
        notice.body,
        notice.url,
        _consultation_of(event.comment),
    )


def _participants(consultation):
    store = getattr(consultation, "comments", None)
    return list(store.participants.keys()) if store is not None else []


def draft_published(event):
    """Everyone who commented on the consultation, with the articles they
    commented on as this version numbers them; its followers too."""
    request, draft = event.request, event.draft
    if request is None:
        return
    consultation = draft.__parent__.__parent__
    store = consultation.comments
    service = _service(request)
    link = public_url(request, draft)
    numbers = {article.uid: article.number for article in draft.articles()}
    people = dict.fromkeys(_participants(consultation))
    people.update(dict.fromkeys(service.followers(consultation_thing(consultation))))
    for userid in people:
        commented = set()
        for comment in store.by_author_comments(userid):
            uid = article_uid_of(comment.target)
            if uid in numbers:
                commented.add(numbers[uid])
        articles = sorted(commented, key=lambda n: (len(n), n))
        title = _title(consultation, service.language_of(userid))
        subject, body = draft_notice(title, draft.__name__, articles, link)
        service.notify(userid, "draft", subject, body, link, consultation)


def outcome_published(event):
    """Everyone who commented, and the consultation's followers."""
    request, consultation = event.request, event.subject
    if request is None:
        return
    service = _service(request)
    link = public_url(request, consultation)
    people = dict.fromkeys(_participants(consultation))
    people.update(dict.fromkeys(service.followers(consultation_thing(consultation))))
    for userid in people:
        subject, body = outcome_notice(_title(consultation, service.language_of(userid)), link)
        service.notify(userid, "outcome", subject, body, link, consultation)


def consultation_published(event):
    """The followers of its ministry and of its tags."""
    request, consultation = event.request, event.subject
    if request is None:
        return
    service = _service(request)
    link = public_url(request, consultation)
    reasons = {}
    ministry = ministry_thing(consultation)
    if ministry is not None:
        for userid in service.followers(ministry):
            reasons.setdefault(userid, _("its ministry"))
    for tag in consultation.tags:
        for userid in service.followers(tag_thing(tag)):
            reasons.setdefault(userid, _("its topic"))
    for userid, reason in reasons.items():
        title = _title(consultation, service.language_of(userid))
        subject, body = new_consultation_notice(title, reason, link)
        service.notify(userid, "followed", subject, body, link, consultation)


def recommendation_answered(event):
    """The jurors of a jury whose recommendation the ministry answered."""
    request, jury = event.request, event.subject
    if request is None:
        return
    recommendation = find_recommendation(jury, event.recommendation_id)
    if recommendation is None or recommendation.answer is None:
        return
    link = public_url(request, jury, "findings")
    subject, body = recommendation_notice(recommendation, bool(event.reason), link)
    service = _service(request)
    for applicant in jury.panel():
        if applicant.userid:
            service.notify(applicant.userid, "jury", subject, body, link)


def panel_invited(event):
    """The people just invited to a jury who have an account find it in
    their centre too. The invitation itself, with its links to accept or
    decline, was mailed by juries to the address given with the
    application (an applicant needs no account): no second mail."""
    request, jury = event.request, event.subject
    if request is None:
        return
    principals = request.root["principals"]
    service = _service(request)
    link = public_url(request, jury)
    subject = _("You have been drawn for a citizens' jury")
    invited = [a for a in jury.applicants.values() if a.status == "invited"]
    latest = max((a.invited_at for a in invited), default=None)
    for applicant in invited:
        if applicant.invited_at != latest:
            continue  # invited by an earlier round, told then
        principal = principals.find_by_email(applicant.email)
        if principal is not None:
            service.notify(principal.id, "jury", subject, subject, link, mail=False)


def news_for_people(event):
    """Each person a capability above this one names (a petition's signers
    who asked for news of it), once."""
    request = event.request
    if request is None:
        return
    service = _service(request)
    for userid in dict.fromkeys(event.people):
        service.notify(userid, event.kind, event.subject, event.body, event.link)


def includeme(config):
    config.add_subscriber(answered, AnswerPublished)
    config.add_subscriber(answered, AnswerRevised)
    config.add_subscriber(comment_posted, CommentPosted)
    config.add_subscriber(comment_published, CommentReleased)
    config.add_subscriber(comment_published, CommentApproved)
    for decision in (CommentHidden, CommentRestored, CommentApproved):
        config.add_subscriber(moderator_decided, decision)
    config.add_subscriber(appeal_decided, AppealDecided)
    config.add_subscriber(draft_published, DraftVersionPublished)
    config.add_subscriber(outcome_published, OutcomePublished)
    config.add_subscriber(consultation_published, ConsultationPublished)
    config.add_subscriber(recommendation_answered, RecommendationAnswered)
    config.add_subscriber(panel_invited, PanelInvited)
    config.add_subscriber(news_for_people, NewsForPeople)
