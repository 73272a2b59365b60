"""Finding a draft's article by its uid, the identity comments target.

A comment POST asks half a dozen times (its target, its label, its link,
the notices) and a draft has a hundred articles: walking them each time cost
7 % of the POST (benchmarks/README.md, "a cheaper dynamic page"). A volatile
map (`_v_`: never stored, gone when the draft is ghosted) is rebuilt after a
miss. A hit is checked, since matching.py hands uids between articles and
apply_parsed renumbers them."""


def article_by_uid(draft, uid):
    """The article of `draft` whose uid is `uid`, or None."""
    known = getattr(draft, "_v_article_by_uid", None)
    article = None if known is None else known.get(uid)
    if article is not None and article.uid == uid and draft.get(article.number) is article:
        return article
    known = {article.uid: article for article in draft.articles()}
    draft._v_article_by_uid = known
    return known.get(uid)
