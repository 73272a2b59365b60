"""The stored versions of a draft: which articles changed from one version
to the next (matched by `uid`, which `matching` carries over when a version is
built), an article's history, and where a comment's target is found."""

from dataclasses import dataclass, field


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


# -- an article's history, and where a comment's target is -------------------------


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
