"""The search service request code uses: `request.find_service(ISearchService)`.

Requests only read: they search whatever index the process's feeder
(`search.feed.IndexFeeder`) currently serves, and never take the index's
write lock."""
from zope.interface import Attribute, Interface, implementer


class ISearchService(Interface):
    building = Attribute("True while a full rebuild runs: results may be incomplete")

    def search(query):
        """A SearchResult for a SearchQuery (see search.interfaces)."""


@implementer(ISearchService)
class SearchService:
    def __init__(self, feeder):
        self.feeder = feeder

    @property
    def building(self):
        return self.feeder.building

    def search(self, query):
        return self.feeder.search(query)


def search_service_factory(context, request):
    return SearchService(request.registry.search_feeder)
