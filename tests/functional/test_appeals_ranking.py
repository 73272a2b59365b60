"""The public ranking of systemic problems through the real app: appeals
filed, answered and rated over four months through the pages, the ranking
of the last complete month against hand-computed figures (count, growth
against the previous month and the average of the three before, share
overdue, share "not resolved"), the names in the reader's language,
private appeals counted but never listed, the responsible organisation's
answer on an entry (another organisation's staff refused), and the open
data without personal data."""

import csv
import io
from datetime import UTC, datetime

import pytest
from appeal_world import routed_akimats

from consult.organisations.territories import load_territories

AUTHOR = "author@example.kz"
CLERK = "clerk@example.kz"
OTHER = "other@example.kz"
ASTANA, ASTANA_DISTRICT, ALMATY = "710000000", "711110000", "750000000"
ANSWER = "The pothole was repaired on the 10th; the contractor checked the surface."
SYSTEMIC = "Kabanbay batyr avenue is rebuilt this summer; the holes are patched weekly."
TEXTS = (
    "Street lights on Turan avenue have been off for a week",
    "The bus number 12 skips the stop at the railway station",
    "Snow was not cleared from the school yard since Monday",
    "An open manhole near the clinic entrance is dangerous",
)
# Near-duplicates: one cluster of February.
POTHOLE = "A deep pothole on Kabanbay batyr avenue near the bus stop damages cars"
POTHOLE_AGAIN = "Deep pothole on Kabanbay batyr avenue near the bus stop, it damages cars"
PRIVATE_TEXT = "Private: my neighbour Serik at flat 12 blocks the entrance to the yard"


def at(clock, *day):
    clock.when = datetime(*day, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(database, clock, make_user):
    ids = {AUTHOR: make_user(AUTHOR, "Aigerim", "Serikova")}
    for email in (CLERK, OTHER):
        ids[email] = make_user(email, "Marat", "Officialov")
    roles = {("astana-akimat", ids[CLERK]): "answerer", ("almaty-akimat", ids[OTHER]): "answerer"}
    with database() as root:
        routed_akimats(root, clock, roles)
    return ids


def file(app, text, public=True, kato=ASTANA):
    form = app.get("/appeals/new").forms["deform"]
    form["kind"] = "complaint"
    form["category"] = "roads"
    form["kato"] = kato
    form["address"] = "Kabanbay batyr 10"
    form["text"] = text
    form["public"] = public
    page = form.submit("file")
    if page.status_int == 200:  # the similar open appeals were shown: send again
        page = page.forms["deform"].submit("file")
    return page.follow().request.path


def press(app, path, action, **fields):
    page = app.get(path)
    for form in page.forms.values():
        if form.action.endswith(f"{path}{action}"):
            for name, value in fields.items():
                form[name] = value
            return form.submit()
    raise AssertionError(f"no form for {action} on {path}")


def rate(app, path, resolved):
    page = app.get(path + "rate?resolved=" + resolved)
    form = [f for f in page.forms.values() if f.action.endswith("/rate")][0]
    return form.submit()


@pytest.fixture
def months(browser, world, clock):
    """Astana's roads: 1 appeal in December, 2 in January, 3 in February
    (one private, one answered late, one rated "not resolved", the private
    one still open past its term on 2 March); Almaty's: 1 in February;
    Astana's: 1 so far in March."""
    author, clerk = browser(AUTHOR), browser(CLERK)
    at(clock, 2025, 12, 10)
    file(author, TEXTS[0])
    at(clock, 2026, 1, 12)
    file(author, TEXTS[1]), file(author, TEXTS[2])
    at(clock, 2026, 2, 2)
    late = file(author, POTHOLE)
    unresolved = file(author, POTHOLE_AGAIN)
    private = file(author, PRIVATE_TEXT, public=False, kato=ASTANA_DISTRICT)
    almaty = file(author, TEXTS[3], kato=ALMATY)
    for path in (late, unresolved, private):
        press(clerk, path, "register")
    at(clock, 2026, 2, 10)
    press(clerk, unresolved, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    rate(author, unresolved, "no")
    at(clock, 2026, 2, 27)  # after the 15 working days of the term
    press(clerk, late, "answer", disposition="accepted", outcome="fixed", reason=ANSWER)
    at(clock, 2026, 3, 2)
    file(author, TEXTS[0])
    return {"late": late, "unresolved": unresolved, "private": private, "almaty": almaty}


def rows(page):
    found = []
    for row in page.html.select("table.ranking tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        found.append(cells[:8])
    return found


def test_the_last_complete_month_is_ranked_against_hand_computed_figures(browser, months):
    page = browser().get("/appeals/ranking")
    assert "2026-02" in page.html.h1.text
    assert rows(page) == [
        # rank, category, region, appeals, against January (+1 of 2),
        # against (2 + 1 + 0) / 3, overdue (1 late + 1 open) / 3, not resolved 1 / 1
        ["1", "Roads", "Astana", "3", "+1 (+50 %)", "+200 %", "67 %", "100 %"],
        ["2", "Roads", "Almaty", "1", "+1 (–)", "–", "0 %", "–"],
    ]
    by_growth = browser().get("/appeals/ranking?month=2026-02&order=overdue")
    assert [row[2] for row in rows(by_growth)] == ["Astana", "Almaty"]
    # The SVG chart with its text alternative.
    svg = page.html.select_one("figure.chart svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "top-title top-desc"
    assert svg.select_one("title#top-title") and svg.select_one("desc#top-desc")
    series = page.html.select("table.series tbody tr")
    assert [r.get_text(" ", strip=True) for r in series[-4:]] == [
        "2025-11 0",
        "2025-12 1",
        "2026-01 2",
        "2026-02 3",
    ]


def test_the_current_month_so_far_and_the_names_in_the_reader_s_language(browser, months):
    page = browser().get("/appeals/ranking?month=2026-03")
    assert page.html.select_one(".partial")
    assert rows(page)[0][:5] == ["1", "Roads", "Astana", "1", "-2 (-67 %)"]
    assert "/appeals/ranking?month=2026-03" in page.text
    kazakh = browser().get("/appeals/ranking?month=2026-02", headers={"Accept-Language": "kk"})
    territories = load_territories()
    assert rows(kazakh)[0][1:3] == ["Жолдар", territories[ASTANA].name["kk"]]
    browser().get("/appeals/ranking?month=1999-01").html.select_one(".empty")


def test_an_entry_lists_its_public_appeals_and_never_a_private_one(browser, months):
    page = browser().get("/appeals/ranking?month=2026-02")
    entry = page.html.select_one("table.ranking tbody tr th a")["href"]
    listed = browser().get(entry)
    links = sorted(a["href"] for a in listed.html.select(".appeals a"))
    assert links == sorted(f"http://localhost{months[k]}" for k in ("late", "unresolved"))
    for reader in (browser(), browser(CLERK), browser(AUTHOR)):
        for path in ("/appeals/ranking?month=2026-02", entry):
            assert months["private"] not in reader.get(path).text


def test_the_month_s_near_duplicates_are_a_cluster_with_its_public_appeals(browser, months):
    page = browser().get("/appeals/ranking?month=2026-02")
    (cluster,) = page.html.select("tr.cluster")
    assert [td.text for td in cluster.select("td")] == ["2", "2"]
    listed = browser().get(cluster.a["href"])
    assert sorted(a["href"] for a in listed.html.select(".appeals a")) == sorted(
        f"http://localhost{months[k]}" for k in ("late", "unresolved")
    )
    browser().get("/appeals/ranking-cluster?month=2026-02&cluster=999", status=404)


def test_the_responsible_organisation_answers_on_an_entry(browser, months):
    query = "month=2026-02&category=roads&territory=" + ASTANA
    browser(OTHER).get("/appeals/ranking-answer?" + query, status=403)
    assert "/login" in browser().get("/appeals/ranking-answer?" + query).location
    clerk = browser(CLERK)
    form = clerk.get("/appeals/ranking-answer?" + query).forms["deform"]
    form["text"] = "Too short"
    again = form.submit("publish")
    assert again.forms["deform"]["text"].value == "Too short"
    assert again.html.select(".error, .has-error, .alert-danger")
    form = again.forms["deform"]
    form["text"] = SYSTEMIC
    entry = form.submit("publish").follow()
    assert SYSTEMIC in entry.html.select_one("#answer").text
    page = browser().get("/appeals/ranking?month=2026-02")
    assert "Answer of Akimat of Astana" in page.html.select("td.answer")[0].text
    assert not page.html.select(".answer-link")  # only its staff are offered the form
    assert clerk.get("/appeals/ranking?month=2026-02").html.select(".answer-link")
    # A forged post from another organisation's staff is refused as well.
    token = browser(OTHER).get("/appeals/new").forms["deform"]["csrf_token"].value
    browser(OTHER).post(
        "/appeals/ranking-answer?" + query,
        {"csrf_token": token, "text": SYSTEMIC, "publish": "publish"},
        status=403,
    )


def test_open_data_has_the_figures_and_no_personal_data(browser, months):
    data = browser().get("/appeals/ranking.json?month=2026-02").json
    astana = data["entries"][0]
    assert (astana["territory"], astana["appeals"], astana["public_appeals"]) == (ASTANA, 3, 2)
    assert (astana["overdue"], astana["rated"], astana["not_resolved"]) == (2, 1, 1)
    assert (astana["growth"], astana["growth_share"], astana["previous_months"]) == (
        1,
        0.5,
        [2, 1, 0],
    )
    assert astana["category_name"]["kk"] == "Жолдар"
    assert data["complete"] is True
    text = browser().get("/appeals/ranking.csv?month=2026-02").text
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(row["territory"], row["appeals"], row["overdue_share"]) for row in table] == [
        (ASTANA, "3", "0.6667"),
        (ALMATY, "1", "0.0000"),
    ]
    json_text = browser().get("/appeals/ranking.json?month=2026-02").text
    for body in (text, json_text):
        for personal in ("Aigerim", "Serikova", AUTHOR, "Kabanbay", "Serik", "flat 12"):
            assert personal not in body
        assert months["private"] not in body
