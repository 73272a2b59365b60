"""Every kind of mail reaches a kk, a ru and an en recipient in their own
language, while whoever's request sends it browses in another: the subject,
the body and, under the signature, a line in each of the two other
languages leading to the site in it."""

from datetime import date, timedelta

import factories
import pytest
from conftest import _login
from functional.test_juries import ORGANISER, create_jury, form_to, valid_iin
from functional.test_jury_findings import add_recommendations
from functional.test_responses import comment_url, fill
from webtest import TestApp

from consult.feedback.services import FeedbackService

LANGUAGES = ("kk", "ru", "en")
# Whoever sends the mail to a reader of the key browses in the value.
SENDER = {"kk": "ru", "ru": "en", "en": "kk"}
# The subjects in Kazakh and Russian as the catalogs have them (English is the msgid).
SUBJECTS = {
    "Confirm your e-mail address": (
        "Электрондық пошта мекенжайыңызды растаңыз",
        "Подтвердите адрес электронной почты",
    ),
    "You already have an account": ("Сізде есептік жазба бар", "У вас уже есть учётная запись"),
    "Reset your password": ("Құпиясөзді қалпына келтіру", "Восстановление пароля"),
    "Your account is locked for a while": (
        "Есептік жазбаңыз біраз уақытқа бұғатталды",
        "Ваша учётная запись временно заблокирована",
    ),
    "The ministry has answered your comment": (
        "Министрлік пікіріңізге жауап берді",
        "Министерство ответило на ваш комментарий",
    ),
    "The answer to your comment was revised": (
        "Пікіріңізге берілген жауап өзгертілді",
        "Ответ на ваш комментарий изменен",
    ),
    "Your application to a citizens' jury": (
        "Азаматтық алқаға өтініміңіз",
        "Ваша заявка в гражданское жюри",
    ),
    "About your application to a citizens' jury": (
        "Азаматтық алқаға берген өтініміңіз туралы",
        "О вашей заявке в гражданское жюри",
    ),
    "You have been drawn for a citizens' jury": (
        "Сіз азаматтық алқаға жеребе арқылы таңдалдыңыз",
        "Вы выбраны по жребию в гражданское жюри",
    ),
    "The ministry has answered your jury's recommendation": (
        "Министрлік алқаңыздың ұсынымына жауап берді",
        "Министерство ответило на рекомендацию вашего жюри",
    ),
    "The ministry revised its answer to your jury's recommendation": (
        "Министрлік алқаңыздың ұсынымына берген жауабын өзгертті",
        "Министерство изменило ответ на рекомендацию вашего жюри",
    ),
}
GREETING = {"kk": "Сәлеметсіз бе, ", "ru": "Здравствуйте, ", "en": "Hello "}
DECISION = {
    "accepted": {"kk": "Қабылданды", "ru": "Принято", "en": "Accepted"},
    "rejected": {"kk": "Қабылданбады", "ru": "Отклонено", "en": "Rejected"},
}
FOOT = {
    "kk": "Сайт қазақ тілінде: http://localhost/set-language?lang=kk",
    "ru": "Сайт на русском языке: http://localhost/set-language?lang=ru",
    "en": "This site in English: http://localhost/set-language?lang=en",
}


def subject_in(msgid, language):
    return msgid if language == "en" else SUBJECTS[msgid][LANGUAGES.index(language)]


def mail_to(outbox, address):
    return [m for m in outbox.messages() if address in m["To"]]


def body_of(message):
    return message.get_body(("plain",)).get_content()


def assert_written_in(message, msgid, language):
    assert message["Subject"] == subject_in(msgid, language)
    body = body_of(message)
    assert body.startswith(GREETING[language]), body[:80]
    signature = body.index("\n-- \nconsult\n")
    foot = body[signature:]
    for other in LANGUAGES:
        assert (FOOT[other] in foot) is (other != language), foot
    assert "set-language" not in body[:signature]


def only_mail(outbox, address, msgid, language):
    """The one message with subject `msgid` (in `language`) to `address`."""
    wanted = subject_in(msgid, language)
    [message] = [m for m in mail_to(outbox, address) if m["Subject"] == wanted]
    assert_written_in(message, msgid, language)
    return message


@pytest.fixture
def browsing(wsgi_app):
    """browsing("kk") is a new browser whose interface language is Kazakh;
    browsing("kk", "a@example.kz") signs that person in with it."""

    def make(language, email_address=None, address="10.1.1.1"):
        app = TestApp(
            wsgi_app, extra_environ={"HTTP_ACCEPT_LANGUAGE": language, "REMOTE_ADDR": address}
        )
        if email_address:
            _login(app, email_address)
        return app

    return make


@pytest.fixture
def settings(settings):
    """The lock comes after three failed sign-ins instead of twenty."""
    return dict(
        settings,
        **{
            "consult.limits.signin": "",
            "consult.limits.signin.address": "",
            "consult.limits.signin.lock": "3/hour",
        },
    )


def register(app, email_address, first_name="Aigerim"):
    form = app.get("/register").forms["deform"]
    form["first_name"] = first_name
    form["last_name"] = "Serikova"
    form["email"] = email_address
    form["password"] = form["password-confirm"] = "a long enough passphrase"
    return form.submit("register")


def stored_language(database, email_address):
    with database() as root:
        return root["principals"].find_by_email(email_address).language


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_mail_is_in_the_owners_language(language, browsing, outbox, database):
    person = f"{language}@example.kz"
    sender = SENDER[language]

    # Confirmation: in the language the person registers in, which the
    # account keeps even when the link is opened in a browser in another.
    register(browsing(language), person)
    message = only_mail(outbox, person, "Confirm your e-mail address", language)
    link = body_of(message).split("http://localhost", 1)[1].split()[0]
    browsing(sender).get(link).maybe_follow()
    assert stored_language(database, person) == language

    # Someone browsing in another language registers the address again.
    register(browsing(sender, address="10.2.2.2"), person, "Someone")
    only_mail(outbox, person, "You already have an account", language)

    # A reset link asked for from a browser in another language.
    form = browsing(sender).get("/forgot-password").forms["deform"]
    form["email"] = person
    form.submit("send")
    only_mail(outbox, person, "Reset your password", language)

    # Wrong passwords from a browser in another language lock the account.
    guesser = browsing(sender, address="10.3.3.3")
    for _attempt in range(3):
        form = guesser.get("/login").forms["deform"]
        form["email"] = person
        form["password"] = "not the password at all"
        form.submit("login", expect_errors=True)
    only_mail(outbox, person, "Your account is locked for a while", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_confirmation_link_is_in_the_accounts_language(
    language, browsing, outbox, database, make_user
):
    person = f"{language}@example.kz"
    make_user(person, confirmed=False)
    with database() as root:
        root["principals"].find_by_email(person).language = language
    app = browsing(SENDER[language], person)
    page = app.get("/account")
    [resend] = [f for f in page.forms.values() if f.action.endswith("/resend-confirmation")]
    resend.submit()
    only_mail(outbox, person, "Confirm your e-mail address", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_answer_to_a_comment_is_in_its_authors_language(
    language, browsing, outbox, database, clock, make_user, make_consultation
):
    author = f"{language}@example.kz"
    slug = make_consultation()
    make_user(author)
    make_user("editor@example.kz", "Erlan", "Editov", roles=("editor",))
    # The author chooses their language with the switcher, signed in.
    browsing("en", author).get("/set-language", params={"lang": language})
    assert stored_language(database, author) == language
    with database() as root:
        consultation = root["consultations"][slug]
        target = consultation.current_draft()["3"].target
        commenter = root["principals"].find_by_email(author)
        comment_id = (
            FeedbackService(clock, {})
            .post(consultation, target, commenter, "Fifteen jurors are too few.", "against")
            .id
        )

    editor = browsing(SENDER[language], "editor@example.kz")
    form = fill(editor.get(comment_url(slug, comment_id, "answer")).forms["answer-form"])
    assert form.submit("answer").status_int == 303
    message = only_mail(outbox, author, "The ministry has answered your comment", language)
    assert DECISION["rejected"][language] in body_of(message)

    form = editor.get(comment_url(slug, comment_id, "revise-answer")).forms["revise-form"]
    form["revise-form-disposition"] = "accepted"
    form["why"] = "The working group changed its position."
    assert form.submit("answer").status_int == 303
    message = only_mail(outbox, author, "The answer to your comment was revised", language)
    assert DECISION["accepted"][language] in body_of(message)


def apply_in(browsing, language, number, iin_value):
    page = browsing(language, address=f"10.7.0.{number}").get("/juries/pension-jury/apply")
    form = page.forms["application"]
    form["full_name"] = f"Applicant Number{number}"
    form["email"] = f"applicant{number}@example.kz"
    form["phone"] = f"+7 701 555 {number:04d}"
    form["iin"] = iin_value
    form["address"] = f"Astana, Abai avenue {number}, flat {number}"
    form["gender"] = "female"
    form["language"] = "kk"
    form["consent"] = True
    response = form.submit("apply")
    assert response.status_int == 303, response.text
    return f"applicant{number}@example.kz"


def test_jury_mail_is_in_each_applicants_language(
    browsing, outbox, database, clock, make_user, make_consultation
):
    make_consultation(stage_open="closed")
    make_user(ORGANISER, "Dana", "Organiser", roles=("organiser",))
    make_user("editor@example.kz", "Yerlan", "Editor", roles=("editor",))
    organiser = browsing("en", ORGANISER)
    page = create_jury(organiser)
    assert page.status_int == 303
    with database() as root:
        root["juries"]["pension-jury"].answer_deadline = None

    # The receipt, in the language each applies in.
    applicants = {}
    for number, language in enumerate(LANGUAGES, 1):
        iin_value = valid_iin(number * 7, born=date(1980, 1, number))
        applicants[language] = apply_in(browsing, language, number, iin_value)
        only_mail(outbox, applicants[language], "Your application to a citizens' jury", language)
        # The same IIN again, from someone browsing in another language: the
        # applicant whose application stands is told, in theirs.
        apply_in(browsing, SENDER[language], number + 10, iin_value)
        only_mail(
            outbox, applicants[language], "About your application to a citizens' jury", language
        )

    # The invitations, sent by an organiser browsing in another language.
    clock.advance(timedelta(days=10))
    for language in LANGUAGES:
        with database() as root:
            for applicant in root["juries"]["pension-jury"].applicants.values():
                if applicant.email == applicants[language]:
                    applicant.status = "selected"
        organiser = browsing(SENDER[language], ORGANISER)
        form_to(organiser.get("/juries/pension-jury/manage"), "/invite").submit()
        only_mail(
            outbox, applicants[language], "You have been drawn for a citizens' jury", language
        )

    # The ministry's answer to the panel's recommendation reaches each
    # juror in the language of their account.
    jurors = []
    with database() as root:
        jury = root["juries"]["pension-jury"]
        for applicant in jury.panel():
            principal = factories.principal(
                applicant.email, "Juror", "Panel", created=clock.now(), confirmed_at=clock.now()
            )
            principal.language = applicant.language
            root["principals"].add_principal(principal)
            applicant.status = "accepted"
            applicant.userid = principal.id
            jury.grant_local_role(principal.id, "juror")
            jurors.append(principal.id)
    first_id, _second_id = add_recommendations(database, clock, jurors)
    form = (
        browsing("en", ORGANISER).get("/juries/pension-jury/submit-findings").forms["findings-form"]
    )
    form["summary"] = (
        "The panel met on two Saturdays, heard six experts and agrees on two "
        "recommendations about indexation."
    )
    form["language"] = "en"
    assert form.submit("submit").status_int == 303

    answer_url = f"/juries/pension-jury/answer-recommendation?recommendation={first_id}"
    # Answered from Russian, revised from Kazakh: each juror gets one of the
    # two from a sender browsing in another language than theirs.
    for browsing_in, msgid, disposition, why in (
        ("ru", "The ministry has answered your jury's recommendation", "partly", None),
        (
            "kk",
            "The ministry revised its answer to your jury's recommendation",
            "accepted",
            "The budget allows it after all.",
        ),
    ):
        editor = browsing(browsing_in, "editor@example.kz")
        form = editor.get(answer_url).forms["answer-form"]
        form["answer-form-disposition"] = disposition
        form["reason"] = (
            "The ministry will index pensions twice a year, in January and July, from "
            "next year; the budget law will say so."
        )
        form["language"] = "en"
        if why is not None:
            form["why"] = why
        assert form.submit("answer").status_int == 303
        for language in LANGUAGES:
            only_mail(outbox, applicants[language], msgid, language)


def test_the_language_is_chosen_on_the_account_page(browsing, outbox, database, make_user):
    person = "aigerim@example.kz"
    make_user(person)
    app = browsing("en", person)
    assert stored_language(database, person) == "en"  # signing in kept the browser's
    form = app.get("/account").forms["deform"]
    assert [value for value, _selected, _text in form["language"].options] == list(LANGUAGES)
    assert form["language"].value == "en"

    form["language"].force_value("de")
    page = form.submit("save")
    assert page.status_int == 200 and stored_language(database, person) == "en"

    form = page.forms["deform"]
    form["language"] = "kk"
    page = form.submit("save")
    assert page.status_int == 303 and stored_language(database, person) == "kk"
    # The site follows the choice, as with the switcher.
    assert page.follow().html.html["lang"] == "kk"

    form = browsing("ru").get("/forgot-password").forms["deform"]
    form["email"] = person
    form.submit("send")
    only_mail(outbox, person, "Reset your password", "kk")
