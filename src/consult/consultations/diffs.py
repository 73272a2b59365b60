"""Word-level diffs between two versions of an article, for readers.

Words, spaces and punctuation are mapped to single characters and diffed by
diff-match-patch, then mapped back. The HTML marks insertions and deletions
with <ins>/<del> and a visually hidden "inserted:" / "deleted:" label, because
colour and strike-through are not read aloud."""

import re
from dataclasses import dataclass
from html import escape

from diff_match_patch import diff_match_patch

_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


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
