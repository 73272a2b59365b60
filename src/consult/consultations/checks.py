"""What an editor is warned about before publishing, moving a stage's dates
or saving an imported draft: mistakes that are allowed (a ministry may
publish in one language first) but that readers would see at once. The
publishing and dates forms show the warnings and ask for an explicit
confirmation (ConsultationWarnings); the import's preview shows its warnings
before "Save this draft". Nothing here refuses.

Messages name the parts of the consultation in the editor's language: the
localizer does not translate the values of a message's mapping, so the parts
are translated by `translate` before they are joined."""

from ..i18n import LANGUAGE_NAMES, _
from ..i18n.detection import detect_language

# Languages every consultation is expected in: the state language and the
# language of interethnic communication (English is optional).
REQUIRED_LANGUAGES = ("kk", "ru")
MISSING_TEXT = {
    "kk": _("There is no Kazakh text for: ${parts}."),
    "ru": _("There is no Russian text for: ${parts}."),
}
# Listing every article of a 300-article draft helps nobody.
MAX_ARTICLES_NAMED = 10


def _has(texts, language):
    return bool((texts or {}).get(language, "").strip())


def _draft_parts(draft, language):
    if draft is None or not draft.article_count():
        return []
    missing = [
        article.number
        for article in draft.articles()
        if not any(_has(p.text, language) for p in article.paragraphs)
    ]
    if not missing:
        return []
    if len(missing) == draft.article_count():
        return [_("the draft bill")]
    named = ", ".join(missing[:MAX_ARTICLES_NAMED])
    if len(missing) > MAX_ARTICLES_NAMED:
        named += ", …"
    return [_("articles ${numbers} of the draft bill", mapping={"numbers": named})]


def missing_parts(consultation, language):
    """What readers of `language` would not find in their language: the
    title, the summary, each stage document, each question, the draft."""
    parts = []
    if not _has(consultation.title, language):
        parts.append(_("the title"))
    if not _has(consultation.summary, language):
        parts.append(_("the summary"))
    for kind in ("green", "white"):
        for document in consultation.stages[kind].documents:
            if not (_has(document.title, language) and _has(document.body, language)):
                title = next((t for t in document.title.values() if t.strip()), "")
                parts.append(_("the document “${title}”", mapping={"title": title}))
    for number, question in enumerate(consultation.stages["green"].questions, start=1):
        if not _has(question.text, language):
            parts.append(_("question ${number}", mapping={"number": number}))
    return parts + _draft_parts(consultation.current_draft(), language)


def _empty_stages(consultation):
    """The scheduled stages that would open with nothing to read."""
    green, white = consultation.stages["green"], consultation.stages["white"]
    warnings = []
    if green.opens_at is not None and not (green.documents or green.questions):
        warnings.append(
            _("The Green Paper stage has its dates but no document and no question to the public.")
        )
    draft = consultation.current_draft()
    has_draft = draft is not None and draft.article_count() > 0
    if white.opens_at is not None and not (white.documents or has_draft):
        warnings.append(_("The White Paper stage has its dates but no document and no draft bill."))
    return warnings


def publication_warnings(consultation, translate):
    """What to confirm before publishing `consultation`: the languages it
    lacks (Kazakh, Russian) and the stages that have nothing to read.
    `translate` turns a part's name into the editor's language."""
    warnings = []
    for language in REQUIRED_LANGUAGES:
        parts = missing_parts(consultation, language)
        if parts:
            joined = ", ".join(translate(part) for part in parts)
            warnings.append(MISSING_TEXT[language] % {"parts": joined})
    return warnings + _empty_stages(consultation)


CLOSES_EARLY = {
    "green": _(
        "The Green Paper stage is open for comments; its new closing time is in the past, "
        "so it closes at once."
    ),
    "white": _(
        "The White Paper stage is open for comments; its new closing time is in the past, "
        "so it closes at once."
    ),
    "outcome": _(
        "The outcome stage is open; its new closing time is in the past, so it closes at once."
    ),
}


def schedule_warnings(consultation, times, now):
    """What to confirm before giving the stages `times` ({kind: (opens_at,
    closes_at)}): a published consultation's open stage whose closing time
    moves into the past (its comment form disappears at once)."""
    if consultation.published_at is None:
        return []
    warnings = []
    for kind, (_opens_at, closes_at) in times.items():
        stage = consultation.stages[kind]
        if stage.is_open(now) and closes_at is not None and closes_at <= now:
            warnings.append(CLOSES_EARLY[kind])
    return warnings


def heading_warnings(parsed, language):
    """The articles of `parsed` (a ParsedDraft imported as `language`) whose
    heading is in another language: its word for "article" ("Статья 2" in a
    Kazakh text) or its title ("Статья 2. Scope" in a Russian one), which
    would be saved as that language's text all the same."""
    warnings = []
    for article in parsed.articles():
        found = article.keyword_language
        if not found or found == language:
            found = detect_language(article.heading, default=language)
        if found != language:
            warnings.append(
                _(
                    "Article ${number}: the heading “${heading}” seems to be in another "
                    "language (${found}) than the text (${language}).",
                    mapping={
                        "number": article.number,
                        "heading": article.line or article.heading,
                        "found": LANGUAGE_NAMES[found],
                        "language": LANGUAGE_NAMES[language],
                    },
                )
            )
    return warnings
