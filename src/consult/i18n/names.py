"""What a language is called, for any language a comment may be written in."""

from babel import Locale, UnknownLocaleError

from . import LANGUAGE_NAMES


def language_name(code):
    """The language's own name ("Deutsch", "中文", "Français"), as the
    interface names its three (LANGUAGE_NAMES); the code itself if Babel
    does not know it."""
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]
    try:
        name = Locale.parse(code).get_display_name(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


def is_language_code(code):
    """Whether `code` names a language (kk, "de", "zh"...), for filters
    whose values come from the address bar."""
    if code in LANGUAGE_NAMES:
        return True
    if not (isinstance(code, str) and 2 <= len(code) <= 3 and code.isascii() and code.isalpha()):
        return False
    return code.islower() and language_name(code) != code
