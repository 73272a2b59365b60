import email
import email.policy

import transaction
from pyramid import testing
from pyramid_mailer.mailer import DebugMailer

from consult.i18n import _
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
