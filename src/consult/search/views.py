"""The search page (`/search`, a view of the root) and the JSON API
(`/api/search`, a route): the same parameters, read once by `Parameters`.

Parameters: `q`, `page`, the filters `kind`, `language`, `consultation`,
`stage`, `stance`, the dates `since` and `until` (YYYY-MM-DD, whole days in
Almaty time) and `sort` (relevance|date). The page ignores a bad parameter and
says why; the API answers 400 with `{"error": ...}`. Nothing here ever shows a
document its reader may not see: the query carries the reader's effective
principals, computed by the site's security policy on the root."""

import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pyramid.authorization import Everyone
from pyramid.interfaces import ISecurityPolicy
from pyramid.view import view_config

from ..consultations.views.common import STAGE_NAMES
from ..feedback.schemas import STANCE_CHOICES
from ..i18n import _
from ..layout import LOCAL_ZONE
from ..resources import root_factory
from ..resources.models import Root
from ..urls import public_path_url, public_route_url
from .interfaces import FACET_FIELDS, SORTS, ISearchService, SearchQuery

TEMPLATES = "consult:templates/search/"
MAX_QUERY_LENGTH = 500
PER_PAGE = 20
MAX_PAGE = 500  # 10 000 results deep: further than anyone reads

KIND_LABELS = {
    "consultation": _("Consultation"),
    "document": _("Stage document"),
    "question": _("Question to the public"),
    "article": _("Article of a draft"),
    "comment": _("Comment"),
    "findings": _("Findings of a citizens' jury"),
}
LANGUAGE_LABELS = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}
STANCE_LABELS = dict(STANCE_CHOICES)
SORT_LABELS = {"relevance": _("Relevance"), "date": _("Newest first")}
# The filters, in the order the page shows them: parameter -> (legend, labels);
# the consultation's labels are their titles, looked up per request.
# name -> (legend, {value: label}); a consultation's label is its title.
FILTERS: dict[str, tuple[str, dict[str, str]]] = {
    "consultation": (_("Consultation"), {}),
    "stage": (_("Stage"), STAGE_NAMES),
    "kind": (_("Kind"), KIND_LABELS),
    "language": (_("Language"), LANGUAGE_LABELS),
    "stance": (_("Stance of comments"), STANCE_LABELS),
}
DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")


def effective_principals(request):
    """The principals the security policy gives this request on the root."""
    policy = request.registry.queryUtility(ISecurityPolicy)
    if policy is None:
        return (Everyone,)
    return tuple(policy.effective_principals(request, request.root))


@dataclass
class Parameters:
    """A request's search parameters, checked: `problems` says (translatably)
    what was wrong; whatever was wrong is left out of `query()`."""

    text: str = ""  # as typed, for the search box
    searched: str = ""  # what is searched: stripped, at most MAX_QUERY_LENGTH
    filters: dict = field(default_factory=dict)
    since: str = ""  # YYYY-MM-DD as accepted, for the form
    until: str = ""
    sort: str = "relevance"
    page: int = 1
    problems: list = field(default_factory=list)

    @classmethod
    def read(cls, request):
        params = request.GET
        self = cls()
        # Mapping values are not translated by the message they go into.
        translate = request.localizer.translate
        self.text = (params.get("q") or "").replace("\x00", "")
        self.searched = self.text.strip()
        if len(self.searched) > MAX_QUERY_LENGTH:
            self.searched = self.searched[:MAX_QUERY_LENGTH].strip()
            self.problems.append(
                _(
                    "A search can be at most ${limit} characters long; the rest was cut off.",
                    mapping={"limit": MAX_QUERY_LENGTH},
                )
            )
        for name in FILTERS:
            value = (params.get(name) or "").strip()
            if value and self._known(request, name, value):
                self.filters[name] = value
            elif value:
                self.problems.append(
                    _(
                        "There is no such choice for the filter “${filter}”: “${value}”.",
                        mapping={"filter": translate(FILTERS[name][0]), "value": value[:100]},
                    )
                )
        self.since = self._date(params, "since", translate(_("From")))
        self.until = self._date(params, "until", translate(_("To")))
        if self.since and self.until and self.since > self.until:
            self.problems.append(_("The start date is after the end date."))
            self.since = self.until = ""
        sort = params.get("sort") or "relevance"
        if sort in SORTS:
            self.sort = sort
        else:
            self.problems.append(_("Results can be sorted by relevance or by date."))
        page = (params.get("page") or "1").strip()
        if page.isdigit() and 1 <= int(page) <= MAX_PAGE:
            self.page = int(page)
        else:
            self.problems.append(
                _("Page numbers are whole numbers from 1 to ${last}.", mapping={"last": MAX_PAGE})
            )
        return self

    @staticmethod
    def _known(request, name, value):
        if name != "consultation":
            return value in FILTERS[name][1]
        # A consultation the reader may not see does not exist for them.
        consultation = request.root["consultations"].get(value)
        return consultation is not None and bool(request.has_permission("view", consultation))

    def _date(self, params, name, label):
        value = (params.get(name) or "").strip()
        if not value:
            return ""
        if DATE.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                day = None
            if day is not None and 1900 <= day.year <= 9000:
                return value
        self.problems.append(
            _(
                "“${field}” must be a date written as YYYY-MM-DD, for example 2026-03-02.",
                mapping={"field": label},
            )
        )
        return ""

    def query(self, principals):
        since = until = None
        if self.since:
            since = datetime.combine(date.fromisoformat(self.since), time(), LOCAL_ZONE)
        if self.until:
            # The whole last day, in Almaty time.
            next_day = date.fromisoformat(self.until) + timedelta(days=1)
            until = datetime.combine(next_day, time(), LOCAL_ZONE) - timedelta(microseconds=1)
        return SearchQuery(
            text=self.searched,
            filters=dict(self.filters),
            since=since,
            until=until,
            sort=self.sort,
            page=self.page,
            per_page=PER_PAGE,
            principals=principals,
        )

    def as_params(self, **changes):
        """The parameters as a query string's items, to build a link that keeps them."""
        params = {
            "q": self.searched,
            **self.filters,
            "since": self.since,
            "until": self.until,
            "sort": self.sort if self.sort != "relevance" else "",
            "page": str(self.page) if self.page != 1 else "",
        }
        params.update(changes)
        return [(name, value) for name, value in params.items() if value]


class Search:
    """One search as both the page and the API present it."""

    def __init__(self, request):
        self.request = request
        self.parameters = Parameters.read(request)
        self.service = request.find_service(ISearchService)
        self.result = None
        if self.parameters.searched:
            self.result = self.service.search(self.parameters.query(effective_principals(request)))
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
