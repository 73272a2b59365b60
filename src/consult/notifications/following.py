"""Following: the buttons on a consultation's and an article's page, the
follow and unfollow forms they post, and the page of what a person
follows. A thread is followed by commenting in it (unless the person
turned that off) and left from that page."""

from html import escape

from pyramid.httpexceptions import HTTPBadRequest, HTTPSeeOther
from pyramid.renderers import render
from pyramid.view import view_config
from zope.interface import implementer

from ..consultations.models import Article, Consultation
from ..i18n import _
from ..layout import IFollowPanel, flash
from ..resources.models import Root
from .interfaces import INotificationService
from .things import article_thing, consultation_thing, ministry_thing, tag_thing

SIGN_IN = _("Sign in to follow this and hear of what changes")
WHAT = {
    "consultation": _("A consultation"),
    "article": _("An article"),
    "thread": _("A discussion"),
    "ministry": _("A ministry"),
    "tag": _("A topic"),
}


def _consultation_of(resource):
    while resource is not None and not isinstance(resource, Consultation):
        resource = getattr(resource, "__parent__", None)
    return resource


def followable(request, what, slug, item=""):
    """(thing, label, url) of what a follow form names, or None when it
    names nothing that exists."""
    consultation = request.root["consultations"].get(slug or "")
    if not isinstance(consultation, Consultation) or consultation.published_at is None:
        return None
    title = request.layout.localized(consultation.title).text
    url = request.resource_url(consultation)
    if what == "consultation":
        return consultation_thing(consultation), {**consultation.title}, url
    if what == "ministry":
        thing = ministry_thing(consultation)
        return (thing, dict(consultation.ministry), url) if thing else None
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


@implementer(IFollowPanel)
class FollowPanel:
    def html(self, request, context):
        if isinstance(context, Article):
            consultation = _consultation_of(context)
            items = [("article", context.uid, _("Follow this article"))]
        elif isinstance(context, Consultation):
            consultation = context
            items = [("consultation", "", _("Follow this consultation"))]
            if ministry_thing(consultation) is not None:
                items.append(("ministry", "", _("Follow the consultations of this ministry")))
            items += [("tag", tag, None) for tag in consultation.tags]
        else:
            return ""
        if consultation is None or consultation.published_at is None:
            return ""
        person = request.identity
        if person is None:
            # Every visitor's article page shows it: a line of HTML, no template.
            login = request.resource_url(
                request.root, "login", query={"came_from": request.path_qs}
            )
            text = request.localizer.translate(SIGN_IN)
            return f'<p class="follow"><a href="{escape(login)}">{escape(text)}</a></p>'

        service = request.find_service(INotificationService)
        buttons = []
        for what, item, text in items:
            found = followable(request, what, consultation.__name__, item)
            if found is None:
                continue
            if text is None:
                text = _("Follow the topic “${tag}”", mapping={"tag": found[1].mapping["tag"]})
            following = person is not None and service.follows(person.id, found[0])
            buttons.append(
                {
                    "what": what,
                    "item": item,
                    "text": text,
                    "following": following,
                    "key": found[0][1],
                }
            )
        return render(
            "consult:templates/notifications/panel.pt",
            {"buttons": buttons, "slug": consultation.__name__},
            request=request,
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
