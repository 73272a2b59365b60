"""Interface languages: Kazakh, Russian and English, negotiated per request."""

from pyramid.events import ApplicationCreated
from pyramid.i18n import TranslationString, TranslationStringFactory, make_localizer
from pyramid.interfaces import ILocalizer, ITranslationDirectories

_ = TranslationStringFactory("consult")

LANGUAGES = ("kk", "ru", "en")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def localizer_for(registry, language):
    """The localizer of `language` (one of LANGUAGES), whatever the language
    of the request at hand: mail is written in its recipient's language.
    Cached in the registry where pyramid.i18n keeps the requests' own, so a
    page and a mail in one language share one."""
    localizer = registry.queryUtility(ILocalizer, name=language)
    if localizer is None:
        directories = registry.queryUtility(ITranslationDirectories, default=[])
        localizer = make_localizer(language, directories)
        registry.registerUtility(localizer, ILocalizer, name=language)
    return localizer


def translate_deep(localizer, message):
    """`message` translated, and its mapping's translatable values with it
    (a label such as a decision's name inside a sentence): the localizer
    translates only the message itself."""
    mapping = getattr(message, "mapping", None)
    if mapping and any(isinstance(value, TranslationString) for value in mapping.values()):
        message = TranslationString(
            str.__str__(message),  # the msgid: given the object, its mapping would win
            domain=message.domain,
            default=message.default,
            mapping={
                key: translate_deep(localizer, value)
                if isinstance(value, TranslationString)
                else value
                for key, value in mapping.items()
            },
            context=message.context,
        )
    return localizer.translate(message)


def includeme(config):
    # negotiation imports LANGUAGES from this module.
    from .negotiation import negotiate_locale

    config.set_locale_negotiator(negotiate_locale)
    config.add_translation_dirs("consult:i18n/locale", "colander:locale", "deform:locale")
    config.scan(".views")
    config.include(".template_translations")
    # Every comment's language is detected: the model is loaded as the
    # application is made rather than by the first comment.
    config.add_subscriber(".detection.load_models", ApplicationCreated)
