"""The article links the draft and article pages make from the draft's URL
(consultations.views.reading.child_url) are the ones pyramid would make."""

from datetime import UTC, datetime

from pyramid import testing

from consult.consultations.models import Draft
from consult.consultations.parsing import parse_text
from consult.consultations.views.reading import child_url

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RUSSIAN = "Статья 1. Первая\n\n1. Один.\n\nСтатья 2-1. Вторая\n\n1. Два.\n"


class Named:
    """An article-like resource with a name that needs quoting."""

    def __init__(self, name, parent):
        self.__name__, self.__parent__ = name, parent


def test_an_articles_url_from_its_drafts_is_the_one_resource_url_makes():
    root = testing.DummyResource()
    drafts = testing.DummyResource(__name__="drafts", __parent__=root)
    draft = Draft(3, NOW)
    draft.__name__, draft.__parent__ = "3", drafts
    draft.apply_parsed("ru", parse_text(RUSSIAN))
    request = testing.DummyRequest()
    with testing.testConfig(request=request):
        draft_url = request.resource_url(draft)
        articles = [*draft.articles(), Named("статья 5/б", draft), Named("a b?c#d", draft)]
        assert len(articles) == 4
        for article in articles:
            assert child_url(draft_url, article) == request.resource_url(article)
