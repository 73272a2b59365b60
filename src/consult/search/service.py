"""The search service request code uses: `request.find_service(ISearchService)`
(search.interfaces).

Requests only read: they search whatever index the process's feeder
(`search.feed.IndexFeeder`) currently serves, and never take the index's
write lock."""

from zope.interface import implementer

from .interfaces import ISearchService


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
