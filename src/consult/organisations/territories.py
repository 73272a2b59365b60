"""The territories organisations serve: the oblasts, the cities of
republican significance and their districts, by KATO code, with their names
in the three languages and their residents (data/territories.csv, which names
its sources and says which figures were checked).

The classifier is read once per process: it is shipped data, not stored in
ZODB, so a new edition is a new file and no evolution step."""

import csv
import functools
from dataclasses import dataclass
from importlib.resources import files

DATA = files("consult.organisations") / "data"
LEVELS = ("republic", "oblast", "city", "district")


@dataclass(frozen=True)
class Territory:
    kato: str
    parent: str | None
    level: str
    name: dict
    population: int | None
    as_of: str | None
    kato_checked: bool
    population_checked: bool


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as data:
        return list(csv.DictReader(line for line in data if not line.startswith("#")))


@functools.cache
def load_territories():
    """{KATO code: Territory}, in the file's order (oblasts, cities, districts)."""
    territories = {}
    for row in _rows("territories.csv"):
        territory = Territory(
            kato=row["kato"],
            parent=row["parent"] or None,
            level=row["level"],
            name={language: row[f"name_{language}"] for language in ("kk", "ru", "en")},
            population=int(row["population"]) if row["population"] else None,
            as_of=row["as_of"] or None,
            kato_checked=row["kato_checked"] == "yes",
            population_checked=row["population_checked"] == "yes",
        )
        if territory.level not in LEVELS or territory.kato in territories:
            raise ValueError(f"territories.csv: bad row {row!r}")
        territories[territory.kato] = territory
    return territories


@functools.cache
def load_ministries():
    """The central state bodies shipped with consult (data/ministries.csv):
    a list of dicts with `name` (the organisation's address), `kind` and
    `title` ({language: name})."""
    return [
        {
            "name": row["name"],
            "kind": row["kind"],
            "title": {language: row[f"title_{language}"] for language in ("kk", "ru", "en")},
            "aliases": [alias for alias in row["aliases"].split("|") if alias],
        }
        for row in _rows("ministries.csv")
    ]
