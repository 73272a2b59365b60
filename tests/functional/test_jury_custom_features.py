"""A feature of the organisers' own, through the real app: defined on the
organiser page (and refused with the text kept), answered by applicants,
part of the draw's inputs and of the public composition table, fixed once
people have applied, and managed by the jury's organisers only."""

import json
from datetime import date, timedelta

import pytest
from functional.test_juries import applicant

from consult import iin

ORGANISER = "organiser@example.kz"
CHILDREN = (
    "Балалары бар / Есть дети / Has children | 40\nБалалары жоқ / Нет детей / No children | 60"
)


def valid_iin(serial):
    while (number := iin.make(date(1984, 6, 1), "m", serial)) is None:
        serial += 1
    return number


def form_to(page, action):
    return [f for f in page.forms.values() if f.action.endswith(action)][0]


@pytest.fixture
def organiser(app, make_user, login, make_consultation):
    make_consultation()
    make_user(ORGANISER, "Dana", "Organiser", roles=("organiser",))
    login(app, ORGANISER)
    page = app.get("/juries/new", params={"consultation": "citizens-juries"})
    form = page.forms["jury"]
    form["name"] = "transport-jury"
    form["remit_en"] = "How should buses run?"
    form["panel_size"] = "15"
    form["recruitment_opens"] = "2026-03-01"
    form["recruitment_closes"] = "2026-03-10"
    for field in form.fields.get("checkbox", []):
        field.checked = field._value == "language"
    assert form.submit("create").status_int == 303
    return app


def add_feature(app, values=CHILDREN, **names):
    form = app.get("/juries/transport-jury/manage").forms["feature"]
    for language in ("kk", "ru", "en"):
        form[f"name_{language}"] = names.get(language, "")
    form["values"] = values
    return form.submit("add")


def apply(app, number, children, language):
    form = applicant(app, number).get("/juries/transport-jury/apply").forms["application"]
    form["full_name"] = f"Applicant Number{number}"
    form["email"] = f"applicant{number}@example.kz"
    form["phone"] = f"+7 701 555 {number:04d}"
    form["iin"] = valid_iin(number * 7)
    form["address"] = f"Karaganda, Bukhar-Zhyrau avenue {number}"
    form["language"] = language
    form["custom-has-children-under-18"] = children
    form["consent"] = True
    return form.submit("apply", expect_errors=True)


def test_a_custom_feature_from_definition_to_draw(organiser, app, clock, database):
    app = organiser
    # Bad input comes back with the text kept and the reason.
    page = add_feature(app, values="Has children\nhas children", en="Has children under 18")
    assert page.status_int == 200
    assert "is written twice: each value needs its own name." in page.text
    assert page.forms["feature"]["name_en"].value == "Has children under 18"
    assert "has children" in page.forms["feature"]["values"].value
    page = add_feature(app, values="Yes | 30\nNo | 30", en="Has children under 18")
    assert "The shares add up to 60 %" in page.text
    page = add_feature(app, values="Yes\nNo")
    assert "Name the feature in at least one language." in page.text
    assert page.forms["feature"]["values"].value == "Yes\nNo"
    with database() as root:
        assert root["juries"]["transport-jury"].custom_features == ()

    page = add_feature(app, en="Has children under 18", ru="Есть дети до 18 лет").follow()
    assert "is added; its quotas are prefilled" in page.text
    assert "Has children under 18" in page.text and "(your own)" in page.text
    with database() as root:
        jury = root["juries"]["transport-jury"]
        assert jury.features == ("language", "custom-has-children-under-18")
        # 40 % and 60 % of 15 (6 and 9), one either side.
        assert jury.quotas["custom-has-children-under-18"] == {
            "has-children": (5, 7),
            "no-children": (8, 10),
        }
    quotas = app.get("/juries/transport-jury/quotas")
    assert "Has children (population share 40.0%)" in quotas.text

    # Applicants answer it like any other question, in their language.
    app.get("/set-language", params={"lang": "ru", "came_from": "/"})
    form = app.get("/juries/transport-jury/apply").forms["application"]
    assert [label for _value, _sel, label in form["custom-has-children-under-18"].options][1:] == [
        "Есть дети",
        "Нет детей",
    ]
    assert "Есть дети до 18 лет" in app.get("/juries/transport-jury/apply").text
    app.get("/set-language", params={"lang": "en", "came_from": "/"})
    refused = apply(app, 99, "", "kk")
    assert refused.status_int != 303 and "Applicant Number99" in refused.text
    for number in range(1, 25):
        response = apply(
            app,
            number,
            "has-children" if number % 2 else "no-children",
            "kk" if (number // 2) % 2 else "ru",
        )
        assert response.status_int == 303, response.text
    applicants = app.get("/juries/transport-jury/applicants")
    assert "Has children under 18" in applicants.text and "No children" in applicants.text
    assert (
        "Yes: a panel that meets every quota" in app.get("/juries/transport-jury/feasibility").text
    )

    # Fixed once people have applied.
    manage = app.get("/juries/transport-jury/manage")
    assert "feature" not in manage.forms
    assert "cannot change once people have applied" in manage.text
    token = form_to(manage, "announce-draw")["csrf_token"].value
    response = app.post(
        "/juries/transport-jury/remove-feature",
        {"csrf_token": token, "feature": "custom-has-children-under-18"},
    )
    assert "cannot change once people have applied" in response.follow().text
    assert "feature" not in app.get("/juries/transport-jury/features").forms
    refused = app.post(
        "/juries/transport-jury/features",
        {"csrf_token": token, "name_en": "Pets", "values": "Yes\nNo", "add": "add"},
    )
    assert "cannot change once people have applied" in refused.text
    with database() as root:
        assert root["juries"]["transport-jury"].features == (
            "language",
            "custom-has-children-under-18",
        )

    # The draw stratifies by it.
    clock.advance(timedelta(days=10))
    manage = app.get("/juries/transport-jury/manage")
    draw_page = form_to(manage, "announce-draw").submit().maybe_follow()
    form_to(draw_page, "/start").submit()
    assert app.app.registry["consult.jury_runner"].wait(300)
    inputs = json.loads(app.get("/juries/transport-jury/draws/1/inputs.json").text)
    assert set(inputs["quotas"]) == {"language", "custom-has-children-under-18"}
    assert inputs["quotas"]["custom-has-children-under-18"]["has-children"] == [5, 7]
    assert {p["features"]["custom-has-children-under-18"] for p in inputs["people"]} == {
        "has-children",
        "no-children",
    }
    with database() as root:
        jury = root["juries"]["transport-jury"]
        assert len(jury.panel()) == 15
        counts = jury.composition()["custom-has-children-under-18"]
        assert 5 <= counts["has-children"] <= 7 and 8 <= counts["no-children"] <= 10

    # The public page shows the panel against its quotas, names only.
    app.reset()
    public = app.get("/juries/transport-jury")
    assert "Has children under 18" in public.text
    assert (
        f"<td>Has children</td>\n        <td>5–7</td>\n        <td>{counts['has-children']}"
        in public.text
    )
    assert "Applicant Number" not in public.text


def test_removing_a_custom_feature_before_anyone_applies(organiser, database):
    app = organiser
    add_feature(app, values="Every day\nSometimes\nNever", kk="Қоғамдық көлік")
    manage = app.get("/juries/transport-jury/manage")
    assert "Қоғамдық көлік" in manage.text
    with database() as root:
        jury = root["juries"]["transport-jury"]
        (feature,) = jury.custom_features
        assert feature.key == "custom-qogamdyq-kolik"
        assert feature.values[0].names == {"kk": "Every day"}
        assert jury.quotas[feature.key] == {
            "every-day": (4, 6),
            "sometimes": (4, 6),
            "never": (4, 6),
        }
    # Shown in Kazakh to an English reader, marked as such.
    assert 'lang="kk">Қоғамдық көлік</strong>' in manage.text
    # Its quotas are edited with the others.
    form = app.get("/juries/transport-jury/quotas").forms["quotas"]
    assert "Every day (population share 33.3%)" in form.text
    form.fields["min"][-1].value = "9"  # "never": the last value of the last feature
    refused = form.submit("save")
    assert "Қоғамдық көлік: each minimum must be from 0 to its maximum" in refused.text
    form = refused.forms["quotas"]
    assert form.fields["min"][-1].value == "9"
    form.fields["min"][-1].value = "2"
    assert "The quotas are saved." in form.submit("save").follow().text
    with database() as root:
        assert root["juries"]["transport-jury"].quotas[feature.key]["never"] == (2, 6)
    page = form_to(manage, "remove-feature").submit().follow()
    assert "is removed, with its quotas" in page.text
    assert "Қоғамдық көлік</strong>" not in page.text  # named only in the message
    with database() as root:
        jury = root["juries"]["transport-jury"]
        assert jury.custom_features == () and jury.features == ("language",)
        assert set(jury.quotas) == {"language"}
    # The settings form keeps the custom features it does not show.
    add_feature(app, values="Yes\nNo", en="Owns a car")
    form = app.get("/juries/transport-jury/edit").forms["jury"]
    form["panel_size"] = "20"
    form.submit("save").follow()
    with database() as root:
        jury = root["juries"]["transport-jury"]
        assert jury.features == ("language", "custom-owns-a-car")
        assert jury.quotas["custom-owns-a-car"] == {"yes": (9, 11), "no": (9, 11)}


@pytest.mark.parametrize("who", ["anonymous", "citizen", "other_organiser"])
def test_only_the_jurys_organisers_manage_its_features(
    organiser, app, make_user, login, database, who
):
    token = app.get("/juries/transport-jury/manage").forms["feature"]["csrf_token"].value
    app.reset()
    if who == "citizen":
        make_user("citizen@example.kz")
        login(app, "citizen@example.kz")
    elif who == "other_organiser":
        make_user("other@example.kz", roles=("organiser",))
        login(app, "other@example.kz")
    if who != "anonymous":
        token = app.get("/juries/transport-jury/apply").forms["application"]["csrf_token"].value
    page = app.get("/juries/transport-jury/features", expect_errors=True)
    added = app.post(
        "/juries/transport-jury/features",
        {"csrf_token": token, "name_en": "Sneaky", "values": "A\nB", "add": "add"},
        expect_errors=True,
    )
    if who == "anonymous":
        assert page.status_int == 303 and "/login" in page.location
    else:
        assert page.status_int == 403 and added.status_int == 403
    with database() as root:
        assert root["juries"]["transport-jury"].custom_features == ()
