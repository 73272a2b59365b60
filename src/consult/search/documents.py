"""Resources as SearchDocuments: one document per language version of a text.

This runs without a Pyramid request (a background indexer, `consult reindex`),
so URLs are paths built from the tree, with the same anchors the pages use:

- consultation: /consultations/<slug>/
- stage document: /consultations/<slug>/<stage>/#document-<uid>
- question: /consultations/<slug>/green/#question-<uid>
- article: /consultations/<slug>/drafts/<version>/<number>/#article-<number>
- comment: /consultations/<slug>/comments/<id>/ (the comment's own page); no
  title: what it is about (its question's text, "Article 3, paragraph 2") is
  its `context`, shown with it and never searched
- findings: /juries/<name>/findings (a jury's findings and the ministry's answers)
- page: /pages/<folder>/<name>/ (the web editors' content, `search.content`)

Labels ("Article 3", "Question 2 to the public") come from the interface's
message catalogs, read without a request. Only public names ever reach a document: a
comment's `author_name`, never an account's e-mail address."""

from functools import cache
from importlib.resources import files

from pyramid.i18n import make_localizer

from ..consultations.citing import paragraph_label
from ..feedback.comments import VISIBLE
from ..i18n import _
from .content import content_documents
from .interfaces import EVERYONE, SearchDocument

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "ru"
# Who may see an unpublished consultation (its __acl__), besides its local staff.
STAFF_PRINCIPALS = ("role:administrator", "role:editor", "role:moderator")
# The local roles its ACL lets view it unpublished (an expert waits for publication).
LOCAL_STAFF_ROLES = {"editor", "moderator"}

LOCALE_DIRECTORY = str(files("consult.i18n") / "locale")


@cache
def _localizer(language):
    return make_localizer(language, [LOCALE_DIRECTORY])


def _label(message, language):
    return _localizer(language).translate(message)


def _in(texts, language):
    """`texts[language]`, else the first other language present, else ""."""
    texts = texts or {}
    if texts.get(language):
        return texts[language]
    for other in (DEFAULT_LANGUAGE, *LANGUAGES, *sorted(texts)):
        if texts.get(other):
            return texts[other]
    return ""


def _languages(*texts):
    """The languages any of these {language: text} dicts has text in, kk/ru/en first."""
    present = {
        language
        for value in texts
        for language, text in (value or {}).items()
        if text and text.strip()
    }
    return [language for language in LANGUAGES if language in present] + sorted(
        present - set(LANGUAGES)
    )


def _join(*parts):
    return "\n\n".join(part for part in parts if part and part.strip())


def consultation_url(consultation):
    return f"/consultations/{consultation.slug}/"


def visible_to(consultation):
    """Everyone once published; before that, the staff its ACL lets view it:
    site-wide, and the local editors and moderators."""
    if consultation.published_at is not None:
        return (EVERYONE,)
    local = tuple(
        f"user:{userid}"
        for userid, roles in consultation.local_roles.items()
        if set(roles) & LOCAL_STAFF_ROLES
    )
    return STAFF_PRINCIPALS + local


def consultation_documents(consultation):
    """The consultation, its stage documents, Green-Paper questions and every
    article of every draft version, one SearchDocument per language."""
    slug = consultation.slug
    base = consultation_url(consultation)
    principals = visible_to(consultation)
    when = consultation.published_at or consultation.created
    common = dict(consultation=slug, visible_to=principals)
    documents = []

    for language in _languages(consultation.title, consultation.summary, consultation.ministry):
        documents.append(
            SearchDocument(
                id=f"consultation:{slug}:{language}",
                kind="consultation",
                language=language,
                title=_in(consultation.title, language),
                text=_join(
                    (consultation.summary or {}).get(language, ""),
                    (consultation.ministry or {}).get(language, ""),
                ),
                url=base,
                created=when,
                **common,
            )
        )

    for kind, stage in consultation.stages.items():
        for document in stage.documents:
            for language in _languages(document.title, document.body):
                documents.append(
                    SearchDocument(
                        id=f"document:{slug}:{kind}:{document.uid}:{language}",
                        kind="document",
                        language=language,
                        title=_in(document.title, language),
                        text=document.body.get(language, ""),
                        url=f"{base}{kind}/#document-{document.uid}",
                        stage=kind,
                        created=when,
                        **common,
                    )
                )

    green = consultation.stages["green"]
    for number, question in enumerate(green.questions, start=1):
        title = _("Question ${number} to the public", mapping={"number": number})
        for language in _languages(question.text):
            documents.append(
                SearchDocument(
                    id=f"question:{slug}:{question.uid}:{language}",
                    kind="question",
                    language=language,
                    title=_label(title, language),
                    text=question.text[language],
                    url=f"{base}green/#question-{question.uid}",
                    stage="green",
                    created=when,
                    **common,
                )
            )

    for name, draft in consultation.drafts.items():
        for article in draft.articles():
            documents.extend(_article_documents(consultation, name, draft, article, common))
    return documents


def _article_documents(consultation, version, draft, article, common):
    slug = consultation.slug
    paragraph_texts = [paragraph.text for paragraph in article.paragraphs]
    url = f"{consultation_url(consultation)}drafts/{version}/{article.number}/#{article.anchor}"
    for language in _languages(article.heading, *paragraph_texts):
        prefix = _label(_("Article ${number}", mapping={"number": article.number}), language) + "."
        heading = article.heading.get(language, "")
        yield SearchDocument(
            id=f"article:{slug}:{version}:{article.uid}:{language}",
            kind="article",
            language=language,
            title=f"{prefix} {heading}".strip(),
            text=_join(*(text.get(language, "") for text in paragraph_texts)),
            url=url,
            stage="white",
            article=article.number,
            created=getattr(draft, "created", None),
            **common,
        )


def _comment_consultation(comment):
    store = getattr(comment, "__parent__", None)
    return getattr(store, "__parent__", None)


def _comment_language(comment):
    """Any language detection gave it ("de", "zh"...), not only kk/ru/en."""
    return comment.language or DEFAULT_LANGUAGE


def _find_target(consultation, comment):
    """(kind, found) for the comment's target: in the current draft, else in
    the draft version the comment was written on."""
    kind, found = consultation.find_target(comment.target)
    if found is not None or kind == "question" or comment.draft_version is None:
        return kind, found
    draft = consultation.drafts.get(str(comment.draft_version))
    if draft is None:
        return kind, None
    target_kind, _, rest = comment.target.partition(":")
    article_uid, _, paragraph_uid = rest.partition(":")
    article = draft.article_by_uid(article_uid)
    if article is None:
        return kind, None
    if target_kind == "article":
        return kind, article
    for paragraph in article.paragraphs:
        if paragraph.uid == paragraph_uid:
            return kind, (article, paragraph)
    return kind, None


def comment_label(consultation, comment, language):
    """What the comment is about, in `language`: "Article 3", the question's text..."""
    kind, found = _find_target(consultation, comment)
    if found is None:
        return _label(_("Removed part of the draft"), language), ""
    if kind == "question":
        return _in(found.text, language), ""
    if kind == "article":
        label = _("Article ${number}", mapping={"number": found.number})
        return _label(label, language), found.number
    article, paragraph = found
    label = _(
        "Article ${number}, paragraph ${paragraph}",
        mapping={"number": article.number, "paragraph": paragraph_label(paragraph)},
    )
    return _label(label, language), article.number


def comment_document_id(slug, comment_id):
    return f"comment:{slug}:{comment_id}"


def document_ids_for_comment(comment):
    """The ids a comment is (or would be) indexed under."""
    consultation = _comment_consultation(comment)
    slug = consultation.slug if consultation is not None else ""
    return [comment_document_id(slug, comment.id)]


def comment_text(comment):
    """What a comment says as search finds it: its current text and the
    addenda under it (earlier versions are not searched: they are no longer
    what the comment says)."""
    return _join(comment.text or "", *(addendum.text for addendum in comment.addenda))


def comment_document(comment):
    """The comment as a SearchDocument, or None if it must not be searchable:
    withdrawn, hidden, awaiting pre-moderation, or detached from a consultation."""
    if comment.state != VISIBLE:
        return None
    consultation = _comment_consultation(comment)
    if consultation is None or comment.id is None:
        return None
    language = _comment_language(comment)
    place, article = comment_label(consultation, comment, language)
    stage = comment.stage or consultation.stage_for_target(comment.target).kind
    return SearchDocument(
        id=document_ids_for_comment(comment)[0],
        kind="comment",
        language=language,
        # Found by its own words only: the question or article it is about
        # is context (with the question's text as a title, every comment on
        # it matched the question's words and outranked the relevant ones).
        title="",
        text=comment_text(comment),
        context=place,
        url=f"{consultation_url(consultation)}comments/{comment.id}/",
        consultation=consultation.slug,
        stage=stage,
        article=article,
        stance=comment.stance or "",
        state=comment.state,
        created=comment.created,
        author=comment.author_name or "",
        visible_to=visible_to(consultation),
    )


def findings_document_ids(jury_name):
    return [f"findings:{jury_name}:{language}" for language in LANGUAGES]


def findings_documents(jury):
    """A jury's submitted findings, one document per language present (the
    summary, the recommendations and the ministry's answers written in it);
    public once submitted, nothing before."""
    findings = getattr(jury, "findings", None)
    if findings is None or jury.__name__ is None:
        return []
    parts: dict[str, list[str]] = {}

    def add(language, *texts):
        if language in LANGUAGES:
            parts.setdefault(language, []).extend(texts)

    add(findings.language, findings.summary)
    answers = {}
    workspace = getattr(jury, "workspace", None)
    if workspace is not None:
        for recommendation in workspace.recommendations.values():
            if recommendation.answer is not None:
                answers[recommendation.id] = recommendation.answer
    for row in findings.recommendations:
        add(row["language"], row["title"], row["text"], row["reasoning"], row["minority"])
        answer = answers.get(row["id"])
        if answer is not None:
            add(answer.language, answer.reason)
            for language, text in (answer.translation or {}).items():
                add(language, text)
    documents = []
    for language in LANGUAGES:
        if language not in parts:
            continue
        label = _label(_("Findings of the citizens' jury"), language)
        remit = _in(jury.remit, language)
        documents.append(
            SearchDocument(
                id=f"findings:{jury.__name__}:{language}",
                kind="findings",
                language=language,
                title=f"{label}: {remit}" if remit else label,
                text=_join(*parts[language]),
                url=f"/juries/{jury.__name__}/findings",
                consultation=jury.consultation,
                created=findings.submitted,
                visible_to=(EVERYONE,),
            )
        )
    return documents


def all_documents(root):
    """Every document of the site: each consultation's, then its comments,
    then the juries' findings, then the web editors' content."""
    for consultation in root["consultations"].values():
        yield from consultation_documents(consultation)
        for comment in consultation.comments.comments.values():
            document = comment_document(comment)
            if document is not None:
                yield document
    juries = root.get("juries") if hasattr(root, "get") else None
    for jury in juries.values() if juries is not None else ():
        yield from findings_documents(jury)
    yield from content_documents(root)
