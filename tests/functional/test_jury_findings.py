"""From recruitment to the ministry's answer, through the real app: the jury
is set up with an answer deadline, people apply, the panel is drawn and
accepts, the panel's recommendations and votes are in the workspace, the
organiser submits the findings, everyone reads them (and finds them by
search and in the outcome report), the consultation's editor answers each
recommendation, and the answers are public beside the findings."""

import re
from datetime import timedelta

import factories
import pytest
from conftest import _login
from functional.test_juries import ORGANISER, apply, form_to, runner

from consult.juries.workspace.models import Recommendation

EDITOR = "editor@example.kz"
REASON = (
    "The ministry will index pensions twice a year, in January and July, from "
    "next year; the budget law will say so."
)


def setup_panel(app, database, clock):
    """After the jury is created: 36 applicants, a real draw, the panel
    invited and accepted; returns the jurors' account ids."""
    form = app.get("/juries/pension-jury/quotas")
    form.forms["quotas"].fields["min"][0].value = "9"
    form.forms["quotas"].submit("save")
    with database() as root:
        assert root["juries"]["pension-jury"].answer_deadline is not None
    for number in range(1, 37):
        response = apply(
            app,
            number,
            gender="female" if number % 2 else "male",
            language="kk" if (number // 2) % 2 else "ru",
        )
        assert response.status_int == 303, response.text
    clock.advance(timedelta(days=10))
    draw_page = (
        form_to(app.get("/juries/pension-jury/manage"), "announce-draw").submit().maybe_follow()
    )
    form_to(draw_page, "/start").submit()
    assert runner(app).wait(300)
    form_to(app.get("/juries/pension-jury/manage"), "/invite").submit()
    jurors = []
    with database() as root:
        jury = root["juries"]["pension-jury"]
        assert len(jury.panel()) == 15
        for applicant in jury.panel():
            principal = factories.principal(
                applicant.email, "Juror", "Panel", created=clock.now(), confirmed_at=clock.now()
            )
            root["principals"].add_principal(principal)
            applicant.status = "accepted"
            applicant.userid = principal.id
            jury.grant_local_role(principal.id, "juror")
            jurors.append(principal.id)
    return jurors


def add_recommendations(database, clock, jurors):
    with database() as root:
        jury = root["juries"]["pension-jury"]
        first = Recommendation(
            1,
            "Index pensions twice a year",
            "Pensions should be indexed twice a year, in January and July.",
            "en",
            jurors[0],
            clock.now(),
        )
        first.reasoning = "Prices rise faster than a yearly indexation follows."
        first.minority = "Three jurors prefer a monthly indexation tied to inflation."
        for index, userid in enumerate(jurors[:13]):
            first.votes[userid] = "support" if index < 10 else "oppose"
        second = Recommendation(
            2,
            "Минимальная пенсия",
            "Минимальная пенсия должна быть не ниже прожиточного минимума.",
            "ru",
            jurors[1],
            clock.now(),
        )
        for userid in jurors[:12]:
            second.votes[userid] = "support"
        for recommendation in (first, second):
            jury.workspace.recommendations.add(recommendation.id, recommendation)
        return first.id, second.id


@pytest.fixture
def flow(app, make_user, login, make_consultation, database, clock):
    make_consultation(stage_open="closed")
    make_user(ORGANISER, "Dana", "Organiser", roles=("organiser",))
    login(app, ORGANISER)
    return app


def create_with_deadline(app, deadline):
    page = app.get("/juries/new", params={"consultation": "citizens-juries"})
    form = page.forms["jury"]
    form["name"] = "pension-jury"
    form["remit_en"] = "How should pensions be indexed?"
    form["panel_size"] = "15"
    form["recruitment_opens"] = "2026-03-01"
    form["recruitment_closes"] = "2026-03-10"
    form["sessions"] = "2026-04-04\n2026-04-11"
    form["answer_deadline"] = deadline
    for field in form.fields.get("checkbox", []):
        field.checked = field._value in ("gender", "language")
    return form.submit("create")


def test_the_deadline_is_checked_on_the_form(flow):
    page = create_with_deadline(flow, "2026-04-10")
    assert "The ministry answers after the last session" in page.text
    assert "How should pensions be indexed?" in page.text  # the text is kept
    page = create_with_deadline(flow, "2026-05-15").maybe_follow()
    edit = flow.get("/juries/pension-jury/edit")
    assert edit.forms["jury"]["answer_deadline"].value == "2026-05-15"


def test_from_recruitment_to_the_ministrys_answer(
    flow, app, database, clock, make_user, search_sync, outbox
):
    page = create_with_deadline(app, "2026-05-15")
    assert page.status_int == 303
    jurors = setup_panel(app, database, clock)
    first_id, second_id = add_recommendations(database, clock, jurors)

    public = app.get("/juries/pension-jury")
    assert "The panel has not submitted its findings yet." in public.text
    assert "15 May 2026" in public.text  # the answer deadline

    # Only the organisers submit; bad input keeps the text.
    submit = app.get("/juries/pension-jury/submit-findings")
    assert "Index pensions twice a year" in submit.text  # the preview
    assert "10" in submit.text and "77\u00a0%" in submit.text  # 10 of 13 support
    form = submit.forms["findings-form"]
    form["summary"] = "Too short"
    refused = form.submit("submit", status=400)
    assert "Please write a summary of the findings" in refused.text
    assert "Too short" in refused.text
    form = refused.forms["findings-form"]
    form["summary"] = (
        "The panel met on two Saturdays, heard six experts and agrees on two "
        "recommendations about indexation."
    )
    form["language"] = "en"
    findings = form.submit("submit").maybe_follow()
    assert findings.request.path == "/juries/pension-jury/findings"
    assert "The findings are submitted and public." in findings.text
    with database() as root:
        jury = root["juries"]["pension-jury"]
        assert jury.findings.recommendations[0]["votes"] == {
            "support": 10,
            "oppose": 3,
            "abstain": 0,
        }
    # Submitting again is not possible.
    again = app.get("/juries/pension-jury/submit-findings")
    assert again.status_int == 303 and again.location.endswith("/juries/pension-jury/findings")

    # Everyone reads them, with the shares, reasoning and minority opinions.
    app.reset()
    public = app.get("/juries/pension-jury/findings")
    text = public.text
    assert "Recommendation <span>1</span>" in text or "Recommendation 1" in text
    assert "Prices rise faster than a yearly indexation follows." in text
    assert "Three jurors prefer a monthly indexation" in text
    assert re.search(r"<th scope=\"row\">Support</th><td>10</td><td>77\u00a0%</td>", text)
    assert 'lang="ru"' in text and "Минимальная пенсия" in text
    assert "Answer due by <strong>15 May 2026</strong>" in text
    assert "@example.kz" not in text and "Applicant Number" not in text
    assert "Read the findings and the ministry" in app.get("/juries/pension-jury").text
    consultation = app.get("/consultations/citizens-juries/")
    assert "/juries/pension-jury/findings" in consultation.text

    # Searchable by everyone.
    search_sync()
    data = app.get("/api/search", params={"q": "indexation"}).json
    kinds = {(r["kind"], r["url"]) for r in data["results"]}
    assert ("findings", "http://localhost/juries/pension-jury/findings") in kinds
    data = app.get("/api/search", params={"q": "прожиточного", "kind": "findings"}).json
    assert data["total"] == 1 and data["results"][0]["language"] == "ru"
    page = app.get("/search", params={"q": "indexation", "kind": "findings"})
    assert "Findings of a citizens" in page.text and "/juries/pension-jury/findings" in page.text

    # Only the consultation's staff answer.
    answer_url = f"/juries/pension-jury/answer-recommendation?recommendation={first_id}"
    anonymous = app.get(answer_url, status=303)  # asked to sign in
    assert "/login" in anonymous.location
    _login(app, ORGANISER)  # organises the jury, but answers for no consultation
    app.get(answer_url, status=403)
    app.reset()
    make_user(EDITOR, "Yerlan", "Editor", roles=("editor",))
    _login(app, EDITOR)
    due = app.get("/juries/answers-due")
    assert "Index pensions twice a year" in due.text and "Минимальная пенсия" in due.text
    page = app.get(answer_url)
    form = page.forms["answer-form"]
    form["answer-form-disposition"] = "partly"
    form["reason"] = "Too short."
    refused = form.submit("answer", status=400)
    assert "please write at least" in refused.text and "Too short." in refused.text
    form = refused.forms["answer-form"]
    form["reason"] = REASON
    form["language"] = "en"
    done = form.submit("answer").maybe_follow()
    assert done.request.path == "/juries/pension-jury/findings"
    assert "Partly accepted" in done.text and REASON in done.text
    # The jurors are told by e-mail, after the commit.
    with database() as root:
        juror = root["principals"][jurors[0]]
        address = juror.email
    assert any("has answered recommendation 1" in body for body in outbox.bodies_to(address))
    # A revision needs a reason and keeps the earlier answer.
    page = app.get(answer_url)
    form = page.forms["answer-form"]
    form["answer-form-disposition"] = "accepted"
    refused = form.submit("answer", status=400)
    assert "Please say why the answer changes" in refused.text
    form = refused.forms["answer-form"]
    form["why"] = "The budget commission agreed to the July indexation."
    form.submit("answer").maybe_follow()
    due = app.get("/juries/answers-due")
    assert "Index pensions twice a year" not in due.text and "Минимальная пенсия" in due.text

    # The answers are public beside the findings; officials by role only.
    app.reset()
    public = app.get("/juries/pension-jury/findings").text
    assert "Accepted" in public and "by the Editor" in public
    assert "Earlier answers" in public and "Partly accepted" in public
    assert "The budget commission agreed" in public
    assert "Yerlan" not in public and EDITOR not in public
    assert "/login" in app.get("/juries/answers-due", status=303).location

    # The outcome report includes them: HTML, JSON, CSV.
    report = app.get("/consultations/citizens-juries/report")
    assert "Citizens&#39; juries" in report.text or "Citizens' juries" in report.text
    assert "Index pensions twice a year" in report.text
    data = app.get("/consultations/citizens-juries/report.json").json
    [jury] = data["juries"]
    assert jury["panel_size"] == 15 and jury["answered"] == 1
    assert jury["recommendations"][0]["answer"]["disposition"] == "accepted"
    assert jury["recommendations"][0]["answer"]["revised"] is True
    assert jury["recommendations"][0]["answer"]["role"] == "editor"
    assert jury["recommendations"][1]["answer"] is None
    csv_text = app.get("/consultations/citizens-juries/report.csv").body.decode("utf-8-sig")
    assert "jury_votes,jury-pension-jury-recommendation-1,support,10" in csv_text
    assert "jury_answers,jury-pension-jury-recommendation-1,disposition,accepted" in csv_text
    assert "@" not in app.get("/consultations/citizens-juries/report.json").text


def test_the_printed_report_has_the_findings(flow, app, database, clock, monkeypatch):
    from consult.juries.findings.services import FindingsService
    from consult.juries.models import Applicant
    from consult.reports import views

    create_with_deadline(app, "2026-05-15")
    with database() as root:
        jury = root["juries"]["pension-jury"]
        organiser = root["principals"].find_by_email(ORGANISER)
        for number in range(15):
            applicant = Applicant(
                f"Juror {number}",
                f"j{number}@example.kz",
                "",
                f"i{number}",
                f"h{number}",
                {"gender": "female", "language": "kk"},
                "en",
                clock.now(),
            )
            applicant.status = "accepted"
            jury.applicants.add_applicant(applicant)
        recommendation = Recommendation(
            1,
            "Index pensions twice a year",
            "In January and July.",
            "en",
            organiser.id,
            clock.now(),
        )
        recommendation.votes["someone"] = "support"
        jury.workspace.recommendations.add(recommendation.id, recommendation)
        FindingsService(clock).submit(
            jury, "The panel agrees on one recommendation.", "en", organiser
        )
    printed = []
    monkeypatch.setattr(
        views, "render_pdf", lambda html, base_url: printed.append(html) or b"%PDF-1.7 test"
    )
    app.get("/consultations/citizens-juries/report.pdf")
    [html] = printed
    assert "Index pensions twice a year" in html and "1 of 15 jurors voted" in html
    assert "The findings in full" not in html  # no links in print


def test_only_organisers_submit(flow, app, database, clock, make_user):
    create_with_deadline(app, "2026-05-15")
    with database() as root:
        jury = root["juries"]["pension-jury"]
        assert jury.panel() == []
    page = app.get("/juries/pension-jury/submit-findings")
    assert "The panel has not been drawn yet" in page.text
    assert "findings-form" not in page.text
    app.reset()
    app.get("/juries/pension-jury/findings", status=404)
    make_user("someone@example.kz", roles=("editor",))
    _login(app, "someone@example.kz")
    app.get("/juries/pension-jury/submit-findings", status=403)
    app.post(
        "/juries/pension-jury/submit-findings", {"submit": "1", "summary": "x" * 40}, status=403
    )
