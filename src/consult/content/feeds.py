"""The Atom feed of a folder's news in one language (RFC 4287), written by
feedgen: each public news item in that language, newest first, its
summary and its body as sanitised HTML."""

import uuid

from feedgen.feed import FeedGenerator

from .rendering import render_markdown

FEED_ENTRIES = 20


def atom_feed(news, *, feed_id, title, language, author, self_url, page_url, updated, url_of):
    """The feed's bytes. `news` newest first; `url_of(item)` its address;
    `updated` when the feed last changed if it has no entries."""
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(title)
    feed.language(language)
    feed.author(name=author)
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html", hreflang=language)
    entries = news[:FEED_ENTRIES]
    feed.updated(max([_updated(item) for item in entries], default=updated))
    for item in entries:
        entry = feed.add_entry(order="append")
        entry.id(uuid.UUID(hex=item.uid).urn)
        entry.title(item.title)
        entry.link(href=url_of(item), rel="alternate", type="text/html", hreflang=language)
        entry.published(item.shown_date)
        entry.updated(_updated(item))
        if item.summary:
            entry.summary(item.summary)
        entry.content(render_markdown(item.body), type="html")
    return feed.atom_str(pretty=True)


def _updated(item):
    return max(item.modified, item.shown_date)
