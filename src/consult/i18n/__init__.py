"""Interface languages: Kazakh, Russian and English, negotiated per request."""

from pyramid.i18n import TranslationStringFactory

_ = TranslationStringFactory("consult")

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def includeme(config):
    # negotiation imports LANGUAGES from this module.
    from .negotiation import negotiate_locale

    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("consult:i18n/locale", "colander:locale", "deform:locale")
    config.scan(".views")
