"""Templates' translations, looked up once per language.

Chameleon asks for a translation each time a page meets `i18n:translate`
or a translation string: an article page asked about 35 times, each through
pyramid's localizer and gettext (benchmarks/README.md, "A cheaper dynamic
page, part two"). The texts are the templates' own and the messages the code
declares, a fixed set, so their translations are kept per language. A
template's text with values (`i18n:name`: "Comments: ${count}") keeps its
translated pattern, and each page puts its own values in, as the translator
would; a translation string that carries values is translated each time."""

from pyramid.threadlocal import get_current_request
from pyramid_chameleon.interfaces import IChameleonTranslate
from translationstring import TranslationString

# Far above the number of texts the templates and the code hold (a guard,
# should something unforeseen pass through with ever new texts).
MAX_KEPT = 20000


def _key(msgid, domain, context, default):
    """What identifies a translation without values, or None for one that
    must be made afresh."""
    kind = type(msgid)
    if kind is str:
        # Chameleon's static texts: the default is the text itself. Its
        # marker defaults (str subclasses it compares by identity) are left
        # to the translator.
        if default is not None and type(default) is not str:
            return None
        return (msgid, domain, context, default)
    if kind is TranslationString and not msgid.mapping and default is None:
        return (str(msgid), msgid.domain, msgid.context, msgid.default, domain, context)
    return None


def caching_translate(translate):
    """Chameleon's translate function `translate`, with its answers for
    texts without values kept per language."""
    kept = {}

    def cached(msgid, domain=None, mapping=None, context=None, target_language=None, default=None):
        key = None
        if target_language is None and (not mapping or type(msgid) is str):
            key = _key(msgid, domain, context, default)
        request = get_current_request() if key is not None else None
        if request is None:
            return translate(msgid, domain, mapping, context, target_language, default)
        key = (request.locale_name, key)
        found = kept.get(key)
        if found is None:
            # Without the values: the text, or the pattern they go into.
            found = translate(msgid, domain, None, context, None, default)
            if len(kept) < MAX_KEPT:
                kept[key] = found
        if mapping and "$" in found:
            return TranslationString(found, mapping=mapping).interpolate()
        return found

    cached.kept = kept
    return cached


def install(registry):
    translate = registry.queryUtility(IChameleonTranslate)
    if translate is not None:
        registry.registerUtility(caching_translate(translate), IChameleonTranslate)


def includeme(config):
    # After pyramid_chameleon registers its translator (an action of order 1000).
    config.action(None, callable=install, args=(config.registry,), order=1001)
