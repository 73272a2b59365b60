"""The public ranking of systemic problems, at `/appeals/ranking` (a month
chosen by links, the last complete one by default), with its chart and
table, each entry's public appeals, the month's near-duplicate clusters,
the responsible organisation's answer on an entry, and the same figures
as open data (`ranking.json`, `ranking.csv`; docs/open-data.md).

Private appeals are counted in every figure but never listed or linked."""

import csv
import io
import re
from urllib.parse import urlencode

import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPNotFound, HTTPSeeOther
from pyramid.response import Response
from pyramid.view import view_config

from ...forms import make_form, submitted, validate
from ...i18n import _
from ...layout import flash
from .. import ranking
from ..interfaces import AppealError
from ..models import STATES, Appeals
from ..schemas import SystemicAnswerSchema
from .common import TEMPLATES, named, service_of

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
SHOWN = 50  # entries on the page (the open data has them all)
CHARTED, CLUSTERS, PAGE = 10, 10, 20
LANGUAGES = ("kk", "ru", "en")


def _month(request, default_back=1):
    """The month asked for, else the last complete one."""
    service = service_of(request)
    key = request.GET.get("month", "")
    if MONTH.match(key):
        return key
    return ranking.previous_month(service.this_month(), default_back)


def _cell(request):
    category, region = request.GET.get("category", ""), request.GET.get("territory", "")
    if not category or not region:
        raise HTTPNotFound()
    return category, region


def _names(request):
    """(category name, territory name) functions in the reader's language."""
    service = service_of(request)
    categories, territories = service.appeals.categories, service.territories

    def category_name(code):
        category = categories.get(code)
        return named(request, category.title) if category else code

    def territory_name(kato):
        territory = territories.get(kato)
        return named(request, territory.name) if territory else kato

    return category_name, territory_name


def _percent(share):
    return "–" if share is None else f"{round(100 * share)} %"


def _signed(share):
    return "–" if share is None else f"{round(100 * share):+d} %"


def _entry_query(entry):
    return {"month": entry.month, "category": entry.category, "territory": entry.region}


@view_config(context=Appeals, name="ranking", permission="view", renderer=TEMPLATES + "ranking.pt")
def ranking_page(request):
    service = service_of(request)
    key = _month(request)
    order = request.GET.get("order", "count")
    order = order if order in ranking.ORDERS else "count"
    found = service.ranking_entries(key, order)
    category_name, territory_name = _names(request)
    shown = found[:SHOWN]
    label = {
        id(entry): f"{category_name(entry.category)}, {territory_name(entry.region)}"
        for entry in shown
    }
    top = shown[0] if shown else None
    series = ranking.series(service.appeals.ranking, key, (top.category, top.region)) if top else []
    month = service.appeals.ranking.months.get(key)
    this_month = service.this_month()
    known = list(service.appeals.ranking.months.keys())[-24:]
    return {
        "month": key,
        "this_month": this_month,
        "last_complete": ranking.previous_month(this_month),
        "months": sorted(set(known) | {this_month, ranking.previous_month(this_month)}),
        "order": order,
        "orders": ranking.ORDERS,
        "entries": shown,
        "total": len(found),
        "label": lambda entry: label[id(entry)],
        "category_name": category_name,
        "territory_name": territory_name,
        "entry_query": _entry_query,
        "percent": _percent,
        "signed": _signed,
        "bars": ranking.bars([(label[id(entry)], entry.count) for entry in shown[:CHARTED]]),
        "series": ranking.columns(series),
        "series_label": label[id(top)] if top else "",
        "chart": {"width": ranking.WIDTH, "row": ranking.ROW, "height": ranking.SERIES_HEIGHT},
        "clusters": month.biggest(CLUSTERS) if month is not None else [],
        "organisation_name": lambda address: (
            named(request, service.organisations[address].title)
            if address in service.organisations
            else address
        ),
        "may_answer": lambda entry: service.may_answer_entry(
            request.authenticated_userid, entry.category, entry.region
        ),
    }


def _start(request):
    try:
        return max(0, int(request.GET.get("start", 0)))
    except ValueError:
        return 0


def _appeals_page(request, numbers, heading):
    service = service_of(request)
    start = _start(request)
    total, page = ranking.page_of(numbers, start, PAGE)
    appeals = [service.appeals[str(number)] for number in page]
    # Only public appeals are ever in these sets; checked again all the same.
    appeals = [appeal for appeal in appeals if appeal.public]
    return {
        "heading": heading,
        "appeals": appeals,
        "total": total,
        "start": start,
        "size": PAGE,
        "states": STATES,
        "query": {key: value for key, value in request.GET.items() if key != "start"},
    }


@view_config(
    context=Appeals,
    name="ranking-entry",
    permission="view",
    renderer=TEMPLATES + "ranking_appeals.pt",
)
def ranking_entry(request):
    service = service_of(request)
    key, cell = _month(request), _cell(request)
    category_name, territory_name = _names(request)
    values = _appeals_page(
        request,
        ranking.listed(service.appeals.ranking, key, cell),
        f"{category_name(cell[0])}, {territory_name(cell[1])}, {key}",
    )
    answer = service.appeals.ranking.answers.get((key, *cell))
    return dict(values, answer=answer, month=key)


@view_config(
    context=Appeals,
    name="ranking-cluster",
    permission="view",
    renderer=TEMPLATES + "ranking_appeals.pt",
)
def ranking_cluster(request):
    service = service_of(request)
    key = _month(request)
    month = service.appeals.ranking.months.get(key)
    try:
        group = month.clusters[int(request.GET.get("cluster", ""))]
    except (AttributeError, KeyError, ValueError) as error:
        raise HTTPNotFound() from error
    category_name, territory_name = _names(request)
    heading = _(
        "Near-duplicate appeals (${count}), ${where}, ${month}",
        mapping={
            "count": group.size(),
            "where": f"{category_name(group.category)}, {territory_name(group.region)}",
            "month": key,
        },
    )
    return dict(_appeals_page(request, group.listed, heading), answer=None, month=key)


@view_config(
    context=Appeals,
    name="ranking-answer",
    permission="view",
    renderer=TEMPLATES + "ranking_answer.pt",
    require_csrf=False,
)
def ranking_answer(request):
    service = service_of(request)
    key, (category, region) = _month(request), _cell(request)
    userid = request.authenticated_userid
    if not service.may_answer_entry(userid, category, region):
        raise HTTPForbidden()
    query = {"month": key, "category": category, "territory": region}
    form = make_form(
        request,
        SystemicAnswerSchema(),
        [deform.Button(name="publish", title=_("Publish the answer"), type="submit")],
        action=request.resource_url(request.context, "ranking-answer", query=query),
    )
    category_name, territory_name = _names(request)
    existing = service.appeals.ranking.answers.get((key, category, region))
    values = {
        "heading": f"{category_name(category)}, {territory_name(region)}, {key}",
        "error": None,
    }
    if not submitted(request, "publish"):
        return dict(values, form=form.render({"text": existing.text} if existing else {}))
    data, rendered = validate(request, form, clip={"text": 4000})
    if data is None:
        return dict(values, form=rendered)
    try:
        service.answer_entry(userid, key, category, region, data["text"])
    except AppealError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    flash(request, _("The answer is published with the ranking entry."))
    return HTTPSeeOther(request.resource_url(request.context, "ranking-entry", query=query))


# -- open data -------------------------------------------------------------


def _rows(request, key):
    service = service_of(request)
    categories, territories = service.appeals.categories, service.territories
    # One URL made, the others by its query: resource_url per entry was most
    # of the time of a month of 4 000 entries.
    entry_url = request.resource_url(request.context, "ranking-entry")
    for entry in service.ranking_entries(key):
        category = categories.get(entry.category)
        territory = territories.get(entry.region)
        answer = entry.answer
        yield {
            "month": key,
            "category": entry.category,
            "category_name": dict(category.title) if category else {},
            "territory": entry.region,
            "territory_name": dict(territory.name) if territory else {},
            "appeals": entry.count,
            "public_appeals": entry.counts["public"],
            "answered": entry.counts["answered"],
            "answered_late": entry.counts["late"],
            "overdue": entry.overdue,
            "overdue_share": entry.overdue_share,
            "rated": entry.counts["rated"],
            "not_resolved": entry.counts["not_resolved"],
            "not_resolved_share": entry.not_resolved_share,
            "previous_months": entry.previous,
            "growth": entry.growth,
            "growth_share": entry.growth_share,
            "growth_vs_average": entry.growth_vs_average,
            "appeals_url": f"{entry_url}?{urlencode(_entry_query(entry))}",
            "answer": None
            if answer is None
            else {
                "organisation": answer.organisation,
                "text": answer.text,
                "date": answer.when.date().isoformat(),
            },
        }


@view_config(context=Appeals, name="ranking.json", permission="view", renderer="json")
def ranking_json(request):
    key = _month(request)
    service = service_of(request)
    month = service.appeals.ranking.months.get(key)
    clusters = month.biggest(CLUSTERS) if month is not None else []
    return {
        "month": key,
        "complete": key < service.this_month(),
        "as_of": service.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "entries": list(_rows(request, key)),
        "clusters": [
            {
                "cluster": group.founder,
                "appeals": group.size(),
                "public_appeals": group.public(),
                "category": group.category,
                "territory": group.region,
                "appeals_url": request.resource_url(
                    request.context,
                    "ranking-cluster",
                    query={"month": key, "cluster": group.founder},
                ),
            }
            for group in clusters
        ],
    }


CSV_FIELDS = (
    "appeals",
    "public_appeals",
    "answered",
    "answered_late",
    "overdue",
    "overdue_share",
    "rated",
    "not_resolved",
    "not_resolved_share",
    "growth",
    "growth_share",
    "growth_vs_average",
)


def _cell_value(value):
    if value is None:
        return ""
    return f"{value:.4f}" if isinstance(value, float) else value


@view_config(context=Appeals, name="ranking.csv", permission="view")
def ranking_csv(request):
    key = _month(request)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(
        (
            "month",
            "category",
            *(f"category_name_{lang}" for lang in LANGUAGES),
            "territory",
            *(f"territory_name_{lang}" for lang in LANGUAGES),
            *CSV_FIELDS,
            "previous_month",
            "answer",
            "appeals_url",
        )
    )
    for row in _rows(request, key):
        writer.writerow(
            (
                row["month"],
                row["category"],
                *(row["category_name"].get(lang, "") for lang in LANGUAGES),
                row["territory"],
                *(row["territory_name"].get(lang, "") for lang in LANGUAGES),
                *(_cell_value(row[field]) for field in CSV_FIELDS),
                row["previous_months"][0],
                row["answer"]["text"] if row["answer"] else "",
                row["appeals_url"],
            )
        )
    response = Response(text.getvalue(), content_type="text/csv", charset="utf-8")
    response.content_disposition = f'inline; filename="appeals-ranking-{key}.csv"'
    return response
