"""Templates' translations kept per language (i18n.template_translations):
the same words as translating each time, in the reader's language, with the
values of each page."""

import pytest
from chameleon.zpt.template import PageTemplate
from pyramid import testing
from pyramid_chameleon.interfaces import IChameleonTranslate
from translationstring import TranslationString

from consult.i18n import _

TEMPLATE = (
    '<p xmlns:i18n="http://xml.zope.org/namespaces/i18n" i18n:domain="consult">'
    '<a i18n:translate="">Sign in to comment</a> '
    '<span i18n:translate="">Comments: <b i18n:name="count">${count}</b></span> '
    "${title}</p>"
)


@pytest.fixture
def config():
    config = testing.setUp()
    config.add_translation_dirs("consult:i18n/locale")
    config.include("pyramid_chameleon")
    config.include("consult.i18n.template_translations")
    config.commit()
    yield config
    testing.tearDown()


def render(config, language, **values):
    request = testing.DummyRequest()
    request.locale_name = language
    config.begin(request)
    translate = config.registry.getUtility(IChameleonTranslate)
    return PageTemplate(TEMPLATE, translate=translate)(**values), translate


def test_texts_are_translated_in_each_readers_language_with_each_pages_values(config):
    title = _("Answers to question ${number}", mapping={"number": 3})
    russian, translate = render(config, "ru", count=7, title=title)
    assert russian == (
        "<p><a>Войдите, чтобы оставить комментарий</a> "
        "<span>Комментарии: <b>7</b></span> Ответы на вопрос 3</p>"
    )
    again, _translate = render(
        config, "ru", count=12, title=_("Answers to question ${number}", mapping={"number": 4})
    )
    assert "Комментарии: <b>12</b>" in again and "Ответы на вопрос 4" in again
    kazakh, _translate = render(config, "kk", count=7, title=title)
    assert "Пікір қалдыру үшін кіріңіз" in kazakh
    english, _translate = render(config, "en", count=7, title=title)
    assert "<a>Sign in to comment</a>" in english and "Comments: <b>7</b>" in english
    # The texts were kept once per language, a text with values as its
    # translated pattern; the translation string with values was not.
    kept = translate.kept
    assert {key[0] for key in kept} == {"ru", "kk", "en"}
    assert kept[("ru", ("Comments: ${count}", "consult", None, "Comments: ${count}"))] == (
        "Комментарии: ${count}"
    )
    assert not any(key[0] == "Answers to question ${number}" for _language, key in kept)
    assert kept[("ru", ("Sign in to comment", "consult", None, "Sign in to comment"))] == (
        "Войдите, чтобы оставить комментарий"
    )


def test_a_translation_string_without_values_is_kept_and_one_with_values_is_not(config):
    _page, translate = render(config, "ru", count=1, title=_("Comments"))
    _page, translate = render(config, "ru", count=1, title=_("Comments"))
    assert translate("Comments", domain="consult") is not None
    keys = [key for _language, key in translate.kept]
    assert any(key[0] == "Comments" and len(key) == 6 for key in keys)
    with_values = TranslationString(
        "Answers to question ${number}", domain="consult", mapping={"number": 1}
    )
    assert translate(with_values) == "Ответы на вопрос 1"
    assert not any(key[0] == "Answers to question ${number}" for key in keys)


class Marker(str):
    """Chameleon's kind of default, which it compares by identity."""


def test_a_marker_default_is_left_to_the_translator_each_time(config):
    _page, translate = render(config, "ru", count=1, title="")
    count = len(translate.kept)
    marker = Marker("")
    assert translate("Sign in to comment", domain="consult", default=marker) == (
        "Войдите, чтобы оставить комментарий"
    )
    assert len(translate.kept) == count
