"""Account workflows: register, confirm, sign in, reset a password."""
import hashlib
import secrets
from datetime import timedelta

from zope.interface import Interface, implementer

from ..i18n import _
from ..urls import public_url
from .models import Principal
from .passwords import hash_password, verify_password

CONFIRM_TTL = timedelta(days=7)
RESET_TTL = timedelta(hours=2)


class IAccountService(Interface):
    pass


class AccountError(ValueError):
    """A refusal the person can act on; `message` is translatable."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _digest(token):
    # Tokens are stored hashed: a copy of the database does not hold usable links.
    return hashlib.sha256(token.encode()).hexdigest()


@implementer(IAccountService)
class AccountService:
    def __init__(self, principals, clock, mailer, request):
        self.principals = principals
        self.clock = clock
        self.mailer = mailer
        self.request = request

    def _issue_token(self, purpose, principal, ttl):
        token = secrets.token_urlsafe(32)
        self.principals.tokens[_digest(token)] = (purpose, principal.id, self.clock.now() + ttl)
        return token

    def _redeem_token(self, purpose, token):
        record = self.principals.tokens.get(_digest(token or ""))
        if record is None or record[0] != purpose:
            raise AccountError(_("This link is not valid. It may have been used already."))
        del self.principals.tokens[_digest(token)]
        if record[2] < self.clock.now():
            raise AccountError(_("This link has expired. Please ask for a new one."))
        principal = self.principals.get(record[1])
        if principal is None:
            raise AccountError(_("This link is not valid. It may have been used already."))
        return principal

    def register(self, email, first_name, last_name, password):
        if self.principals.find_by_email(email) is not None:
            raise AccountError(_("An account with this e-mail address exists already. "
                                 "Sign in, or reset your password."))
        principal = Principal(email, first_name, last_name, hash_password(password),
                              self.clock.now())
        self.principals.add_principal(principal)
        self.send_confirmation(principal)
        return principal

    def send_confirmation(self, principal):
        token = self._issue_token("confirm", principal, CONFIRM_TTL)
        link = public_url(self.request, self.request.root, "confirm", query={"token": token})
        self.mailer.send(
            principal.email,
            _("Confirm your e-mail address"),
            _("Hello ${name},\n\nplease confirm your e-mail address by opening this link "
              "(it works for seven days):\n\n${link}\n\nIf you did not register, ignore this "
              "message.", mapping={"name": principal.first_name, "link": link}),
        )

    def confirm(self, token):
        principal = self._redeem_token("confirm", token)
        if principal.confirmed_at is None:
            principal.confirmed_at = self.clock.now()
        return principal

    def authenticate(self, email, password):
        principal = self.principals.find_by_email(email)
        if principal is None or not verify_password(principal.password_hash, password):
            raise AccountError(_("The e-mail address or the password is wrong."))
        return principal

    def request_password_reset(self, email):
        """Send a reset link if the account exists; say nothing either way,
        so the form cannot be used to learn who has an account."""
        principal = self.principals.find_by_email(email)
        if principal is None:
            return
        token = self._issue_token("reset", principal, RESET_TTL)
        link = public_url(self.request, self.request.root, "reset-password",
                          query={"token": token})
        self.mailer.send(
            principal.email,
            _("Reset your password"),
            _("Hello ${name},\n\nto choose a new password, open this link (it works for two "
              "hours):\n\n${link}\n\nIf you did not ask for this, ignore this message; your "
              "password stays as it is.", mapping={"name": principal.first_name, "link": link}),
        )

    def check_reset_token(self, token):
        record = self.principals.tokens.get(_digest(token or ""))
        return record is not None and record[0] == "reset" and record[2] >= self.clock.now()

    def reset_password(self, token, password):
        principal = self._redeem_token("reset", token)
        principal.password_hash = hash_password(password)
        # Following the link proves the address, too.
        if principal.confirmed_at is None:
            principal.confirmed_at = self.clock.now()
        return principal


def account_service_factory(context, request):
    from ..clock import IClock
    from ..mail import IMailService

    return AccountService(
        request.root["principals"],
        request.find_service(IClock),
        request.find_service(IMailService),
        request,
    )
