"""A petition's counts as open data: `counts.json` (everything), and
`regions.csv` and `hours.csv` (one table each), at the petition's address
(docs/open-data.md describes the fields). Only counts: no signer, no name,
no account; the same snapshot as the page (at most
`consult.petitions.counts_seconds` old, `as_of` says when it was made)."""

import csv
import io

from pyramid.httpexceptions import HTTPNotFound
from pyramid.response import Response
from pyramid.view import view_config

from .interfaces import IPetitionService
from .models import Petition
from .signing_page import counts_of

LANGUAGES = ("kk", "ru", "en")


def _counts(request):
    petition = request.context
    now = request.find_service(IPetitionService).clock.now()
    if not petition.listed(now):
        raise HTTPNotFound()
    return petition, now, counts_of(request, petition)


def _time(when):
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _region_rows(counts):
    for row in counts.regions:
        territory = row.territory
        yield {
            "kato": territory.kato,
            "parent": territory.parent,
            "level": territory.level,
            "name": dict(territory.name),
            "verified": row.verified,
            "stated": row.stated,
            "total": row.total,
        }


def _hour_rows(counts):
    for start, count in counts.hours:
        yield {"hour": _time(start), "signatures": count}


@view_config(context=Petition, name="counts.json", permission="view", renderer="json")
def counts_json(request):
    petition, now, counts = _counts(request)
    return {
        "petition": request.resource_url(petition),
        "title": petition.title,
        "addressee": petition.addressee,
        "state": petition.phase(now),
        "threshold": petition.threshold,
        "required_level": counts.required_level,
        "signatures": counts.total,
        "counted": counts.counted,
        "levels": {str(level): count for level, count in sorted(counts.levels.items())},
        "regions": list(_region_rows(counts)),
        "unplaced": counts.unplaced,
        "hours": list(_hour_rows(counts)),
        "as_of": _time(counts.made),
    }


def _csv(request, name, header, rows):
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    response = Response(text.getvalue(), content_type="text/csv", charset="utf-8")
    number = request.context.__name__
    response.content_disposition = f'inline; filename="petition-{number}-{name}"'
    return response


@view_config(context=Petition, name="regions.csv", permission="view")
def regions_csv(request):
    _petition, _now, counts = _counts(request)
    header = ("kato", "parent", "level", *(f"name_{lang}" for lang in LANGUAGES))
    return _csv(
        request,
        "regions.csv",
        (*header, "verified", "stated", "total"),
        (
            (
                row["kato"],
                row["parent"] or "",
                row["level"],
                *(row["name"].get(lang, "") for lang in LANGUAGES),
                row["verified"],
                row["stated"],
                row["total"],
            )
            for row in _region_rows(counts)
        ),
    )


@view_config(context=Petition, name="hours.csv", permission="view")
def hours_csv(request):
    _petition, _now, counts = _counts(request)
    return _csv(
        request,
        "hours.csv",
        ("hour", "signatures"),
        ((row["hour"], row["signatures"]) for row in _hour_rows(counts)),
    )
