"""Following: the buttons on a consultation's, an article's, a
comment's and an organisation's page, the follow and unfollow forms they
post, and the page of what a person follows. A thread is followed by
commenting in it (unless the person turned that off) or from the page of
any of its comments (the comment HTML of a thread is shared by all its
readers: no one's button in it)."""

from html import escape

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.view import view_config
from zope.interface import implementer

from ..consultations.models import Article, Consultation
from ..feedback.comments import Comment
from ..i18n import _
from ..layout import IFollowPanel, flash
from ..organisations.models import Organisation
from ..resources.models import Root
from .interfaces import INotificationService
from .things import (
    article_thing,
    consultation_thing,
    ministry_thing,
    organisation_thing,
    tag_thing,
    thread_root,
    thread_thing,
)

SIGN_IN = _("Sign in to follow this and hear of what changes")
FOLLOW = _("Follow")
FOLLOWING = _("You follow this.")
STOP = _("Stop following")
FOLLOW_ARTICLE = _("Follow this article")
FOLLOW_CONSULTATION = _("Follow this consultation")
FOLLOW_MINISTRY = _("Follow the consultations of this ministry")
FOLLOW_ORGANISATION = _("Follow the consultations of this organisation")
FOLLOW_THREAD = _("Follow this discussion")
FOLLOW_TAG = _("Follow the topic “${tag}”")
WHAT = {
    "consultation": _("A consultation"),
    "article": _("An article"),
    "thread": _("A discussion"),
    "ministry": _("A ministry"),
    "organisation": _("An organisation"),
    "tag": _("A topic"),
}


def _consultation_of(resource):
    while resource is not None and not isinstance(resource, Consultation):
        resource = getattr(resource, "__parent__", None)
    return resource


def followable(request, what, slug, item=""):
    """(thing, label, url) of what a follow form names, or None when it
    names nothing that exists."""
    if what == "organisation":
        return _organisation(request, item)
    consultation = request.root["consultations"].get(slug or "")
    if not isinstance(consultation, Consultation) or consultation.published_at is None:
        return None
    title = request.layout.localized(consultation.title).text
    url = request.resource_url(consultation)
    if what == "consultation":
        return consultation_thing(consultation), {**consultation.title}, url
    if what == "ministry":
        found = _organisation(request, consultation.organisation)
        if found is not None:
            # Back to the consultation's page, where its other buttons are.
            return found[0], found[1], url
        thing = ministry_thing(consultation)
        return (thing, dict(consultation.ministry), url) if thing else None
    if what == "thread":
        return _thread(request, consultation, item)
    if what == "tag" and item in consultation.tags:
        names = request.root["consultations"].tag_names
        label = names.label(item, request.locale_name) if names is not None else item
        return tag_thing(item), _("Topic: ${tag}", mapping={"tag": label}), url
    if what == "article":
        draft = consultation.current_draft()
        article = draft.article_by_uid(item) if draft is not None else None
        if article is None:
            return None
        label = _(
            "Article ${number} of “${title}”", mapping={"number": article.number, "title": title}
        )
        return article_thing(consultation, article.uid), label, request.resource_url(article)
    return None


def _organisation(request, name):
    organisations = request.root.get("organisations")
    organisation = organisations.get(name or "") if organisations is not None else None
    if not isinstance(organisation, Organisation):
        return None
    thing = organisation_thing(organisation.name)
    return thing, dict(organisation.title), request.resource_url(organisation)


def _thread(request, consultation, comment_id):
    """The thread of a shown comment, named by the comment's id."""
    store = consultation.comments
    comment = store.get(int(comment_id)) if comment_id.isdigit() else None
    if comment is None or not comment.visible:
        return None
    root = thread_root(store, comment)
    label = _("The discussion of a comment by ${author}", mapping={"author": root.author_name})
    return thread_thing(consultation, root.id), label, request.resource_url(root)


def _items(request, context):
    """(consultation or None, [(what, item, thing, text)]) of the buttons
    `context`'s page shows; (None, []) where it shows none."""
    if isinstance(context, Organisation):
        thing = organisation_thing(context.name)
        return None, [("organisation", context.name, thing, FOLLOW_ORGANISATION)]
    if isinstance(context, Comment):
        store = context.__parent__
        consultation = _consultation_of(store)
        if consultation is None or not context.visible:
            return None, []
        thing = thread_thing(consultation, thread_root(store, context).id)
        return consultation, [("thread", str(context.id), thing, FOLLOW_THREAD)]
    if isinstance(context, Article):
        consultation = _consultation_of(context)
        if consultation is None:
            return None, []
        thing = article_thing(consultation, context.uid)
        return consultation, [("article", context.uid, thing, FOLLOW_ARTICLE)]
    if not isinstance(context, Consultation):
        return None, []
    consultation = context
    items = [("consultation", "", consultation_thing(consultation), FOLLOW_CONSULTATION)]
    ministry = ministry_thing(consultation)
    if ministry is not None:
        text = FOLLOW_ORGANISATION if ministry[0] == "organisation" else FOLLOW_MINISTRY
        items.append(("ministry", "", ministry, text))
    names = request.root["consultations"].tag_names
    for tag in consultation.tags:
        label = names.label(tag, request.locale_name) if names is not None else tag
        items.append(("tag", tag, tag_thing(tag), _(FOLLOW_TAG, mapping={"tag": label})))
    return consultation, items


@implementer(IFollowPanel)
class FollowPanel:
    """Built as a few lines of HTML, not a template: every article page
    shows it (benchmarks/pages.py counted a template's render on each)."""

    def html(self, request, context):
        consultation, items = _items(request, context)
        if not items or (consultation is not None and consultation.published_at is None):
            return ""
        translate = request.localizer.translate
        person = request.identity
        if person is None:
            login = request.layout.login_url
            return (
                f'<p class="follow"><a href="{escape(login)}">{escape(translate(SIGN_IN))}</a></p>'
            )
        service = request.find_service(INotificationService)
        token = escape(request.session.get_csrf_token())
        follow_url = escape(request.resource_url(request.root, "follow"))
        unfollow_url = escape(request.resource_url(request.root, "unfollow"))
        slug = consultation.__name__ if consultation is not None else ""
        rows = []
        for what, item, thing, text in items:
            if service.follows(person.id, thing):
                form = (
                    f'<form method="post" action="{unfollow_url}" class="inline-form">'
                    f'<input type="hidden" name="csrf_token" value="{token}">'
                    f'<input type="hidden" name="what" value="{escape(what)}">'
                    f'<input type="hidden" name="key" value="{escape(thing[1])}">'
                    '<input type="hidden" name="back" value="page">'
                    f"<span>{escape(translate(FOLLOWING))}</span> "
                    f'<button type="submit">{escape(translate(STOP))}</button></form>'
                )
            else:
                form = (
                    f'<form method="post" action="{follow_url}" class="inline-form">'
                    f'<input type="hidden" name="csrf_token" value="{token}">'
                    f'<input type="hidden" name="what" value="{escape(what)}">'
                    f'<input type="hidden" name="slug" value="{escape(slug)}">'
                    f'<input type="hidden" name="item" value="{escape(item)}">'
                    f'<button type="submit">{escape(translate(text))}</button></form>'
                )
            rows.append(f"<li>{form}</li>")
        heading = escape(translate(FOLLOW))
        return (
            f'<section class="follow" aria-label="{heading}">'
            f'<ul class="follow-buttons">{"".join(rows)}</ul></section>'
        )


@view_config(context=Root, name="follow", request_method="POST")
def follow(request):
    person = _signed_in(request)
    found = followable(
        request, request.POST.get("what"), request.POST.get("slug"), request.POST.get("item", "")
    )
    if found is None:
        raise HTTPBadRequest(_("There is nothing to follow there."))
    thing, label, url = found
    request.find_service(INotificationService).follow(person.id, thing, label, url)
    flash(request, _("You follow it now. You will find it on the page of what you follow."))
    return HTTPSeeOther(url)


@view_config(context=Root, name="unfollow", request_method="POST")
def unfollow(request):
    person = _signed_in(request)
    thing = (request.POST.get("what", ""), request.POST.get("key", ""))
    if not request.find_service(INotificationService).unfollow(person.id, thing):
        raise HTTPBadRequest(_("You do not follow that."))
    flash(request, _("You no longer follow it."))
    back = request.POST.get("back") == "page"
    return HTTPSeeOther(
        request.referer
        if back and request.referer and request.referer.startswith(request.application_url)
        else request.resource_url(request.root, "following")
    )


@view_config(
    context=Root,
    name="following",
    request_method="GET",
    renderer="consult:templates/notifications/following.pt",
)
def following_page(request):
    person = _signed_in(request)
    service = request.find_service(INotificationService)
    rows = []
    for (what, key), followed in service.following(person.id):
        label = followed.label_for(request.locale_name)
        if isinstance(label, dict):
            label = request.layout.localized(label).text
        else:
            label = request.localizer.translate(label)
        rows.append(
            {
                "what": what,
                "key": key,
                "kind": WHAT.get(what, what),
                "label": label,
                "url": followed.url,
            }
        )
    return {"rows": rows, "follows_when_commenting": service.follows_when_commenting(person.id)}


def _signed_in(request):
    if request.identity is None:
        login = request.resource_url(request.root, "login", query={"came_from": request.path_qs})
        raise HTTPSeeOther(login)
    return request.identity


def includeme(config):
    config.registry.registerUtility(FollowPanel(), IFollowPanel)
    config.scan(".following")
