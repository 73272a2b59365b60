"""The search page (`/search`, a view of the root) and the JSON API
(`/api/search`, a route): the same parameters, read once by `Parameters`
(search.parameters).

The page ignores a bad parameter and says why; the API answers 400 with
`{"error": ...}`. Nothing here ever shows a document its reader may not see:
the query carries the reader's effective principals, computed by the site's
security policy on the root, and a web page's dates are checked on the way
out (search.shown)."""

import math

from pyramid.authorization import Everyone
from pyramid.interfaces import ISecurityPolicy
from pyramid.view import view_config

from ..consultations.views.common import STAGE_NAMES
from ..content.views.common import KIND_NAMES
from ..i18n import _
from ..i18n.names import language_name
from ..resources import root_factory
from ..resources.models import Root
from ..urls import public_path_url, public_route_url
from .interfaces import FACET_FIELDS, ISearchService
from .parameters import (
    FILTERS,
    KIND_LABELS,
    MAX_PAGE,
    MAX_QUERY_LENGTH,
    PER_PAGE,
    SORT_LABELS,
    STANCE_LABELS,
    Parameters,
)
from .shown import ShownContent

TEMPLATES = "consult:templates/search/"


def effective_principals(request):
    """The principals the security policy gives this request on the root."""
    policy = request.registry.queryUtility(ISecurityPolicy)
    if policy is None:
        return (Everyone,)
    return tuple(policy.effective_principals(request, request.root))


class Search:
    """One search as both the page and the API present it."""

    def __init__(self, request):
        self.request = request
        self.parameters = Parameters.read(request)
        self.service = request.find_service(ISearchService)
        self.result = None
        self.content = ShownContent(request)
        if self.parameters.searched:
            result = self.service.search(self.parameters.query(effective_principals(request)))
            self.result = self.content.only_shown(result)
        self._consultations = request.root["consultations"]

    @property
    def pages(self):
        if self.result is None:
            return 0
        return max(1, math.ceil(self.result.total / PER_PAGE))

    def page_params(self, page):
        """Parameters of another page of these results, or None if there is none."""
        if self.result is None or not 1 <= page <= min(self.pages, MAX_PAGE):
            return None
        return self.parameters.as_params(page=str(page) if page != 1 else "")

    def consultation(self, slug):
        consultation = self._consultations.get(slug) if slug else None
        if consultation is None or not self.request.has_permission("view", consultation):
            return None
        return consultation

    def consultation_title(self, slug):
        consultation = self.consultation(slug)
        if consultation is None:
            return None
        return self.request.layout.localized(consultation.title)

    def url(self, path):
        return self.request.application_url + path


class Hit:
    """A search hit as the page shows it."""

    def __init__(self, search, hit):
        request, document = search.request, hit.document
        self.document = document
        self.title = document.title
        self.context = document.context  # a comment's place: "Comment on …"
        self.snippet = hit.snippet
        self.language = document.language
        self.url = search.url(document.url)
        self.kind = KIND_LABELS.get(document.kind, document.kind)
        item = search.content.item(document)
        if item is not None:
            self.kind = KIND_NAMES.get(item.kind, self.kind)  # "News item", "FAQ entry"...
        consultation = search.consultation(document.consultation)
        self.consultation_url = request.resource_url(consultation) if consultation else None
        self.consultation_title = search.consultation_title(document.consultation)
        self.stage = STAGE_NAMES.get(document.stage) if document.kind != "consultation" else None
        self.article = (
            _("Article ${number}", mapping={"number": document.article})
            if document.article and document.kind == "comment"
            else None
        )
        self.stance = STANCE_LABELS.get(document.stance) if document.kind == "comment" else None
        self.stance_class = document.stance
        self.created = request.layout.local_time(document.created, "d MMMM y")
        self.author = document.author


class Option:
    def __init__(self, value, label, count, checked, language=None):
        self.value, self.label, self.count = value, label, count
        self.checked, self.language = checked, language


class Facet:
    """One filter of the form: its legend and its options with their counts."""

    def __init__(self, search, name):
        self.name = name
        self.legend = FILTERS[name][0]
        counts = dict(search.result.facets.get(name, {})) if search.result else {}
        chosen = search.parameters.filters.get(name)
        if chosen and chosen not in counts:
            counts[chosen] = 0
        self.options = []
        for value, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            language = None
            if name == "consultation":
                title = search.consultation_title(value)
                if title is None:
                    continue
                label = title.text
                language = title.language if title.fallback else None
            elif name == "language" and value not in FILTERS[name][1]:
                label, language = language_name(value), value  # "Deutsch", in German
            else:
                label = FILTERS[name][1].get(value, value)
            self.options.append(Option(value, label, count, value == chosen, language))
        self.any_checked = chosen is None


@view_config(context=Root, name="search", permission="view", renderer=TEMPLATES + "search.pt")
def search_page(request):
    search = Search(request)
    result = search.result
    parameters = search.parameters
    search_url = request.resource_url(request.root, "search")

    def link(params):
        return (
            None if params is None else request.resource_url(request.root, "search", query=params)
        )

    no_words = (
        bool(parameters.searched)
        and result is not None
        and not result.total
        and not any(character.isalnum() for character in parameters.searched)
    )
    return {
        "search": search,
        "parameters": parameters,
        "result": result,
        "hits": [Hit(search, hit) for hit in result.hits] if result else [],
        "facets": [
            Facet(search, name)
            for name in FILTERS
            if name in FACET_FIELDS or name in parameters.filters
        ],
        "building": search.service.building,
        "search_url": search_url,
        "previous_url": link(search.page_params(parameters.page - 1)),
        "next_url": link(search.page_params(parameters.page + 1)),
        "first_url": link(search.page_params(1)) if parameters.page > search.pages else None,
        "sorts": [
            (name, label, link(parameters.as_params(sort=name, page="")), name == parameters.sort)
            for name, label in SORT_LABELS.items()
        ],
        "no_words": no_words,
        "max_length": MAX_QUERY_LENGTH,
        "first_number": (parameters.page - 1) * PER_PAGE + 1,
    }


@view_config(route_name="api_search", permission="view", renderer="json")
def search_api(request):
    translate = request.localizer.translate
    search = Search(request)
    parameters = search.parameters
    if parameters.problems:
        return api_error(request, [translate(problem) for problem in parameters.problems])
    if search.result is None:
        return api_error(
            request,
            [
                translate(
                    _(
                        "Give the words to search for in the parameter q, for example "
                        "/api/search?q=jury."
                    )
                )
            ],
        )
    result = search.result

    def link(params):
        return None if params is None else public_route_url(request, "api_search", _query=params)

    return {
        "query": parameters.searched,
        "total": result.total,
        "page": parameters.page,
        "pages": search.pages,
        "per_page": PER_PAGE,
        "previous": link(search.page_params(parameters.page - 1)),
        "next": link(search.page_params(parameters.page + 1)),
        "building": search.service.building,
        "results": [api_hit(search, hit) for hit in result.hits],
        "facets": result.facets,
    }


def api_hit(search, hit):
    document = hit.document
    title = search.consultation_title(document.consultation)
    return {
        "title": document.title or document.context,  # a comment's place, as before
        "snippet": hit.snippet,
        "url": public_path_url(search.request, document.url),
        "kind": document.kind,
        "language": document.language,
        "consultation": document.consultation,
        "consultation_title": title.text if title else None,
        "stage": document.stage or None,
        "article": document.article or None,
        "stance": document.stance or None,
        "author": document.author or None,
        "created": document.created.isoformat() if document.created else None,
    }


def api_error(request, messages):
    request.response.status = 400
    return {"error": " ".join(messages), "errors": messages}


def includeme(config):
    config.add_route("api_search", "/api/search", factory=root_factory)
    config.scan(__name__)
