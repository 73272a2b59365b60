"""Signing a petition through the real app: one signature per person (two
tabs), the level each signature was made at and the threshold counting only
the addressee's level, the territory (verified or stated), the public list
of the signers who chose it, withdrawing while the petition is open, and
counts that may be as old as `consult.petitions.counts_seconds`."""

from datetime import timedelta

import pytest
from petition_signers import ASTANA, KARAGANDA, YESIL, open_petition, verify

from consult.petitions import signing_views

AUTHOR = "author@example.kz"
ALMA = "alma@example.kz"  # identity verified, states Yesil district, listed
BOLAT = "bolat@example.kz"  # e-mail only, no territory, not listed
DANA = "dana@example.kz"  # identity verified in Karaganda Region, listed
ERLAN = "erlan@example.kz"  # identity verified, not listed


@pytest.fixture
def settings(settings, request):
    """Counts read on every request, unless a test gives its seconds."""
    return dict(settings, **{"consult.petitions.counts_seconds": getattr(request, "param", "0")})


@pytest.fixture
def path(database, clock, make_user):
    ids = {
        email: make_user(email, email.split("@")[0].title(), "Zhaksybekova")
        for email in (AUTHOR, ALMA, BOLAT, DANA, ERLAN)
    }
    with database() as root:
        principals = root["principals"]
        for email in (ALMA, ERLAN):
            verify(principals[ids[email]], clock.now())
        verify(principals[ids[DANA]], clock.now(), kato=KARAGANDA)
        return f"/petitions/{open_petition(root, ids[AUTHOR], clock.now())}/"


def sign(app, path, region="", listed=False):
    form = app.get(path).forms[0]
    for candidate in app.get(path).forms.values():
        if candidate.action.endswith("/sign"):
            form = candidate
    if "region" in form.fields:
        form["region"] = region
    form["listed"] = listed
    return form.submit("sign").follow()


def petition(database, path):
    with database() as root:
        return root["petitions"][path.strip("/").split("/")[-1]]


def cells(page, selector):
    return {
        row.select_one("th").text.strip(): [td.text.strip() for td in row.select("td")]
        for row in page.html.select(f"{selector} tbody tr")
    }


def test_each_signature_records_its_level_territory_and_listing(browser, path, database):
    sign(browser(ALMA), path, region=YESIL, listed=True)
    sign(browser(BOLAT), path)
    dana = browser(DANA)
    # Dana's verification gives her territory: the form does not ask her.
    assert "Karaganda Region" in dana.get(path).html.select_one(".known-region").text
    # A territory stated anyway does not replace the verified one.
    token = dana.get(path).html.select_one('input[name="csrf_token"]')["value"]
    dana.post(path + "sign", {"csrf_token": token, "region": ASTANA, "listed": "yes"})
    page = browser().get(path)
    assert cells(page, ".levels") == {
        "No verification": ["0", "no"],
        "A confirmed e-mail address": ["1", "no"],
        "A verified identity": ["2", "yes"],
        "A digital signature": ["0", "yes"],
    }
    assert "2 signatures made with A verified identity or stronger count toward the threshold" in (
        page.html.select_one(".counted").text
    )
    # Yesil district counts in Astana too; Dana's region is the verified one.
    assert cells(page, ".regions") == {
        "Karaganda Region": ["1", "0", "1"],
        "Astana": ["0", "1", "1"],
        "Yesil District": ["0", "1", "1"],
    }
    assert "1 signatures without a territory" in page.html.select_one(".unplaced").text
    with database() as root:
        signatures = root["petitions"][path.strip("/").split("/")[-1]].signatures
        assert sorted((s.level, s.region, s.source, s.listed) for s in signatures.values()) == [
            (1, None, None, False),
            (2, KARAGANDA, "verified", True),
            (2, YESIL, "stated", True),
        ]


def test_the_threshold_counts_only_the_addressees_level(browser, path, database):
    sign(browser(BOLAT), path)  # e-mail only: counted, not toward the threshold
    sign(browser(ALMA), path)
    sign(browser(DANA), path)
    assert (petition(database, path).state, petition(database, path).counted()) == ("open", 2)
    sign(browser(ERLAN), path)
    found = petition(database, path)
    assert (found.state, found.count(), found.counted()) == ("answer_due", 4, 3)
    assert "answer due" in browser().get(path).html.select_one(".state").text


def test_only_those_who_chose_it_are_listed_by_first_name_and_initial(browser, path, clock):
    sign(browser(ALMA), path, listed=True)
    sign(browser(BOLAT), path)
    clock.advance(timedelta(seconds=1))
    sign(browser(DANA), path, listed=True)
    page = browser().get(path).click(href="signers")
    assert [li.text for li in page.html.select(".signers li")] == ["Dana Z.", "Alma Z."]
    assert "Bolat" not in page.text and "Zhaksybekova" not in page.text


def test_the_list_of_signers_is_paged(browser, path, clock, monkeypatch):
    monkeypatch.setattr(signing_views, "PAGE_SIZE", 2)
    for email in (ALMA, DANA, ERLAN):
        sign(browser(email), path, listed=True)
        clock.advance(timedelta(minutes=1))
    first = browser().get(path + "signers")
    assert [li.text for li in first.html.select(".signers li")] == ["Erlan Z.", "Dana Z."]
    second = first.click(href="after=")
    assert [li.text for li in second.html.select(".signers li")] == ["Alma Z."]
    assert not second.html.select('a[rel="next"]')


def test_two_tabs_sign_once(browser, path, database):
    alma = browser(ALMA)
    first, second = alma.get(path), alma.get(path)
    for page in (first, second):
        form = next(f for f in page.forms.values() if f.action.endswith("/sign"))
        form.submit("sign")
    assert "already signed" in alma.get(path).text
    found = petition(database, path)
    assert (found.count(), found.tally.at_least(0), len(found.signatures)) == (1, 1, 1)


def test_a_signer_withdraws_while_open_and_may_sign_again(browser, path, database, clock):
    alma = browser(ALMA)
    sign(alma, path, region=YESIL, listed=True)
    page = alma.get(path)
    assert page.html.select_one(".signing .signed")
    page = page.forms[
        next(k for k, f in page.forms.items() if f.action.endswith("/withdraw"))
    ].submit("withdraw")
    page = page.follow()
    assert "Your signature is withdrawn." in page.text
    found = petition(database, path)
    assert (found.count(), found.counted(), found.tally.listed_count()) == (0, 0, 0)
    assert sum(counter() for counter in found.tally.regions.values()) == 0
    assert sum(counter() for counter in found.tally.hours.values()) == 0
    assert "Alma" not in browser().get(path + "signers").text
    sign(alma, path)
    assert petition(database, path).count() == 1
    # Once the collection period is over, a signature stays.
    clock.advance(timedelta(days=31))
    token = alma.get(path).html.select_one('input[name="csrf_token"]')["value"]
    alma.post(path + "withdraw", {"csrf_token": token}).follow()
    assert petition(database, path).count() == 1


def test_the_author_cannot_withdraw_nor_anyone_who_did_not_sign(browser, path, database):
    author = browser(AUTHOR)
    sign(author, path)
    token = author.get(path).html.select_one('input[name="csrf_token"]')["value"]
    page = author.post(path + "withdraw", {"csrf_token": token}).follow()
    assert "The author's signature stays on the petition." in page.text
    bolat = browser(BOLAT)
    token = bolat.get(path).html.select_one('input[name="csrf_token"]')["value"]
    page = bolat.post(path + "withdraw", {"csrf_token": token}).follow()
    assert "You have not signed this petition." in page.text
    assert petition(database, path).count() == 1
    browser().post(path + "sign", status=403)


def test_an_unknown_territory_is_refused(browser, path, database):
    alma = browser(ALMA)
    token = alma.get(path).html.select_one('input[name="csrf_token"]')["value"]
    page = alma.post(path + "sign", {"csrf_token": token, "region": "999"}).follow()
    assert "Choose your territory from the list." in page.text
    assert petition(database, path).count() == 0


@pytest.mark.parametrize("settings", ["20"], indirect=True)
def test_public_counts_are_at_most_counts_seconds_old(browser, path, clock, database):
    sign(browser(ALMA), path)
    # The page Alma signed on made the counts before her signature.
    assert not browser().get(path).html.select(".counts")
    clock.advance(timedelta(seconds=20))
    assert cells(browser().get(path), ".levels")["A confirmed e-mail address"][0] == "0"
    sign(browser(BOLAT), path)
    clock.advance(timedelta(seconds=19))
    page = browser().get(path)
    assert cells(page, ".levels")["A confirmed e-mail address"][0] == "0"
    with database() as root:
        petition = root["petitions"][path.strip("/").split("/")[-1]]
        total, counted = petition.count(), petition.counted()
    assert total == 2
    # The figure against the threshold is read live: the counted signatures.
    assert page.html.select_one(".count").text.split()[0] == str(counted)
    clock.advance(timedelta(seconds=1))
    assert cells(browser().get(path), ".levels")["A confirmed e-mail address"][0] == "1"


def test_the_counts_and_the_form_in_russian(browser, path):
    sign(browser(ALMA), path, region=YESIL)
    page = browser(BOLAT).get(path, headers={"Accept-Language": "ru"})
    assert page.html.select_one("#counts-heading").text == "Кто подписал"
    assert "район Есиль" in page.html.select_one(".regions").text
    assert "Показать меня в открытом списке" in page.html.select_one(".sign-form").text
    assert "В порог 3 засчитываются подписи" in page.html.select_one(".counted").text


def test_an_anonymous_reader_gets_a_page_shared_caches_may_keep(browser, path):
    """No form with a token on the page an anonymous reader gets (the
    moderators' reject form is made for moderators only), so no session,
    and a front cache may answer a surge of readers from one rendering."""
    page = browser().get(path)
    assert "Set-Cookie" not in page.headers
    assert "public" in page.headers["Cache-Control"]
    assert page.headers["ETag"]
    assert not page.html.select('input[name="csrf_token"]')


@pytest.mark.parametrize("settings", ["20"], indirect=True)
def test_the_counts_made_once_are_shown_in_each_readers_language(browser, path, clock):
    sign(browser(ALMA), path, region=YESIL, listed=True)
    clock.advance(timedelta(seconds=20))
    english = browser().get(path)
    russian = browser().get(path, headers={"Accept-Language": "ru"})
    assert english.html.select_one("#counts-heading").text == "Who signed"
    assert russian.html.select_one("#counts-heading").text == "Кто подписал"
    assert "район Есиль" in russian.html.select_one(".regions").text
    # A signed-in reader gets the same counts with their own form.
    bolat = browser(BOLAT).get(path)
    assert str(bolat.html.select_one(".counts")) == str(english.html.select_one(".counts"))
    assert bolat.html.select_one(".sign-form")
    assert "Yesil District" in english.html.select_one(".regions").text
