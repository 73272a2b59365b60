"""Private deliberation threads."""

from pyramid.httpexceptions import HTTPNotFound, HTTPSeeOther
from pyramid.view import view_config

from ....forms import make_form, submitted, validate
from ....i18n import _
from ...views.common import TEMPLATES
from ..interfaces import WorkspaceError
from ..models import Thread, Threads
from ..schemas import PostSchema, ThreadSchema
from .common import (
    PERMISSION,
    POSTS_PER_PAGE,
    button,
    jury_of_request,
    page_values,
    post_row,
    public_name,
    refusal,
    service,
    workspace_url,
)


@view_config(
    context=Threads,
    renderer=TEMPLATES + "workspace_threads.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def threads(request):
    jury = jury_of_request(request)
    values = page_values(request, _("Deliberation threads"))
    form = make_form(
        request,
        ThreadSchema(),
        [button("start", _("Start the thread"))],
        action=request.resource_url(request.context),
        formid="new-thread",
    )
    rendered = None
    if submitted(request, "start"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            try:
                thread = service(request).start_thread(
                    jury,
                    request.identity,
                    appstruct["title"],
                    appstruct["text"],
                    request.layout.language,
                )
            except WorkspaceError as error:
                values["error"] = refusal(request, error)
                rendered = form.render(appstruct)
            else:
                return HTTPSeeOther(request.resource_url(thread))
    rows = []
    for thread in service(request).threads(jury):
        last = thread.posts[thread.posts.maxKey()] if len(thread.posts) else None
        rows.append(
            {
                "thread": thread,
                "url": request.resource_url(thread),
                "count": thread.post_count(),
                "author": public_name(request, thread.author),
                "last": request.layout.local_time(last.created) if last else "",
            }
        )
    return dict(
        values, rows=rows, form=rendered or (form.render() if values["can"]("discuss") else None)
    )


@view_config(
    context=Thread,
    renderer=TEMPLATES + "workspace_thread.pt",
    permission=PERMISSION,
    require_csrf=False,
)
def thread_page(request):
    thread = request.context
    jury = jury_of_request(request)
    values = page_values(request, thread.title)
    form = make_form(
        request,
        PostSchema(),
        [button("post", _("Post"))],
        action=request.resource_url(thread),
        formid="post",
    )
    rendered = None
    if submitted(request, "post"):
        appstruct, rendered = validate(request, form)
        if appstruct is not None:
            try:
                post = service(request).post(
                    jury, request.identity, thread, appstruct["text"], request.layout.language
                )
            except WorkspaceError as error:
                values["error"] = refusal(request, error)
                rendered = form.render(appstruct)
            else:
                page = (thread.post_count() - 1) // POSTS_PER_PAGE
                return HTTPSeeOther(
                    request.resource_url(
                        thread, query={"page": page} if page else None, anchor=f"post-{post.id}"
                    )
                )
    try:
        page = max(0, int(request.params.get("page", 0)))
    except ValueError:
        raise HTTPNotFound() from None
    keys = list(thread.posts.keys())
    shown = keys[page * POSTS_PER_PAGE : (page + 1) * POSTS_PER_PAGE]
    posts = [post_row(request, thread, thread.posts[key]) for key in shown]
    pages = {}
    if page > 0:
        pages["previous_url"] = request.resource_url(thread, query={"page": page - 1})
    if (page + 1) * POSTS_PER_PAGE < len(keys):
        pages["next_url"] = request.resource_url(thread, query={"page": page + 1})
    return dict(
        values,
        posts=posts,
        back_url=workspace_url(request, "threads"),
        form=rendered or (form.render() if values["can"]("discuss") else None),
        previous_url=pages.get("previous_url"),
        next_url=pages.get("next_url"),
    )
