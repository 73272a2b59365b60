"""Importing a draft bill: choose its language, upload a file or paste the
text, check what was understood, then save it.

The preview carries the draft as plain text (re-serialised from what the
parser understood) in a hidden field, and "Save this draft" parses that text
again: what was previewed is exactly what is saved, and nothing is stored
before that. A file that cannot be read re-shows the form with the reason."""

import colander
from pyramid.view import view_config

from ...bodies import MiB
from ...forms import make_form, submitted, validate
from ...i18n import LANGUAGE_NAMES, LANGUAGES, _
from ..checks import heading_warnings
from ..interfaces import IConsultationService
from ..models import Consultation
from ..parsing import MAX_TEXT_MB, DraftParseError, parse_markdown, parse_text, parse_upload
from ..schemas import ImportDraftSchema, SaveDraftSchema
from ..serialize import serialize
from .common import FORM, TEMPLATES, button, done

MAX_UPLOAD_MB = 20
# The whole form (bodies.py): the file, or pasted text of up to MAX_TEXT_MB
# (two bytes a letter in Kazakh or Russian), with room for the other fields; the
# preview's "save" form carries the same text back. A new version's form has
# three languages but the same bound for all of them together.
DRAFT_FORM_BYTES = (MAX_UPLOAD_MB + 2 * MAX_TEXT_MB + 2) * MiB


class MemoryTmpStore(dict):
    """Where deform's FileUploadWidget keeps an upload while one request is
    processed. Nothing outlives the request: a refused form asks for the
    file again rather than keeping it on the server."""

    def preview_url(self, uid):
        return None


def _import_form(request):
    return make_form(
        request,
        ImportDraftSchema(),
        [button("preview", _("Preview"))],
        bind={"tmpstore": MemoryTmpStore()},
    )


def _save_form(request):
    return make_form(
        request, SaveDraftSchema(), [button("save", _("Save this draft"))], formid="save-draft"
    )


def _values(request, consultation):
    return {
        "title": _("Import the draft bill"),
        "back": (request.resource_url(consultation), _("Back to the consultation")),
        "intro": _(
            "Import one language at a time: articles are matched by their numbers, so "
            "the Kazakh, Russian and English texts of an article are kept together. "
            "You will see what was understood before anything is saved."
        ),
        "details": (),
        "error": None,
    }


def _parse(appstruct):
    """(parsed draft, name of the source) from the file if one was chosen,
    otherwise from the pasted text; DraftParseError if it cannot be read."""
    upload = appstruct["upload"]
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
        return parse_upload(upload["filename"], data), upload["filename"]
    text = appstruct["text"]
    if not text.strip():
        raise DraftParseError(_("Choose a file or paste the text of the draft."))
    parse = parse_markdown if appstruct["text_format"] == "markdown" else parse_text
    return parse(text), None


def _close_uploads(request):
    """Close the temporary files of uploads, read or not."""
    for value in request.POST.values():
        upload = getattr(value, "file", None)
        if upload is not None:
            upload.close()


def _preview(request, consultation, language, text, source=None, form=None, warnings=None):
    """The preview page of `text`, parsed exactly as saving will parse it,
    its paragraphs whole; `warnings` (checks.heading_warnings) are found in
    `text` unless given (from the file as written, before its headings were
    rewritten in `language`)."""
    parsed = parse_text(text)
    if warnings is None:
        warnings = heading_warnings(parsed, language)
    request.override_renderer = TEMPLATES + "preview.pt"
    if form is None:
        form = _save_form(request).render({"language": language, "text": text})
    draft = consultation.current_draft()
    return {
        "consultation": consultation,
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "source": source,
        "preamble": parsed.preamble,
        "sections": parsed.sections,
        "warnings": warnings,
        "article_count": parsed.article_count(),
        "paragraph_count": sum(len(a.paragraphs) for a in parsed.articles()),
        "replaces": draft is not None and draft.article_count() > 0,
        "form": form,
    }


@view_config(
    context=Consultation,
    name="import-draft",
    permission="edit",
    renderer=FORM,
    require_csrf=False,
    body_limit=DRAFT_FORM_BYTES,
)
def import_draft(request):
    consultation = request.context
    values = _values(request, consultation)
    if request.method == "POST":
        request.add_finished_callback(_close_uploads)
    if submitted(request, "save"):
        return _save(request, consultation, values)
    form = _import_form(request)
    if not submitted(request, "preview"):
        return dict(values, form=form.render())
    appstruct, rendered = validate(request, form)
    if appstruct is None:
        return dict(values, form=rendered)
    try:
        parsed, source = _parse(appstruct)
    except DraftParseError as error:
        # The pasted text stays; a file has to be chosen again.
        return dict(
            values, form=form.render(dict(appstruct, upload=colander.null)), error=error.message
        )
    language = appstruct["language"]
    return _preview(
        request,
        consultation,
        language,
        serialize(parsed, language),
        source,
        warnings=heading_warnings(parsed, language),
    )


def _save(request, consultation, values):
    appstruct, rendered = validate(request, _save_form(request))
    if appstruct is None:
        # Only the token can be wrong in a form of hidden fields: show the
        # same preview again, the form saying why, with a fresh token.
        language, text = request.POST.get("language"), request.POST.get("text", "")
        if language in LANGUAGES and text:
            try:
                return _preview(request, consultation, language, text, form=rendered)
            except DraftParseError:
                pass
        return dict(
            values,
            form=_import_form(request).render(),
            error=_("The draft could not be saved. Please import it again."),
        )
    language = appstruct["language"]
    try:
        parsed = parse_text(appstruct["text"])
    except DraftParseError as error:
        form = _import_form(request).render({"language": language, "text": appstruct["text"]})
        return dict(values, form=form, error=error.message)
    request.find_service(IConsultationService).import_draft(consultation, language, parsed)
    return done(
        request,
        _(
            "The draft text is saved (${language}): ${count} articles.",
            mapping={"language": LANGUAGE_NAMES[language], "count": parsed.article_count()},
        ),
        request.resource_url(consultation, "draft", ""),
    )
