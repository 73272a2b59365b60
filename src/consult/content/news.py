"""Choosing news for readers: a folder's news items newest first (by the
date readers see, `shown_date`), in a language, and the latest on the whole
site for the home page."""

from .models import ContentFolder, NewsItem


def holds_news(folder):
    return any(isinstance(child, NewsItem) for child in folder.values())


def newest_first(items):
    return sorted(items, key=lambda item: (item.shown_date, item.uid), reverse=True)


def folder_news(folder, when, staff=False):
    """The folder's news items the reader may see (staff: all), newest first."""
    return newest_first(
        child
        for child in folder.values()
        if isinstance(child, NewsItem) and (staff or child.is_public(when))
    )


def one_per_translation(items, language):
    """Each item once: the one in `language` where its translation group has
    it here, else the first met; in the order of `items`."""
    chosen = {}
    for item in items:
        current = chosen.get(item.translation_group)
        if current is None or (item.language == language and current.language != language):
            chosen[item.translation_group] = item
    keep = {id(item) for item in chosen.values()}
    return [item for item in items if id(item) in keep]


def public_news_in(folders, when, language):
    """The public news items in `language` of `folders` (a folder and its
    translations: Kazakh news may be in the Kazakh folder or beside the
    Russian), newest first: a feed."""
    return newest_first(
        item
        for folder in folders
        for item in folder_news(folder, when)
        if item.language == language
    )


def latest_news(catalog, when, language, count):
    """The `count` newest public news items in `language` on the whole site."""
    found = (
        item
        for item in catalog.items.values()
        if isinstance(item, NewsItem)
        and item.language == language
        and isinstance(item.__parent__, ContentFolder)
        and item.is_public(when)
    )
    return newest_first(found)[:count]
