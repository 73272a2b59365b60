"""The process-local cache of rendered comment HTML.

Two things are rendered once and kept here (`RenderCache`, on the registry):
the part of a comment everyone but its author and the moderators sees alike
(`entries.Entry.body`), and the empty comment form of each thread
(`comment_forms.empty_comment_form`). The cache is bounded by the characters
of HTML it holds and shared by the threads of one process."""

import threading

from cachetools import LRUCache

from ...settings import default_of, settings_of

# The cache's bound, in characters of HTML (`consult.render_cache_chars`).
CACHE_CHARS = default_of("consult.render_cache_chars")


class RenderCache:
    """A bounded LRU of rendered HTML, shared by the threads of one process."""

    def __init__(self, max_chars=CACHE_CHARS):
        self._lru = LRUCache(maxsize=max_chars, getsizeof=len) if max_chars > 0 else None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key, make):
        """The HTML cached under `key`, made by `make()` (and kept) if missing."""
        if self._lru is None:
            return make()
        with self._lock:
            html = self._lru.get(key)
            if html is not None:
                self.hits += 1
                return html
            self.misses += 1
        html = make()
        if len(html) <= self._lru.maxsize:
            with self._lock:
                self._lru[key] = html
        return html

    def __len__(self):
        return len(self._lru) if self._lru is not None else 0


def render_cache(registry):
    """The application's RenderCache (`consult.render_cache_chars`: its bound;
    0 turns caching off)."""
    cache = getattr(registry, "consult_render_cache", None)
    if cache is None:
        chars = settings_of(registry)["consult.render_cache_chars"]
        cache = registry.consult_render_cache = RenderCache(chars)
    return cache
