"""The public pages: a consultation, its Green and White Papers, the draft
bill and one article with its comments."""

from pyramid.encode import urlencode
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.traversal import quote_path_segment
from pyramid.view import view_config

from ...i18n import _
from ..citing import paragraph_label
from ..interfaces import IExplainers
from ..models import Article, Consultation, Draft, Drafts, Stage
from ..schemas import DOCUMENT_KIND_LABELS
from ..versions import previous_version
from .common import (
    STAGE_NAMES,
    STAGE_PURPOSES,
    STATE_LABELS,
    TEMPLATES,
    article_totals,
    now,
    render_thread,
    stage_status,
)
from .versions import archived_thread, language_diffs


@view_config(context=Consultation, permission="view", renderer=TEMPLATES + "consultation.pt")
def consultation_page(request):
    consultation = request.context
    when = now(request)
    state = consultation.state(when)
    stages = [
        {
            "name": STAGE_NAMES[kind],
            "purpose": STAGE_PURPOSES[kind],
            "status": stage_status(request, consultation.stages[kind], when),
            "open": consultation.stages[kind].is_open(when),
            "url": request.resource_url(consultation.stages[kind]),
        }
        for kind in ("green", "white")
    ]
    draft = consultation.current_draft()
    explainers = request.registry.queryUtility(IExplainers)
    tag_names = request.root["consultations"].tag_names
    return {
        "explainers": explainers(request, consultation) if explainers is not None else [],
        "consultation": consultation,
        "tags": [tag_names.label(tag, request.layout.language) for tag in consultation.tags],
        "state": state,
        "state_label": STATE_LABELS[state],
        "stages": stages,
        "draft": draft,
        "outcome_published": consultation.outcome_published_at is not None,
        "may_publish_outcome": state in ("closed", "outcome"),
        "organisation": _organisation(request, consultation),
    }


def _organisation(request, consultation):
    """The organisation whose page its ministry's name links to, or None."""
    if consultation.organisation is None:
        return None
    return request.root["organisations"].get(consultation.organisation)


@view_config(context=Stage, permission="view", renderer=TEMPLATES + "stage.pt")
def stage_page(request):
    stage = request.context
    consultation = stage.__parent__
    if stage.kind == "outcome":
        return HTTPSeeOther(request.resource_url(consultation, anchor="outcome"))
    when = now(request)
    questions = [
        {
            "question": question,
            "number": number,
            "thread": render_thread(
                request,
                consultation,
                question.target,
                title=_("Answers to question ${number}", mapping={"number": number}),
            ),
        }
        for number, question in enumerate(stage.questions, start=1)
    ]
    return {
        "consultation": consultation,
        "stage": stage,
        "name": STAGE_NAMES[stage.kind],
        "purpose": STAGE_PURPOSES[stage.kind],
        "status": stage_status(request, stage, when),
        "kind_labels": DOCUMENT_KIND_LABELS,
        "questions": questions,
        "draft": consultation.current_draft() if stage.kind == "white" else None,
    }


def child_url(parent_url, child):
    """The URL of `child` (a resource named in its parent), from its
    parent's URL: what `request.resource_url(child)` makes, without walking
    the lineage again for each of the many articles of a page."""
    return f"{parent_url}{quote_path_segment(child.__name__)}/"


class ArticleView:
    """An article as the draft page and the article page show it
    (`draft_url`: the URL of the article's draft, if the caller has it)."""

    def __init__(self, request, consultation, article, draft_url=None):
        layout = request.layout
        self.article = article
        self.url = (
            request.resource_url(article) if draft_url is None else child_url(draft_url, article)
        )
        self.heading = layout.localized(article.heading)
        self.paragraphs = [
            (paragraph, layout.localized(paragraph.text)) for paragraph in article.paragraphs
        ]
        self.count, self.balance = article_totals(consultation, article)
        # One note for the article, about the first text not in the reader's language.
        shown = [self.heading] + [loc for _p, loc in self.paragraphs]
        self.fallback = next((loc for loc in shown if loc.fallback), None)

    def paragraph_anchor(self, paragraph):
        return f"{self.article.anchor}-p{paragraph.number}"

    def paragraph_url(self, paragraph):
        """The article page showing the comments on `paragraph`."""
        query = urlencode({"paragraph": paragraph.uid}, doseq=True)
        return f"{self.url}?{query}#paragraph-comments"


def _consultation_of(draft):
    return draft.__parent__.__parent__


@view_config(context=Draft, permission="view", renderer=TEMPLATES + "draft.pt")
def draft_page(request):
    draft = request.context
    consultation = _consultation_of(draft)
    layout = request.layout
    draft_url = request.resource_url(draft)
    sections = [
        {
            "section": section,
            "heading": layout.localized(section.heading),
            "articles": [
                ArticleView(request, consultation, article, draft_url)
                for article in section.articles
            ],
        }
        for section in draft.sections
    ]
    white = consultation.stages["white"]
    return {
        "consultation": consultation,
        "draft": draft,
        "title": layout.localized(draft.title or consultation.title),
        "preamble": layout.localized(draft.preamble),
        "sections": sections,
        "numbered": any(s["section"].number is not None for s in sections),
        "open": white.is_open(now(request)),
        "status": stage_status(request, white, now(request)),
        "latest": draft is consultation.current_draft(),
        "current": consultation.current_draft(),
        "versions": consultation.drafts.in_order(),
    }


@view_config(context=Drafts, permission="view")
def drafts_folder(request):
    """The versions' folder leads to the current draft."""
    return HTTPSeeOther(request.resource_url(request.context.__parent__, "draft", ""))


@view_config(context=Article, permission="view", renderer=TEMPLATES + "article.pt")
def article_page(request):
    article = request.context
    draft = article.__parent__
    consultation = _consultation_of(draft)
    current = consultation.current_draft()
    latest = draft is current
    articles = list(draft.articles())
    position = articles.index(article)
    draft_url = request.resource_url(draft)
    view = ArticleView(request, consultation, article, draft_url)
    comments = consultation.comments
    selected = next(
        (p for p in article.paragraphs if p.uid == request.params.get("paragraph")), None
    )
    # In an older version, the article may still be in the current one
    # (comments are read and written there) or have been removed (its
    # comments stay readable here, closed).
    current_article = article if latest else current.article_by_uid(article.uid)
    removed_notice = None
    if current_article is None:
        removed_notice = _(
            "This article is not in the current version of the draft, so it takes no more comments."
        )
    paragraph_thread = None
    if selected is not None:
        target = article.paragraph_target(selected)
        title = _(
            "Comments on paragraph ${paragraph} of article ${number}",
            mapping={"paragraph": paragraph_label(selected), "number": article.number},
        )
        kind, _found = current.find_target(target)
        if kind is not None:
            paragraph_thread = render_thread(request, consultation, target, title=title)
        else:
            paragraph_thread = archived_thread(
                request,
                consultation,
                target,
                title,
                removed_notice
                or _(
                    "This paragraph is not in the current version of the "
                    "draft, so it takes no more comments."
                ),
            )
    thread = None
    title = _("Comments on article ${number}", mapping={"number": article.number})
    if latest:
        thread = render_thread(request, consultation, article.target, title=title)
    elif current_article is None:
        thread = archived_thread(request, consultation, article.target, title, removed_notice)
    earlier = previous_version(consultation, draft)
    earlier_article = earlier.article_by_uid(article.uid) if earlier is not None else None
    return {
        "consultation": consultation,
        "draft": draft,
        "draft_url": draft_url,
        "view": view,
        "article_url": lambda other: child_url(draft_url, other),
        "previous_article": articles[position - 1] if position > 0 else None,
        "next_article": articles[position + 1] if position + 1 < len(articles) else None,
        "paragraph_counts": {
            p.uid: comments.count(article.paragraph_target(p)) for p in article.paragraphs
        },
        "paragraph_labels": {p.uid: paragraph_label(p) for p in article.paragraphs},
        "selected": selected,
        "paragraph_thread": paragraph_thread,
        "thread": thread,
        # Versions.
        "current": current,
        "current_article": current_article,
        "current_url": (
            view.url
            if current_article is article
            else request.resource_url(current_article)
            if current_article is not None
            else request.resource_url(current)
        ),
        "earlier": earlier,
        "earlier_article": earlier_article,
        "diffs": (
            language_diffs(request, earlier_article, article)
            if earlier_article is not None
            else None
        ),
    }
