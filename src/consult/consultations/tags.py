"""The names of topic tags in each language.

A consultation stores its tags as short keys ("juries"), which stay the same
whatever the reader's language, so that a tag means one thing in every
language. The names table on the consultations' container says how each key
reads in kk, ru and en; a key with no name in a language reads as itself."""

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..i18n import LANGUAGES


class TagNames(Persistent):
    """{tag: {language: name}}, one entry per tag that has names."""

    def __init__(self):
        self.names = OOBTree()

    def set(self, tag, names):
        """Name `tag` ({language: name}); blank names are left out, and a tag
        left with no name at all leaves the table."""
        cleaned = {
            language: text.strip()
            for language, text in names.items()
            if language in LANGUAGES and text and text.strip()
        }
        if cleaned:
            self.names[tag] = cleaned
        elif tag in self.names:
            del self.names[tag]

    def names_of(self, tag):
        """{language: name} of `tag` (a copy; empty when it has none)."""
        return dict(self.names.get(tag, {}))

    def label(self, tag, language):
        """How `tag` reads in `language`."""
        return self.names.get(tag, {}).get(language) or tag
