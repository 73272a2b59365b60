"""Writing and reading comments: post, reply, the permalink page, edit, add an
addendum, the versions of the text, withdraw."""

from types import SimpleNamespace as Row

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
from ...verification.services import verify_url
from ..comments import MAX_DEPTH, Comment
from ..display.comment_forms import comment_form, form_values, max_length, stable_ids, stage_notice
from ..display.entries import STANCE_LABELS, Entry, build_entry
from ..display.paging import place_url, with_query
from ..display.viewer import Viewer
from ..events import ParticipationRecorded
from ..interfaces import FeedbackError, IFeedbackService
from ..schemas import AddendumSchema, EditSchema
from ..store import CommentStore
from .helpers import FORM, form_page, moderation_history, reports


def _form_kept(request, form, appstruct):
    """The refused form with the person's text, cut to the length a comment
    may have (and a note saying so when it is cut)."""
    limit = max_length(request)
    shown = clipped(appstruct, "text", limit)
    if shown is appstruct:
        return {"form": form.render(appstruct)}
    return {
        "form": form.render(shown),
        "explanation": _(
            "The text below is cut to its first ${limit} characters, the most a comment may "
            "have: check its end before you publish it.",
            mapping={"limit": limit},
        ),
    }


def _parent(store, value):
    """(parent comment or None, whether a parent was asked for)."""
    if not value:
        return None, False
    try:
        return store.get(int(value)), True
    except (TypeError, ValueError, OverflowError):
        return None, True


@view_config(
    context=CommentStore,
    name="post",
    permission="comment",
    request_method="POST",
    renderer=FORM,
    require_csrf=False,
)
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

    def page(**more):
        # The form shown again: what it is about, made only when it is shown
        # (a comment posted goes on to its thread and needs none of it).
        return {
            "title": _("Your reply") if wanted_parent else _("Your comment"),
            "about": target_label(request, consultation, target),
            "about_url": target_url(request, consultation, target),
            "entry": Entry(viewer, parent, show_actions=False) if parent is not None else None,
            "back_url": None,
            **more,
        }

    appstruct, rendered = validate(request, form, clip={"text": max_length(request)})
    if appstruct is None:
        return page(form=rendered, error=None)
    try:
        if wanted_parent and parent is None:
            raise FeedbackError(_("The comment you are answering no longer exists."))
        check_limit(request, "comment")
        comment = request.find_service(IFeedbackService).post(
            consultation,
            appstruct["target"],
            request.identity,
            appstruct["text"],
            appstruct["stance"],
            parent=parent,
            to_ministry=appstruct.get("to_ministry", False),
        )
    except FeedbackError as error:
        return page(
            error=error.message,
            verify_url=verify_url(request, error),
            **_form_kept(request, form, appstruct),
        )
    except RateLimited as error:
        if wants_json(request):
            return json_error(request, error)
        too_many(request, error)
        return page(error=error.message, **_form_kept(request, form, appstruct))
    record_limit(request, "comment")
    request.registry.notify(ParticipationRecorded(request, "comment", comment))
    if comment.held_for_confirmation:
        flash(
            request,
            _(
                "Thank you: your comment is held until you confirm your e-mail "
                "address. Open the link in the message we sent you."
            ),
        )
    elif comment.visible:
        flash(request, _("Thank you: your comment is published."))
    else:
        flash(request, _("Thank you: your comment will appear once a moderator approves it."))
    return HTTPSeeOther(place_url(request, comment))


@view_config(
    context=Comment, name="reply", permission="comment", request_method="GET", renderer=FORM
)
def reply(request):
    """The reply form, under the comment it answers."""
    comment = request.context
    consultation = comment.__parent__.__parent__
    title = (
        _("Reply to ${name}", mapping={"name": comment.author_name})
        if comment.visible and comment.author_name
        else _("Reply")
    )
    values = form_page(request, comment, title)
    notice = stage_notice(request, consultation, comment.target)
    if notice is not None:
        return dict(values, error=notice)
    if comment.depth >= MAX_DEPTH:
        return dict(
            values,
            error=_(
                "Replies cannot nest deeper than ${depth} levels.", mapping={"depth": MAX_DEPTH}
            ),
        )
    if not comment.visible:
        return dict(values, error=_("This comment cannot be answered any more."))
    form = comment_form(request, consultation, comment.target, parent=comment, focus="on")
    return dict(values, form=form.render(form_values(comment, comment.target)))


def _after(request):
    try:
        return int(request.params.get("after", ""))
    except ValueError:
        return None


@view_config(
    context=Comment,
    permission="view",
    request_method="GET",
    renderer="consult:templates/feedback/comment.pt",
)
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
        "earlier_url": (
            with_query(request.resource_url(comment), anchor="replies", after=None)
            if after is not None
            else None
        ),
        "history": moderation_history(request, comment) if viewer.can_moderate else None,
        "reports": reports(request, comment) if viewer.can_moderate else [],
    }


def _addendum_link(request, service, comment):
    """(label, url) of the addendum form, when its author may add one."""
    if not service.can_add_addendum(comment, request.identity):
        return None
    return _("Add a dated addendum instead"), request.resource_url(comment, "addendum")


@view_config(context=Comment, name="edit", permission="edit_own", renderer=FORM, require_csrf=False)
def edit(request):
    """The author's correction, within the edit window and until someone has
    acted on the comment; the replaced text is kept (the versions page)."""
    comment = request.context
    consultation = comment.__parent__.__parent__
    service = request.find_service(IFeedbackService)
    form = stable_ids(
        make_form(
            request,
            EditSchema(),
            [deform.Button(name="save", title=_("Save"))],
            formid="edit-form",
            bind={"max_length": max_length(request)},
        )
    )
    values = form_page(request, comment, _("Edit your comment"))
    if request.method == "POST":
        appstruct, rendered = validate(request, form, clip={"text": max_length(request)})
        if appstruct is None:
            return dict(values, entry=None, form=rendered, error=None)
        try:
            service.edit(
                consultation, comment, request.identity, appstruct["text"], appstruct["stance"]
            )
        except FeedbackError as error:
            return dict(
                values,
                entry=None,
                error=error.message,
                action_link=_addendum_link(request, service, comment),
                **_form_kept(request, form, appstruct),
            )
        flash(request, _("Your comment is updated."))
        return HTTPSeeOther(place_url(request, comment))
    refusal = service.edit_refusal(comment, request.identity)
    if refusal is not None:
        if service.frozen_reason(comment) is None:
            minutes = int(service.edit_window.total_seconds() // 60)
            refusal = _(
                "This comment can no longer be edited: a comment can be edited "
                "during ${minutes} minutes after it is posted.",
                mapping={"minutes": minutes},
            )
        return dict(values, error=refusal, action_link=_addendum_link(request, service, comment))
    return dict(
        values,
        entry=None,
        explanation=_(
            "Others will see that the comment was edited, and can read the text as it was before."
        ),
        form=form.render({"text": comment.text, "stance": comment.stance}),
    )


@view_config(
    context=Comment, name="addendum", permission="edit_own", renderer=FORM, require_csrf=False
)
def addendum(request):
    """A dated addendum under a comment whose text may no longer change."""
    comment = request.context
    consultation = comment.__parent__.__parent__
    service = request.find_service(IFeedbackService)
    form = stable_ids(
        make_form(
            request,
            AddendumSchema(),
            [deform.Button(name="add", title=_("Add the addendum"))],
            formid="addendum-form",
            bind={"max_length": service.max_addendum_length},
        )
    )
    values = form_page(
        request,
        comment,
        _("Add an addendum to your comment"),
        explanation=_(
            "Your comment stays as it is. The addendum is shown "
            "under it with its date, and is part of the record: it "
            "cannot be changed or removed once added."
        ),
    )
    if request.method == "POST":
        appstruct, rendered = validate(request, form)
        if appstruct is None:
            return dict(values, form=rendered)
        try:
            service.add_addendum(consultation, comment, request.identity, appstruct["text"])
        except FeedbackError as error:
            return dict(values, form=form.render(appstruct), error=error.message)
        flash(request, _("Your addendum is added under your comment."))
        return HTTPSeeOther(place_url(request, comment))
    refusal = service.addendum_refusal(comment, request.identity)
    if refusal is not None:
        return dict(values, error=refusal, explanation=None)
    return dict(values, form=form.render())


@view_config(
    context=Comment,
    name="versions",
    permission="view",
    request_method="GET",
    renderer="consult:templates/feedback/versions.pt",
)
def versions(request):
    """Every text the comment has had, with its dates: public for a shown
    comment; never the text of a hidden or withdrawn one to the public
    (the same rule as the comment itself, Entry.show_text)."""
    comment = request.context
    viewer = Viewer(request, comment.__parent__)
    if not viewer.may_see(comment):
        raise HTTPNotFound()
    entry = Entry(viewer, comment, show_actions=False)
    rows = []
    if entry.show_text:
        for number, version in enumerate(comment.earlier_texts, start=1):
            rows.append(
                Row(
                    number=number,
                    written=version.written,
                    replaced=version.replaced,
                    stance=STANCE_LABELS.get(version.stance),
                    language=version.language,
                    lines=[line for line in version.text.splitlines() if line.strip()],
                )
            )
    return {
        "title": _("Versions of a comment"),
        "entry": entry,
        "versions": rows[::-1],  # the latest replaced first, under the current text
        "lost_edits": entry.show_text and comment.edited_at is not None and not comment.edit_count,
        "comment_url": request.resource_url(comment),
        "back_url": place_url(request, comment),
    }


@view_config(
    context=Comment,
    name="withdraw",
    permission="withdraw_own",
    request_method="GET",
    renderer="consult:templates/feedback/withdraw.pt",
)
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
