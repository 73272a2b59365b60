"""Who finds what: search results honour the same visibility as the pages,
for every role. Hidden, withdrawn and pending comments are never found; an
unpublished consultation is found only by the staff who may see it (site-wide
editors, moderators and administrators, and the people with a local role on
it); moderation and publication show in results after the index catches up."""

from datetime import timedelta

import pytest
from webtest import TestApp

from consult.consultations.services import ConsultationService
from consult.feedback.services import FeedbackService

SECRET = "secret-reform"
VISIBLE_WORD = "apricot"
HIDDEN_WORD = "blackberry"
WITHDRAWN_WORD = "cherimoya"
PENDING_WORD = "damson"
UNPUBLISHED_WORD = "zeppelin"

ROLES = {
    # name: (site-wide roles, local role on the unpublished consultation, sees it)
    "anonymous": (None, None, False),
    "citizen": ((), None, False),
    "expert": (("expert",), None, False),
    "moderator": (("moderator",), None, True),
    "editor": (("editor",), None, True),
    "local editor": ((), "editor", True),
    # An expert of an unpublished consultation may not read it (its ACL lets
    # staff roles only), so may not find it either.
    "local expert": ((), "expert", False),
    "administrator": (("administrator",), None, True),
}


def found(person, words):
    """The URLs the search page and the API give `person` for `words`; both
    must agree."""
    page = person.get("/search", params={"q": words})
    on_page = [a["href"] for a in page.html.select("ol.search-results h3 a")]
    api = person.get("/api/search", params={"q": words}).json
    assert [result["url"] for result in api["results"]] == on_page
    assert api["total"] == len(on_page)
    return on_page


@pytest.fixture
def person(wsgi_app, login, make_user):
    """person(name) -> a WebTest client signed in with the role of ROLES[name]."""

    def make(name):
        roles, _, _ = ROLES[name]
        client = TestApp(wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
        if roles is not None:
            address = name.replace(" ", "-") + "@example.kz"
            make_user(address, name.title(), "Testova", roles=roles)
            client.email = address
            login(client, address)
        return client

    return make


@pytest.fixture
def site(database, clock, make_user, make_consultation):
    """A published consultation with a visible, a hidden and a withdrawn
    comment; a pre-moderated one with a pending comment; an unpublished one."""
    make_consultation()
    make_consultation("premoderated", premoderation=True)
    make_user("author@example.kz", "Aigerim", "Serikova")
    make_user("marat@example.kz", "Marat", "Moderov", roles=("moderator",))
    feedback = FeedbackService(clock, {})
    ids = {}
    with database() as root:
        principals = root["principals"]
        author = principals.find_by_email("author@example.kz")
        moderator = principals.find_by_email("marat@example.kz")
        consultation = root["consultations"]["citizens-juries"]
        target = consultation.current_draft()["3"].target
        for word in (VISIBLE_WORD, HIDDEN_WORD, WITHDRAWN_WORD):
            comment = feedback.post(
                consultation, target, author, f"The {word} argument about article three.", "against"
            )
            ids[word] = comment.id
        feedback.hide(
            consultation,
            consultation.comments.get(ids[HIDDEN_WORD]),
            moderator,
            "Insults another participant",
        )
        feedback.withdraw(consultation, consultation.comments.get(ids[WITHDRAWN_WORD]), author)
        premoderated = root["consultations"]["premoderated"]
        comment = feedback.post(
            premoderated,
            premoderated.current_draft()["3"].target,
            author,
            f"The {PENDING_WORD} argument, awaiting approval.",
            "for",
        )
        assert comment.state == "pending"
        ids[PENDING_WORD] = comment.id

        service = ConsultationService(root["consultations"], clock)
        secret = service.create(
            SECRET,
            {"en": f"A {UNPUBLISHED_WORD} reform", "ru": f"Реформа {UNPUBLISHED_WORD}"},
            {"en": "Not announced yet."},
            {"en": "Ministry of Transport"},
            [],
            author,
        )
        service.add_question(secret, {"en": f"Should the {UNPUBLISHED_WORD} fly?"})
        now = clock.now()
        service.schedule(secret, "green", now + timedelta(days=5), now + timedelta(days=30))
    return ids


def grant_local(database, clock, name, person):
    role = ROLES[name][1]
    if role is None:
        return
    with database() as root:
        principal = root["principals"].find_by_email(person.email)
        ConsultationService(root["consultations"], clock).grant_local_role(
            root["consultations"][SECRET], principal, role
        )


@pytest.mark.parametrize("name", ROLES)
def test_what_each_role_finds(name, site, person, database, clock, search_sync):
    viewer = person(name)
    grant_local(database, clock, name, viewer)
    search_sync()

    [url] = found(viewer, VISIBLE_WORD)
    assert url == f"http://localhost/consultations/citizens-juries/comments/{site[VISIBLE_WORD]}/"
    for word in (HIDDEN_WORD, WITHDRAWN_WORD, PENDING_WORD):
        assert found(viewer, word) == [], f"{name} finds the {word} comment"
        assert "argument" not in viewer.get("/search", params={"q": word}).text

    secret = found(viewer, UNPUBLISHED_WORD)
    sees_unpublished = ROLES[name][2]
    if sees_unpublished:
        assert f"http://localhost/consultations/{SECRET}/" in secret
        assert any("#question-" in url for url in secret)
        # They can follow what they find.
        viewer.get(f"/consultations/{SECRET}/", status=200)
    else:
        assert secret == [], f"{name} finds the unpublished consultation"
        # Naming it as a filter neither finds nor reveals it.
        page = viewer.get("/search", params={"q": "reform", "consultation": SECRET})
        assert "There is no such choice" in page.text
        assert UNPUBLISHED_WORD not in page.text
        response = viewer.get(
            "/api/search", params={"q": "reform", "consultation": SECRET}, status=400
        )
        assert UNPUBLISHED_WORD not in response.text


def test_a_local_role_elsewhere_shows_nothing(
    site, person, database, clock, make_consultation, search_sync
):
    """An editor of another consultation does not find this unpublished one."""
    make_user_client = person("citizen")
    with database() as root:
        principal = root["principals"].find_by_email(make_user_client.email)
        ConsultationService(root["consultations"], clock).grant_local_role(
            root["consultations"]["premoderated"], principal, "editor"
        )
    search_sync()
    assert found(make_user_client, UNPUBLISHED_WORD) == []
    assert found(make_user_client, PENDING_WORD) == []


def test_staff_filter_by_an_unpublished_consultation(site, person, search_sync):
    editor = person("editor")
    search_sync()
    page = editor.get("/search", params={"q": UNPUBLISHED_WORD, "consultation": SECRET})
    assert "There is no such choice" not in page.text
    # The consultation in English and Russian, and its question.
    assert len(page.html.select("ol.search-results > li")) == 3
    legend = [f for f in page.html.select("fieldset") if f.legend.text == "Consultation"]
    assert f"A {UNPUBLISHED_WORD} reform" in legend[0].text


def test_moderation_shows_in_results_after_the_index_catches_up(
    site, person, database, clock, search_sync, login, make_user
):
    search_sync()
    citizen, moderator = person("citizen"), person("moderator")
    anonymous = person("anonymous")
    url = f"http://localhost/consultations/citizens-juries/comments/{site[VISIBLE_WORD]}/"
    for viewer in (citizen, moderator, anonymous):
        assert found(viewer, VISIBLE_WORD) == [url]

    # A moderator hides it through the app: nobody finds it any more.
    page = moderator.get(f"/consultations/citizens-juries/comments/{site[VISIBLE_WORD]}/hide")
    form = page.forms["deform"]
    form["reason"] = "Someone's personal data"
    assert form.submit("hide").status_int == 303
    search_sync()
    for viewer in (citizen, moderator, anonymous):
        assert found(viewer, VISIBLE_WORD) == []

    # Restored, it is found again.
    page = moderator.get(f"/consultations/citizens-juries/comments/{site[VISIBLE_WORD]}/restore")
    form = page.forms["deform"]
    form["reason"] = "The data was public already"
    assert form.submit("restore").status_int == 303
    search_sync()
    assert found(anonymous, VISIBLE_WORD) == [url]

    # Its author withdraws it through the app: gone for good.
    author = TestApp(citizen.app, extra_environ={"HTTP_ACCEPT_LANGUAGE": "en"})
    login(author, "author@example.kz")
    page = author.get(f"/consultations/citizens-juries/comments/{site[VISIBLE_WORD]}/withdraw")
    assert [f for f in page.forms.values() if f.action.endswith("/withdraw")][
        0
    ].submit().status_int == 303
    search_sync()
    for viewer in (citizen, moderator, anonymous, author):
        assert found(viewer, VISIBLE_WORD) == []


def test_approval_and_publication_show_in_results(site, person, database, clock, search_sync):
    search_sync()
    anonymous = person("anonymous")
    assert found(anonymous, PENDING_WORD) == []
    assert found(anonymous, UNPUBLISHED_WORD) == []
    with database() as root:
        moderator = root["principals"].find_by_email("marat@example.kz")
        premoderated = root["consultations"]["premoderated"]
        FeedbackService(clock, {}).approve(
            premoderated,
            premoderated.comments.get(site[PENDING_WORD]),
            moderator,
            "Within the rules",
        )
        ConsultationService(root["consultations"], clock).publish(root["consultations"][SECRET])
    search_sync()
    assert found(anonymous, PENDING_WORD) == [
        f"http://localhost/consultations/premoderated/comments/{site[PENDING_WORD]}/"
    ]
    assert f"http://localhost/consultations/{SECRET}/" in found(anonymous, UNPUBLISHED_WORD)
