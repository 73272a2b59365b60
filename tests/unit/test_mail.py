import email
import email.policy

import pytest
import transaction
from pyramid import testing
from pyramid_mailer.mailer import DebugMailer

from consult.i18n import _, localizer_for
from consult.mail import MailService


def service(tmp_path):
    request = testing.DummyRequest()
    request.tm = transaction.TransactionManager(explicit=True)
    return MailService(DebugMailer(str(tmp_path)), "consult@localhost", request), request


def test_mail_is_written_only_after_commit(tmp_path):
    mail, request = service(tmp_path)
    with testing.testConfig(request=request):
        request.tm.begin()
        mail.send("a@example.kz", _("Subject"), _("Hello ${name}", mapping={"name": "Aigerim"}))
        assert list(tmp_path.iterdir()) == []
        request.tm.commit()
    [message] = list(tmp_path.iterdir())
    parsed = email.message_from_bytes(message.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "a@example.kz"
    assert "Hello Aigerim" in parsed.get_body(("plain",)).get_content()


def test_aborted_transaction_sends_nothing(tmp_path):
    """A retried request aborts its first attempt: that attempt's mail must vanish."""
    mail, request = service(tmp_path)
    with testing.testConfig(request=request):
        request.tm.begin()
        mail.send("a@example.kz", _("Subject"), _("Body"))
        request.tm.abort()
    assert list(tmp_path.iterdir()) == []


def sent_in(tmp_path, language=None, request_language="en", subject=None, body=None):
    """Send one message (`language` None: the request's) and read it back."""
    mail, request = service(tmp_path)
    request.root = testing.DummyResource()
    request.locale_name = request_language
    settings = {"consult.public_url": "https://consult.example.kz"}
    with testing.testConfig(request=request, settings=settings) as config:
        config.add_translation_dirs("consult:i18n/locale")
        request.tm.begin()
        mail.send(
            "a@example.kz",
            subject or _("Reset your password"),
            # A message with a translatable label in its mapping.
            body or _("The verification of ${name} is withdrawn.", mapping={"name": _("Accepted")}),
            language,
        )
        request.tm.commit()
    [message] = list(tmp_path.iterdir())
    parsed = email.message_from_bytes(message.read_bytes(), policy=email.policy.default)
    return parsed["Subject"], parsed.get_body(("plain",)).get_content()


def test_mail_is_written_in_the_recipients_language_not_the_requests(tmp_path):
    subject, body = sent_in(tmp_path, "kk", request_language="ru")
    assert subject == "Құпиясөзді қалпына келтіру"
    # The label inside the sentence too, though the localizer translates no mapping.
    assert body.startswith("Қабылданды: жеке басын растау кері қайтарып алынды.")


def test_without_a_language_the_requests_is_used(tmp_path):
    subject, body = sent_in(tmp_path, None, request_language="ru")
    assert subject == "Восстановление пароля" and body.startswith(
        "Верификация пользователя Принято отменена."
    )


def test_an_unknown_language_is_the_requests(tmp_path):
    subject, _body = sent_in(tmp_path, "de", request_language="kk")
    assert subject == "Құпиясөзді қалпына келтіру"


def test_the_foot_leads_to_the_site_in_the_two_other_languages(tmp_path):
    _subject, body = sent_in(tmp_path, "ru")
    signature, foot = body.split("\n-- \nconsult\n")
    assert foot.splitlines() == [
        "Сайт қазақ тілінде: https://consult.example.kz/set-language?lang=kk",
        "This site in English: https://consult.example.kz/set-language?lang=en",
    ]
    assert "set-language" not in signature


def test_one_localizer_per_language_is_kept():
    with testing.testConfig() as config:
        config.add_translation_dirs("consult:i18n/locale")
        kazakh = localizer_for(config.registry, "kk")
        assert localizer_for(config.registry, "kk") is kazakh
        assert localizer_for(config.registry, "ru") is not kazakh
        assert kazakh.locale_name == "kk"


def test_nothing_is_sent_to_the_reserved_invalid_domain(tmp_path):
    """A closed account's address (accounts.lifecycle) is in .invalid."""
    mail, request = service(tmp_path)
    with testing.testConfig(request=request):
        request.tm.begin()
        mail.send("0f3a@closed.invalid", _("Subject"), _("Body"))
        mail.send("a@example.kz", _("Subject"), _("Body"))
        request.tm.commit()
    [message] = list(tmp_path.iterdir())
    assert "a@example.kz" in message.read_text()


def test_extra_headers_travel_with_the_message(tmp_path):
    """The one-click unsubscribe of RFC 8058 (consult.notifications)."""
    mail, request = service(tmp_path)
    headers = {
        "List-Unsubscribe": "<https://consult.example.kz/unsubscribe?token=x>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    with testing.testConfig(request=request):
        request.tm.begin()
        mail.send("a@example.kz", _("Subject"), _("Body"), headers=headers)
        request.tm.commit()
    [message] = list(tmp_path.iterdir())
    parsed = email.message_from_bytes(message.read_bytes(), policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == headers["List-Unsubscribe"]
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_send_now_delivers_outside_the_transaction_and_raises_on_failure(tmp_path):
    mail, request = service(tmp_path)
    with testing.testConfig(request=request):
        assert mail.send_now("a@example.kz", _("Subject"), _("Body")) is True
        assert len(list(tmp_path.iterdir())) == 1
        assert mail.send_now("closed@closed.invalid", _("Subject"), _("Body")) is False

        def refuse(message):
            raise ConnectionRefusedError("no server")

        mail.mailer.send_immediately = refuse
        with pytest.raises(ConnectionRefusedError):
            mail.send_now("a@example.kz", _("Subject"), _("Body"))
