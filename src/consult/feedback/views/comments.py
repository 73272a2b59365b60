"""Writing and reading comments: post, reply, the permalink page, edit, withdraw."""
import deform
from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ...consultations.targets import target_label, target_url
from ...forms import clipped, make_form, validate
from ...i18n import _
from ...layout import flash
from ...limits import RateLimited, json_error, too_many, wants_json
from ...limits import check as check_limit
from ...limits import record as record_limit
from ...signals.services import record as record_activity
from ..models import MAX_DEPTH, Comment, CommentStore
from ..schemas import EditSchema
from ..services import FeedbackError, IFeedbackService
from ..comment_forms import comment_form, form_values, max_length, stable_ids, stage_notice
from ..entries import Entry, build_entry
from ..paging import place_url, with_query
from ..viewer import Viewer
from .helpers import FORM, form_page, moderation_history, reports


def _form_kept(request, form, appstruct):
    """The refused form with the person's text, cut to the length a comment
    may have (and a note saying so when it is cut)."""
    limit = max_length(request)
    shown = clipped(appstruct, "text", limit)
    if shown is appstruct:
        return {"form": form.render(appstruct)}
    return {"form": form.render(shown), "explanation": _(
        "The text below is cut to its first ${limit} characters, the most a comment may "
        "have: check its end before you publish it.", mapping={"limit": limit})}


def _parent(store, value):
    """(parent comment or None, whether a parent was asked for)."""
    if not value:
        return None, False
    try:
        return store.get(int(value)), True
    except (TypeError, ValueError, OverflowError):
        return None, True


@view_config(context=CommentStore, name="post", permission="comment", request_method="POST",
             renderer=FORM, require_csrf=False)
def post(request):
    """A new comment or a reply. Any refusal shows the form again with the text."""
    store = request.context
    consultation = store.__parent__
    viewer = Viewer(request, store)
    target = request.POST.get("target", "")
    parent, wanted_parent = _parent(store, request.POST.get("parent"))
    if parent is not None and not viewer.may_see(parent):
        parent = None
    form = comment_form(request, consultation, target, parent, focus="on")
    values = {
        "title": _("Your reply") if wanted_parent else _("Your comment"),
        "about": target_label(request, consultation, target),
        "about_url": target_url(request, consultation, target),
        "entry": Entry(viewer, parent, show_actions=False) if parent is not None else None,
        "back_url": None,
    }
    appstruct, rendered = validate(request, form, clip={"text": max_length(request)})
    if appstruct is None:
        return dict(values, form=rendered, error=None)
    try:
        if wanted_parent and parent is None:
            raise FeedbackError(_("The comment you are answering no longer exists."))
        check_limit(request, "comment")
        comment = request.find_service(IFeedbackService).post(
            consultation, appstruct["target"], request.identity, appstruct["text"],
            appstruct["stance"], parent=parent, to_ministry=appstruct.get("to_ministry", False))
    except FeedbackError as error:
        from ...verification.services import verify_url

        return dict(values, error=error.message, verify_url=verify_url(request, error),
                    **_form_kept(request, form, appstruct))
    except RateLimited as error:
        if wants_json(request):
            return json_error(request, error)
        too_many(request, error)
        return dict(values, error=error.message, **_form_kept(request, form, appstruct))
    record_limit(request, "comment")
    record_activity(request, "comment", comment)
    if comment.held_for_confirmation:
        flash(request, _("Thank you: your comment is held until you confirm your e-mail "
                         "address. Open the link in the message we sent you."))
    elif comment.visible:
        flash(request, _("Thank you: your comment is published."))
    else:
        flash(request, _("Thank you: your comment will appear once a moderator approves it."))
    return HTTPSeeOther(place_url(request, comment))


@view_config(context=Comment, name="reply", permission="comment", request_method="GET",
             renderer=FORM)
def reply(request):
    """The reply form, under the comment it answers."""
    comment = request.context
    consultation = comment.__parent__.__parent__
    title = (_("Reply to ${name}", mapping={"name": comment.author_name})
             if comment.visible else _("Reply"))
    values = form_page(request, comment, title)
    notice = stage_notice(request, consultation, comment.target)
    if notice is not None:
        return dict(values, error=notice)
    if comment.depth >= MAX_DEPTH:
        return dict(values, error=_("Replies cannot nest deeper than ${depth} levels.",
                                    mapping={"depth": MAX_DEPTH}))
    if not comment.visible:
        return dict(values, error=_("This comment cannot be answered any more."))
    form = comment_form(request, consultation, comment.target, parent=comment, focus="on")
    return dict(values, form=form.render(form_values(comment, comment.target)))


def _after(request):
    try:
        return int(request.params.get("after", ""))
    except ValueError:
        return None


@view_config(context=Comment, permission="view", request_method="GET",
             renderer="consult:templates/feedback/comment.pt")
def permalink(request):
    """One comment with its replies; moderators also see its reports and history."""
    comment = request.context
    store = comment.__parent__
    consultation = store.__parent__
    viewer = Viewer(request, store)
    if not viewer.may_see(comment):
        raise HTTPNotFound()
    after = _after(request)
    parent = store.get(comment.parent_id) if comment.parent_id is not None else None
    label = request.localizer.translate(target_label(request, consultation, comment.target))
    return {
        "title": _("Comment on ${place}", mapping={"place": label}),
        "entry": build_entry(viewer, comment, after=after),
        "place_url": place_url(request, comment),
        "parent_url": request.resource_url(parent) if parent is not None else None,
        "earlier_url": (with_query(request.resource_url(comment), anchor="replies", after=None)
                        if after is not None else None),
        "history": moderation_history(request, comment) if viewer.can_moderate else None,
        "reports": reports(request, comment) if viewer.can_moderate else [],
    }


@view_config(context=Comment, name="edit", permission="edit_own", renderer=FORM,
             require_csrf=False)
def edit(request):
    """The author's correction, within the edit window; refused after it."""
    comment = request.context
    consultation = comment.__parent__.__parent__
    service = request.find_service(IFeedbackService)
    form = stable_ids(make_form(
        request, EditSchema(), [deform.Button(name="save", title=_("Save"))],
        formid="edit-form", bind={"max_length": max_length(request)}))
    values = form_page(request, comment, _("Edit your comment"))
    if request.method == "POST":
        appstruct, rendered = validate(request, form, clip={"text": max_length(request)})
        if appstruct is None:
            return dict(values, entry=None, form=rendered, error=None)
        try:
            service.edit(consultation, comment, request.identity, appstruct["text"],
                         appstruct["stance"])
        except FeedbackError as error:
            return dict(values, entry=None, error=error.message,
                        **_form_kept(request, form, appstruct))
        flash(request, _("Your comment is updated."))
        return HTTPSeeOther(place_url(request, comment))
    if not service.can_edit(comment, request.identity):
        minutes = int(service.edit_window.total_seconds() // 60)
        return dict(values, error=_("This comment can no longer be edited: a comment can be "
                                    "edited during ${minutes} minutes after it is posted.",
                                    mapping={"minutes": minutes}))
    return dict(values, entry=None,
                form=form.render({"text": comment.text, "stance": comment.stance}))


@view_config(context=Comment, name="withdraw", permission="withdraw_own", request_method="GET",
             renderer="consult:templates/feedback/withdraw.pt")
def withdraw_confirm(request):
    comment = request.context
    entry = Entry(Viewer(request, comment.__parent__), comment, show_actions=False)
    return {"entry": entry, "back_url": place_url(request, comment)}


@view_config(context=Comment, name="withdraw", permission="withdraw_own", request_method="POST")
def withdraw(request):
    comment = request.context
    consultation = comment.__parent__.__parent__
    try:
        request.find_service(IFeedbackService).withdraw(consultation, comment, request.identity)
    except FeedbackError as error:
        flash(request, error.message)
    else:
        flash(request, _("Your comment is withdrawn."))
    return HTTPSeeOther(place_url(request, comment))
