"""Versions of the draft bill: publishing a new version (upload or paste the
text per language, check the proposed matching of its articles to the
previous version's, then save), the "what changed" page of a version, and
the pieces the article page uses to show a diff and older comments.

As with the import, the preview carries the texts (re-serialised from what
was understood) in hidden fields, and saving parses them again: what was
previewed is what is stored."""

import colander
import deform
from pyramid.view import view_config

from ...forms import CSRFSchema, make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _
from ..checks import heading_warnings
from ..diffs import article_diff
from ..events import DraftVersionPublished
from ..interfaces import ConsultationError, IConsultationService
from ..models import Consultation, Draft
from ..parsing import DraftParseError, parse_markdown, parse_text, parse_upload
from ..schemas import FIELDSET
from ..serialize import serialize
from ..versions import compare, previous_version
from .common import FORM, TEMPLATES, button, done
from .importing import DRAFT_FORM_BYTES, MAX_UPLOAD_MB, MemoryTmpStore, _close_uploads


@colander.deferred
def _upload_widget(node, kw):
    return deform.widget.FileUploadWidget(kw["tmpstore"], accept=".txt,.md,.docx")


def _language_fieldset(language):
    return colander.SchemaNode(
        colander.Mapping(),
        colander.SchemaNode(
            deform.FileData(),
            name=f"upload_{language}",
            title=_("File"),
            missing=None,
            widget=_upload_widget,
            description=_("A .txt, .md (Markdown) or .docx (Word) file."),
        ),
        colander.SchemaNode(
            colander.String(),
            name=f"text_{language}",
            title=_("Or paste the text"),
            missing="",
            widget=deform.widget.TextAreaWidget(rows=10, attributes={"lang": language}),
        ),
        colander.SchemaNode(
            colander.String(),
            name=f"summary_{language}",
            title=_("Summary of the changes (optional)"),
            missing="",
            widget=deform.widget.TextAreaWidget(rows=4, attributes={"lang": language}),
        ),
        name=language,
        title=LANGUAGE_NAMES[language],
        widget=deform.widget.MappingWidget(template=FIELDSET, legend_lang=language),
    )


class PublishVersionSchema(CSRFSchema):
    text_format = colander.SchemaNode(
        colander.String(),
        title=_("Format of the pasted texts"),
        missing="text",
        validator=colander.OneOf(("text", "markdown")),
        widget=deform.widget.SelectWidget(
            values=[("text", _("Plain text")), ("markdown", _("Markdown"))]
        ),
    )


def _publish_schema():
    schema = PublishVersionSchema()
    for language in LANGUAGES:
        schema.add(_language_fieldset(language))
    return schema


def _save_schema():
    schema = CSRFSchema()
    for language in LANGUAGES:
        for name in ("text", "summary"):
            schema.add(
                colander.SchemaNode(
                    colander.String(),
                    name=f"{name}_{language}",
                    missing="",
                    widget=deform.widget.HiddenWidget(),
                )
            )
    return schema


def _publish_form(request):
    return make_form(
        request,
        _publish_schema(),
        [button("preview", _("Preview"))],
        bind={"tmpstore": MemoryTmpStore()},
    )


def _save_form(request):
    return make_form(
        request, _save_schema(), [button("save", _("Publish this version"))], formid="save-version"
    )


def _values(request, consultation, next_version):
    return {
        "title": _("Publish a new version of the draft"),
        "back": (request.resource_url(consultation), _("Back to the consultation")),
        "intro": _(
            "Version ${version} will follow the current draft. Give its text in one "
            "or more languages; articles are matched to the previous version's by "
            "their number and text, so that each keeps its comments even when "
            "renumbered. You will see the proposed matching before anything is "
            "saved. Another language can be added to the new version later with "
            '"Import the draft bill".',
            mapping={"version": next_version},
        ),
        "details": (),
        "error": None,
    }


def _parse_language(appstruct, language, text_format):
    """The parsed draft of one language's fieldset, or None if it is empty."""
    fields = appstruct[language]
    upload = fields[f"upload_{language}"]
    if upload:
        limit = MAX_UPLOAD_MB * 1024 * 1024
        data = upload["fp"].read(limit + 1)
        if len(data) > limit:
            raise DraftParseError(
                _(
                    "The file is too large: the limit is ${limit} MB.",
                    mapping={"limit": MAX_UPLOAD_MB},
                )
            )
        return parse_upload(upload["filename"], data)
    text = fields[f"text_{language}"]
    if not text.strip():
        return None
    return (parse_markdown if text_format == "markdown" else parse_text)(text)


def _without_uploads(appstruct):
    return dict(
        appstruct,
        **{
            language: dict(appstruct[language], **{f"upload_{language}": colander.null})
            for language in LANGUAGES
        },
    )


@view_config(
    context=Consultation,
    name="publish-version",
    permission="edit",
    renderer=FORM,
    require_csrf=False,
    body_limit=DRAFT_FORM_BYTES,
)
def publish_version(request):
    consultation = request.context
    values = _values(request, consultation, consultation.drafts.next_version())
    if request.method == "POST":
        request.add_finished_callback(_close_uploads)
    if submitted(request, "save"):
        return _save(request, consultation, values)
    form = _publish_form(request)
    if not submitted(request, "preview"):
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    texts, summary = {}, {}
    for language in LANGUAGES:
        summary[language] = appstruct[language][f"summary_{language}"]
        try:
            parsed = _parse_language(appstruct, language, appstruct["text_format"])
        except DraftParseError as error:
            # Pasted texts stay; files have to be chosen again.
            message = request.localizer.translate(error.message)
            return dict(
                values,
                form=form.render(_without_uploads(appstruct)),
                error=f"{LANGUAGE_NAMES[language]}: {message}",
            )
        if parsed is not None:
            texts[language] = serialize(parsed, language)
    if not texts:
        return dict(
            values,
            form=form.render(_without_uploads(appstruct)),
            error=_("Choose a file or paste the text of the new version in at least one language."),
        )
    return _preview(request, consultation, texts, summary)


def _parsed(texts):
    return {language: parse_text(text) for language, text in texts.items() if text.strip()}


def _preview(request, consultation, texts, summary, form=None):
    service = request.find_service(IConsultationService)
    parsed = _parsed(texts)
    draft, matching = service.preview_version(consultation, parsed)
    request.override_renderer = TEMPLATES + "version_preview.pt"
    if form is None:
        appstruct = {}
        for language in LANGUAGES:
            appstruct[f"text_{language}"] = texts.get(language, "")
            appstruct[f"summary_{language}"] = summary.get(language, "")
        form = _save_form(request).render(appstruct)
    previous = consultation.current_draft()
    return {
        "consultation": consultation,
        "draft": draft,
        "previous": previous,
        "languages": [(language, LANGUAGE_NAMES[language]) for language in texts],
        "matching": matching,
        "warnings": [
            warning
            for language, parsed_text in parsed.items()
            for warning in heading_warnings(parsed_text, language)
        ],
        "summary": [
            (language, LANGUAGE_NAMES[language], summary[language].strip())
            for language in LANGUAGES
            if summary.get(language, "").strip()
        ],
        "form": form,
    }


def _save(request, consultation, values):
    appstruct, rendered = validate(request, _save_form(request))
    texts = {language: request.POST.get(f"text_{language}", "") for language in LANGUAGES}
    summary = {language: request.POST.get(f"summary_{language}", "") for language in LANGUAGES}
    texts = {language: text for language, text in texts.items() if text.strip()}
    if appstruct is None:
        # Only the token can be wrong in hidden fields: show the preview again.
        if texts:
            try:
                return _preview(request, consultation, texts, summary, form=rendered)
            except (DraftParseError, ConsultationError):
                pass
        return dict(
            values,
            form=_publish_form(request).render(),
            error=_("The new version could not be saved. Please give its text again."),
        )
    service = request.find_service(IConsultationService)
    try:
        draft, matching = service.publish_version(
            consultation, _parsed(texts), summary, request.identity
        )
    except (DraftParseError, ConsultationError) as error:
        request.tm.doom()
        return dict(values, form=_publish_form(request).render(), error=error.message)
    request.registry.notify(DraftVersionPublished(request, draft))
    return done(
        request,
        _(
            "Version ${version} of the draft is published: ${count} articles, "
            "${added} new, ${removed} removed.",
            mapping={
                "version": draft.version,
                "count": draft.article_count(),
                "added": len(matching.added),
                "removed": len(matching.removed),
            },
        ),
        request.resource_url(draft, "changes"),
    )


# -- reading ------------------------------------------------------------------------


def diff_labels(request):
    translate = request.localizer.translate
    return translate(_("inserted:")), translate(_("deleted:"))


def language_diffs(request, old, new):
    """[(language, language name, [DiffBlock])] of the languages that changed,
    the reader's language first."""
    inserted, deleted = diff_labels(request)
    reader = request.layout.language
    order = sorted(LANGUAGES, key=lambda language: language != reader)
    result = []
    for language in order:
        blocks = article_diff(old, new, language, inserted, deleted)
        if blocks:
            result.append((language, LANGUAGE_NAMES[language], blocks))
    return result


def _consultation_of(draft):
    return draft.__parent__.__parent__


@view_config(
    context=Draft, name="changes", permission="view", renderer=TEMPLATES + "version_changes.pt"
)
def changes_page(request):
    draft = request.context
    consultation = _consultation_of(draft)
    previous = previous_version(consultation, draft)
    comparison = compare(previous, draft) if previous is not None else None
    changed = []
    removed = []
    if comparison is not None:
        for old, new in comparison.changed:
            changed.append({"old": old, "new": new, "diffs": language_diffs(request, old, new)})
        comments = consultation.comments
        for article in comparison.removed:
            count = comments.count(article.target) + sum(
                comments.count(article.paragraph_target(p)) for p in article.paragraphs
            )
            removed.append(
                {"article": article, "count": count, "url": request.resource_url(article)}
            )
    current = consultation.current_draft()
    publisher = None
    if draft.published_by:
        principal = request.root["principals"].get(draft.published_by)
        publisher = getattr(principal, "public_name", None) if principal is not None else None
    return {
        "consultation": consultation,
        "draft": draft,
        "previous": previous,
        "current": current,
        "summary": request.layout.localized(draft.summary or {}),
        "publisher": publisher,
        "comparison": comparison,
        "changed": changed,
        "removed": removed,
        "article_view": lambda article: ArticleTitle(request, article),
    }


class ArticleTitle:
    """What the "article-title" macro needs of an article."""

    def __init__(self, request, article):
        self.article = article
        self.heading = request.layout.localized(article.heading)


# -- comments across versions ------------------------------------------------------


def archived_thread(request, consultation, target, title, notice):
    """A read-only thread of a part of the draft that the current version
    no longer has: the comments as a thread shows them, no form, no
    replies, and `notice` saying why."""
    return request.comment_thread(consultation, target, title, readonly_notice=notice)
