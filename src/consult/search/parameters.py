"""The search parameters of a request, read once for the page and the API:
`q`, `page`, the filters `kind`, `language`, `consultation`, `stage`,
`stance`, the dates `since` and `until` (YYYY-MM-DD, whole days in Almaty
time) and `sort` (relevance|date), with the labels the page shows them by."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ..consultations.views.common import STAGE_NAMES
from ..feedback.schemas import STANCE_CHOICES
from ..i18n import _
from ..i18n.names import is_language_code
from ..layout import LOCAL_ZONE
from .interfaces import SORTS, SearchQuery

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
    "page": _("Page of the site"),
    "petition": _("Petition"),
    "appeal": _("Appeal to a state body"),
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
        if name == "language":  # comments may be in any language
            return is_language_code(value)
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
