"""The render cache keeps what it made, up to its bound in characters,
dropping the least recently used first; a bound of 0 turns it off."""

from consult.feedback.display.render_cache import RenderCache


def maker(html, calls):
    def make():
        calls.append(html)
        return html

    return make


def test_a_key_is_made_once_then_served():
    cache, calls = RenderCache(1000), []
    assert cache.get("a", maker("<p>A</p>", calls)) == "<p>A</p>"
    assert cache.get("a", maker("<p>other</p>", calls)) == "<p>A</p>"
    assert calls == ["<p>A</p>"] and (cache.hits, cache.misses) == (1, 1)


def test_the_bound_drops_the_least_recently_used():
    cache, calls = RenderCache(20), []
    cache.get("a", maker("a" * 8, calls))
    cache.get("b", maker("b" * 8, calls))
    cache.get("a", maker("x", calls))  # a is now the most recently used
    cache.get("c", maker("c" * 8, calls))  # 24 characters: b must go
    assert cache.get("a", maker("x", calls)) == "a" * 8
    assert cache.get("b", maker("B", calls)) == "B"
    assert cache.get("c", maker("x", calls)) == "c" * 8
    assert calls == ["a" * 8, "b" * 8, "c" * 8, "B"]


def test_what_is_larger_than_the_bound_is_served_not_kept():
    cache, calls = RenderCache(10), []
    assert cache.get("big", maker("x" * 11, calls)) == "x" * 11
    assert cache.get("big", maker("y" * 11, calls)) == "y" * 11
    assert len(cache) == 0


def test_a_bound_of_zero_turns_caching_off():
    cache, calls = RenderCache(0), []
    cache.get("a", maker("1", calls))
    cache.get("a", maker("2", calls))
    assert calls == ["1", "2"]
