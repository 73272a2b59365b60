"""Versions of a draft: matching a new version's articles to the previous
version's (so that each keeps its `uid` when renumbered), comparing two
versions, and word-level diffs for readers.

Matching is greedy on similarity: every pair of articles (previous, new) is
scored by difflib's ratio on the normalised text of the languages both
versions have, with a small bonus for keeping the number; the best pairs above
a threshold are taken first. An article whose number stayed but whose text was
largely rewritten still matches, on a lower threshold. Paragraphs are matched
the same way inside each matched article.

Diffs are word-level: words, spaces and punctuation are mapped to single
characters and diffed by diff-match-patch, then mapped back. The HTML marks
insertions and deletions with <ins>/<del> and a visually hidden "inserted:" /
"deleted:" label, because colour and strike-through are not read aloud."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape

from diff_match_patch import diff_match_patch

from ..i18n import LANGUAGES
from .models import Draft

# Ratio above which an article (or paragraph) is taken as the same one.
MATCH_THRESHOLD = 0.5
# Ratio enough for an article that kept its number (rewritten in place).
SAME_NUMBER_THRESHOLD = 0.25
NUMBER_BONUS = 0.05
_SPACES = re.compile(r"\s+")
_LEADING_POINT = re.compile(
    r"^(?:\d{1,3}(?:[.-]\d{1,3})*[.)]|\(\d{1,3}\)|\(?[a-zа-яё]\))\s+", re.IGNORECASE
)
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


def normalise(text):
    """Text as matching compares it: casefolded, spaces collapsed, without
    the paragraph's own number ("2.", "а)") which renumbering changes."""
    text = _SPACES.sub(" ", (text or "").casefold()).strip()
    return _LEADING_POINT.sub("", text)


def _article_texts(article):
    """{language: normalised text} of an article (heading and paragraphs)."""
    texts = {}
    for language in LANGUAGES:
        parts = [article.heading.get(language, "")]
        parts += [p.text.get(language, "") for p in article.paragraphs]
        text = " ".join(normalise(part) for part in parts if part)
        if text:
            texts[language] = text
    return texts


def _paragraph_texts(paragraph):
    return {language: normalise(text) for language, text in paragraph.text.items() if text}


def similarity(old_texts, new_texts):
    """Mean ratio over the languages both texts have; 0 if they share none."""
    common = [language for language in LANGUAGES if language in old_texts and language in new_texts]
    if not common:
        return 0.0
    total = 0.0
    for language in common:
        matcher = SequenceMatcher(None, old_texts[language], new_texts[language], autojunk=False)
        if matcher.real_quick_ratio() < SAME_NUMBER_THRESHOLD:
            continue
        if matcher.quick_ratio() < SAME_NUMBER_THRESHOLD:
            continue
        total += matcher.ratio()
    return total / len(common)


def _greedy(old_items, new_items, texts, same_place):
    """[(old index, new index, ratio)] matched greedily, best first."""
    old_texts = [texts(item) for item in old_items]
    new_texts = [texts(item) for item in new_items]
    candidates = []
    for i, old in enumerate(old_texts):
        for j, new in enumerate(new_texts):
            ratio = similarity(old, new)
            place = same_place(old_items[i], new_items[j])
            if ratio >= MATCH_THRESHOLD or (place and ratio >= SAME_NUMBER_THRESHOLD):
                candidates.append((ratio + (NUMBER_BONUS if place else 0.0), i, j, ratio))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    taken_old, taken_new, pairs = set(), set(), []
    for _score, i, j, ratio in candidates:
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        pairs.append((i, j, ratio))
    return pairs


@dataclass
class Matching:
    """How a new version's articles follow from the previous version's."""

    pairs: list = field(default_factory=list)  # (old article, new article, ratio), new order
    added: list = field(default_factory=list)  # new articles
    removed: list = field(default_factory=list)  # old articles

    @property
    def renumbered(self):
        return [(old, new) for old, new, _ratio in self.pairs if old.number != new.number]


def match_paragraphs(old_article, new_article):
    """Give the new article's paragraphs the uids of the matching old ones."""
    pairs = _greedy(
        list(old_article.paragraphs),
        list(new_article.paragraphs),
        _paragraph_texts,
        lambda old, new: old.number == new.number,
    )
    for i, j, _ratio in pairs:
        new_article.paragraphs[j].uid = old_article.paragraphs[i].uid


def match_articles(previous, draft):
    """Give `draft`'s articles the uids of the matching articles of
    `previous` (and their paragraphs the uids of theirs); return the Matching."""
    old_articles = list(previous.articles()) if previous is not None else []
    new_articles = list(draft.articles())
    pairs = _greedy(
        old_articles, new_articles, _article_texts, lambda old, new: old.number == new.number
    )
    by_new = {}
    for i, j, ratio in pairs:
        old, new = old_articles[i], new_articles[j]
        new.uid = old.uid
        match_paragraphs(old, new)
        by_new[j] = (old, ratio)
    matched_old = {i for i, _j, _r in pairs}
    matching = Matching()
    for j, new in enumerate(new_articles):
        if j in by_new:
            old, ratio = by_new[j]
            matching.pairs.append((old, new, ratio))
        else:
            matching.added.append(new)
    matching.removed = [old for i, old in enumerate(old_articles) if i not in matched_old]
    return matching


def build_version(previous, version, created, parsed_by_language, title=None):
    """A new Draft `version` made of the parsed texts ({language: ParsedDraft}),
    its articles matched to `previous`'s. Nothing is stored: (draft, matching)."""
    draft = Draft(version, created)
    for language, parsed in parsed_by_language.items():
        draft.apply_parsed(language, parsed)
    if title is not None:
        draft.title = dict(title)
    elif previous is not None:
        draft.title = dict(previous.title)
    return draft, match_articles(previous, draft)


# -- comparing two stored versions ---------------------------------------------


def article_changed(old, new):
    if old.heading != new.heading or len(old.paragraphs) != len(new.paragraphs):
        return True
    return any(
        a.text != b.text or a.uid != b.uid
        for a, b in zip(old.paragraphs, new.paragraphs, strict=False)
    )


@dataclass
class Comparison:
    """What changed from `previous` to `draft` (articles matched by uid)."""

    previous: object
    draft: object
    added: list = field(default_factory=list)  # articles of draft
    removed: list = field(default_factory=list)  # articles of previous
    renumbered: list = field(default_factory=list)  # (old, new)
    changed: list = field(default_factory=list)  # (old, new)
    unchanged: int = 0


def compare(previous, draft):
    comparison = Comparison(previous, draft)
    old_by_uid = {a.uid: a for a in previous.articles()} if previous is not None else {}
    new_uids = set()
    for article in draft.articles():
        new_uids.add(article.uid)
        old = old_by_uid.get(article.uid)
        if old is None:
            comparison.added.append(article)
            continue
        if old.number != article.number:
            comparison.renumbered.append((old, article))
        if article_changed(old, article):
            comparison.changed.append((old, article))
        elif old.number == article.number:
            comparison.unchanged += 1
    comparison.removed = [a for uid, a in old_by_uid.items() if uid not in new_uids]
    if previous is not None:
        order = {a.uid: n for n, a in enumerate(previous.articles())}
        comparison.removed.sort(key=lambda a: order[a.uid])
    return comparison


# -- word-level diffs ---------------------------------------------------------------


def word_diff(old, new):
    """[(op, text)]: op -1 deleted, 0 kept, 1 inserted; whole words only."""
    vocabulary, codes = {}, []

    def encode(text):
        chars = []
        for token in _TOKENS.findall(text or ""):
            if token not in vocabulary:
                vocabulary[token] = (
                    chr(0xE000 + len(codes))
                    if len(codes) < 6400
                    else chr(0xF0000 + len(codes) - 6400)
                )
                codes.append(token)
            chars.append(vocabulary[token])
        return "".join(chars)

    a, b = encode(old), encode(new)
    engine = diff_match_patch()
    engine.Diff_Timeout = 2.0
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    decode = {char: token for token, char in vocabulary.items()}
    result = []
    for op, chars in diffs:
        text = "".join(decode[c] for c in chars)
        if result and result[-1][0] == op:
            result[-1] = (op, result[-1][1] + text)
        else:
            result.append((op, text))
    return result


def diff_html(old, new, inserted_label, deleted_label):
    """The diff of two texts as HTML (text escaped), with labels a screen
    reader announces before each insertion and deletion."""
    parts = []
    for op, text in word_diff(old, new):
        if op == 0:
            parts.append(escape(text))
        elif op == 1:
            parts.append(
                f'<ins><span class="visually-hidden">{escape(inserted_label)} </span>'
                f"{escape(text)}</ins>"
            )
        else:
            parts.append(
                f'<del><span class="visually-hidden">{escape(deleted_label)} </span>'
                f"{escape(text)}</del>"
            )
    return "".join(parts)


@dataclass
class DiffBlock:
    """One paragraph (or the heading) of an article's diff in one language."""

    kind: str  # "heading", "kept", "changed", "added", "removed"
    html: str


def article_diff(old, new, language, inserted_label, deleted_label):
    """[DiffBlock] of one language: the heading, then the paragraphs in the
    new order with removed ones where they stood; [] if nothing changed."""
    old_heading, new_heading = old.heading.get(language), new.heading.get(language)
    pairs = [(old_heading, new_heading, "heading")]
    pairs += [
        (old_text, new_text, None) for old_text, new_text in _paragraph_pairs(old, new, language)
    ]
    blocks = []
    for old_text, new_text, kind in pairs:
        old_text, new_text = old_text or "", new_text or ""
        if not old_text and not new_text:
            continue
        html = diff_html(old_text, new_text, inserted_label, deleted_label)
        blocks.append(DiffBlock(kind or _block_kind(old_text, new_text), html))
    if all(b.kind in ("kept", "heading") for b in blocks) and old_heading == new_heading:
        return []
    return blocks


def _block_kind(old_text, new_text):
    if old_text == new_text:
        return "kept"
    if not old_text:
        return "added"
    if not new_text:
        return "removed"
    return "changed"


def _paragraph_pairs(old, new, language):
    """(old text, new text) of every paragraph of `language`, in the new
    order, with each removed paragraph just before the first kept one that
    followed it (or at the end); "" where a side has no paragraph."""
    old_paragraphs = list(old.paragraphs)
    position = {p.uid: n for n, p in enumerate(old_paragraphs)}
    kept_uids = {p.uid for p in new.paragraphs}
    emitted = set()
    for paragraph in new.paragraphs:
        index = position.get(paragraph.uid)
        if index is None:
            yield "", paragraph.text.get(language)
            continue
        for earlier in range(index):
            if earlier not in emitted and old_paragraphs[earlier].uid not in kept_uids:
                emitted.add(earlier)
                yield old_paragraphs[earlier].text.get(language), ""
        emitted.add(index)
        yield old_paragraphs[index].text.get(language), paragraph.text.get(language)
    for index, paragraph in enumerate(old_paragraphs):
        if index not in emitted:
            yield paragraph.text.get(language), ""


# -- what other code uses ------------------------------------------------------------


def drafts_in_order(consultation):
    """The stored versions, oldest first."""
    return consultation.drafts.in_order()


def previous_version(consultation, draft):
    """The version before `draft`, or None."""
    earlier = [d for d in drafts_in_order(consultation) if d.version < draft.version]
    return earlier[-1] if earlier else None


def article_versions(consultation, uid):
    """[(version number, Article)] of every version that has the article, oldest first."""
    result = []
    for draft in drafts_in_order(consultation):
        article = draft.article_by_uid(uid)
        if article is not None:
            result.append((draft.version, article))
    return result


def version_that_took_in(consultation, uid, since_version):
    """(version, article): the first draft version after `since_version` in
    which the article with `uid` changed, i.e. the text that took in a
    comment made on `since_version`; None while no later version changed it."""
    earlier = None
    for draft in drafts_in_order(consultation):
        article = draft.article_by_uid(uid)
        if (
            draft.version > since_version
            and article is not None
            and (earlier is None or article_changed(earlier, article))
        ):
            return draft.version, article
        if draft.version >= since_version:
            earlier = article
    return None


def version_url(request, consultation, version, article):
    """The page of `article` (an Article or its uid) in draft `version`, or
    None if that version does not have it."""
    draft = consultation.drafts.get(str(version))
    if draft is None:
        return None
    if isinstance(article, str):
        article = draft.article_by_uid(article)
    elif article is not None and draft.get(article.number) is not article:
        article = draft.article_by_uid(article.uid)
    if article is None:
        return None
    return request.resource_url(draft, article.number, "")


def locate_target(consultation, target, version=None):
    """(draft, kind, found) for a comment target: in the current draft, else
    in `version` (the one the comment was made on), else in the latest
    version that has it. (None, None, None) if no version has it."""
    kind, _sep, rest = target.partition(":")
    if kind not in ("article", "paragraph"):
        return None, None, None
    drafts = drafts_in_order(consultation)[::-1]
    if version is not None:
        chosen = consultation.drafts.get(str(version))
        if chosen is not None:
            drafts = [drafts[0], chosen] + [d for d in drafts[1:] if d is not chosen]
    article_uid, _sep, paragraph_uid = rest.partition(":")
    for draft in drafts:
        article = draft.article_by_uid(article_uid)
        if article is None:
            continue
        if kind == "article":
            return draft, kind, article
        for paragraph in article.paragraphs:
            if paragraph.uid == paragraph_uid:
                return draft, kind, (article, paragraph)
    return None, None, None
