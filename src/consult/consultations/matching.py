"""Building a new version of a draft: its articles matched to the previous
version's, so that each keeps its `uid` (and the comments made on it) when
renumbered.

Matching is greedy on similarity: every pair of articles (previous, new) is
scored by difflib's ratio on the normalised text of the languages both
versions have, with a small bonus for keeping the number; the best pairs above
a threshold are taken first. An article whose number stayed but whose text was
largely rewritten still matches, on a lower threshold. Paragraphs are matched
the same way inside each matched article."""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

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
