"""Account workflows: register, confirm, sign in and out, change or reset a
password, end someone's sessions.

No answer tells whether an address has an account (docs/security.md, "No
account enumeration"): registering a known address mails its owner instead
of creating anything, and says "check your mail" as for a new one; a new
address gets no account until its link is followed (which also signs the
person in), so there is nothing to sign in to before; a failed sign-in takes
as long for an unknown address as for a wrong password; limits count the
address as typed, whether or not an account uses it."""

import hashlib
import secrets
from datetime import timedelta

from pyramid.security import forget, remember
from zope.interface import implementer

from ..clock import IClock
from ..i18n import LANGUAGES, _
from ..limits import IRateLimiter
from ..limits import record as record_limit
from ..mail import IMailService
from ..urls import public_url
from . import sessions
from .events import PasswordChanged, SessionsEnded
from .interfaces import AccountError, IAccountService
from .lifecycle import AddressChange, Closing
from .models import Principal, normalize_email
from .passwords import hash_password, verify_password, verify_unknown

CONFIRM_TTL = timedelta(days=7)
RESET_TTL = timedelta(hours=2)


def _digest(token):
    # Tokens are stored hashed: a copy of the database does not hold usable links.
    return hashlib.sha256(token.encode()).hexdigest()


_INVALID = _("This link is not valid. It may have been used already.")


@implementer(IAccountService)
class AccountService(AddressChange, Closing):
    def __init__(self, principals, clock, mailer, request, limiter=None):
        self.principals = principals
        self.clock = clock
        self.mailer = mailer
        self.request = request
        self.limiter = limiter

    # -- one-time links ----------------------------------------------------------
    def _issue_token(self, purpose, payload, ttl):
        """A link's token; `payload` is a userid, or a pending registration."""
        token = secrets.token_urlsafe(32)
        self.principals.tokens[_digest(token)] = (purpose, payload, self.clock.now() + ttl)
        return token

    def _redeem_token(self, purposes, token):
        """(purpose, payload) of a live token, which is used up."""
        digest = _digest(token or "")
        record = self.principals.tokens.get(digest)
        if record is None or record[0] not in purposes:
            raise AccountError(_INVALID)
        del self.principals.tokens[digest]
        if record[2] < self.clock.now():
            raise AccountError(_("This link has expired. Please ask for a new one."))
        return record[0], record[1]

    def _link(self, name, token):
        return public_url(self.request, self.request.root, name, query={"token": token})

    # -- registration ------------------------------------------------------------
    def register(self, email, first_name, last_name, password, show_full_name=False, language=None):
        # Hashed whatever the address, so that both answers take as long.
        password_hash = hash_password(password)
        existing = self.principals.find_by_email(email)
        if existing is not None and existing.confirmed:
            self.mailer.send(
                existing.email,
                _("You already have an account"),
                _(
                    "Hello ${name},\n\nsomeone, perhaps you, tried to create an account with this "
                    "e-mail address. You already have one: sign in here:\n\n${login}\n\nIf you "
                    "forgot your password, choose a new one here:\n\n${forgot}\n\nIf it was not "
                    "you, ignore this message; nothing has changed.",
                    mapping={
                        "name": existing.first_name,
                        "login": public_url(self.request, self.request.root, "login"),
                        "forgot": public_url(self.request, self.request.root, "forgot-password"),
                    },
                ),
                existing.language,
            )
            return
        # The account is created only when the link is followed: until then
        # nobody can sign in with this password, so that trying it cannot
        # tell a new address from a known one, and nobody can hold a
        # stranger's address hostage with a password of their own.
        if language not in LANGUAGES:
            language = self.request.locale_name
        pending = (
            normalize_email(email),
            first_name.strip(),
            last_name.strip(),
            password_hash,
            bool(show_full_name),
            language,
        )
        token = self._issue_token("register", pending, CONFIRM_TTL)
        self._mail_confirmation(pending[0], first_name.strip(), token, language)

    def _mail_confirmation(self, email, first_name, token, language):
        self.mailer.send(
            email,
            _("Confirm your e-mail address"),
            _(
                "Hello ${name},\n\nplease confirm your e-mail address by opening this link "
                "(it works for seven days):\n\n${link}\n\nIf you did not register, ignore this "
                "message.",
                mapping={"name": first_name, "link": self._link("confirm", token)},
            ),
            language,
        )

    def send_confirmation(self, principal):
        token = self._issue_token("confirm", principal.id, CONFIRM_TTL)
        self._mail_confirmation(principal.email, principal.first_name, token, principal.language)

    def confirm(self, token):
        purpose, payload = self._redeem_token(("register", "confirm"), token)
        now = self.clock.now()
        if purpose == "confirm":
            principal = self.principals.get(payload)
            if principal is None:
                raise AccountError(_INVALID)
        else:
            # Registrations pending from before languages were stored have
            # five fields.
            email, first_name, last_name, password_hash, show_full_name, *rest = payload
            language = rest[0] if rest else None
            principal = self.principals.find_by_email(email)
            if principal is None:
                principal = self.principals.add_principal(
                    Principal(email, first_name, last_name, password_hash, now, language)
                )
            elif principal.confirmed:
                raise AccountError(
                    _(
                        "This e-mail address has an account already. Sign in, or "
                        "choose a new password if you forgot it."
                    )
                )
            else:
                # An account from before, never confirmed: whoever set its
                # password may not be the owner of the address, who is.
                principal.first_name, principal.last_name = first_name, last_name
                principal.password_hash = password_hash
                sessions.end_all(principal)
                if language is not None:
                    principal.choose_language(language)
            principal.show_full_name = show_full_name
        if principal.confirmed_at is None:
            principal.confirmed_at = now
        return principal

    # -- signing in and out ------------------------------------------------------
    def _limiter(self):
        if self.limiter is None:
            self.limiter = self.request.find_service(IRateLimiter)
        return self.limiter

    def _check_guessing(self, email):
        """Raise RateLimited while password attempts for `email` are paused."""
        limiter = self._limiter()
        key = limiter.email_key(email)
        limiter.check("signin.lock", key)
        limiter.check("signin", key, self.request.client_addr)
        return key

    def _failed(self, key, principal):
        """Count a wrong password (once the transaction commits); the failure
        that locks the account mails its owner a way in."""
        locks = self._limiter().reaches_limit("signin.lock", key)
        record_limit(self.request, "signin", key, self._limiter())
        record_limit(self.request, "signin.lock", key, self._limiter())
        if locks and principal is not None:
            token = self._issue_reset_token(principal)
            self.mailer.send(
                principal.email,
                _("Your account is locked for a while"),
                _(
                    "Hello ${name},\n\nsomeone tried many wrong passwords to sign in to your "
                    "account, so signing in with a password is paused for a while. If it was "
                    "you, choose a new password with this link (it works for two hours and signs "
                    "you in at once):\n\n${link}\n\nIf it was not you, your password was not "
                    "found; you need not do anything.",
                    mapping={
                        "name": principal.first_name,
                        "link": self._link("reset-password", token),
                    },
                ),
                principal.language,
            )

    def authenticate(self, email, password):
        key = self._check_guessing(email)
        principal = self.principals.find_by_email(email)
        if principal is None:
            verify_unknown(password)
        elif verify_password(principal.password_hash, password):
            return principal
        self._failed(key, principal)
        raise AccountError(_("The e-mail address or the password is wrong."))

    def sign_in(self, principal):
        if principal.language is None and self.request.locale_name in LANGUAGES:
            principal.choose_language(self.request.locale_name)
        return remember(self.request, principal.id)

    def sign_out(self):
        return forget(self.request)

    # -- passwords ---------------------------------------------------------------
    def _issue_reset_token(self, principal):
        # One live reset link per account: a newer one revokes the older.
        self._revoke_reset_token(principal)
        token = self._issue_token("reset", principal.id, RESET_TTL)
        principal.reset_digest = _digest(token)
        return token

    def _revoke_reset_token(self, principal):
        if principal.reset_digest is not None:
            self.principals.tokens.pop(principal.reset_digest, None)
            principal.reset_digest = None

    def request_password_reset(self, email):
        """Send a reset link if the account exists; say nothing either way,
        so the form cannot be used to learn who has an account."""
        principal = self.principals.find_by_email(email)
        if principal is None:
            return
        token = self._issue_reset_token(principal)
        self.mailer.send(
            principal.email,
            _("Reset your password"),
            _(
                "Hello ${name},\n\nto choose a new password, open this link (it works for two "
                "hours):\n\n${link}\n\nIf you did not ask for this, ignore this message; your "
                "password stays as it is.",
                mapping={"name": principal.first_name, "link": self._link("reset-password", token)},
            ),
            principal.language,
        )

    def reset_token_principal(self, token):
        digest = _digest(token or "")
        record = self.principals.tokens.get(digest)
        if record is None or record[0] != "reset" or record[2] < self.clock.now():
            return None
        principal = self.principals.get(record[1])
        if principal is None or principal.reset_digest != digest:
            return None
        return principal

    def check_reset_token(self, token):
        return self.reset_token_principal(token) is not None

    def _set_password(self, principal, password, how):
        principal.password_hash = hash_password(password)
        self._revoke_reset_token(principal)
        sessions.end_all(principal)
        self.request.registry.notify(PasswordChanged(self.request, principal, how))

    def reset_password(self, token, password):
        principal = self.reset_token_principal(token)
        self._redeem_token(("reset",), token)
        if principal is None:
            raise AccountError(_INVALID)
        self._set_password(principal, password, "reset")
        # Following the link proves the address, too.
        if principal.confirmed_at is None:
            principal.confirmed_at = self.clock.now()
        return principal

    def change_password(self, principal, current_password, password):
        key = self._check_guessing(principal.email)
        if not verify_password(principal.password_hash, current_password):
            self._failed(key, principal)
            raise AccountError(_("Your current password is not right."))
        self._set_password(principal, password, "change")

    def end_sessions(self, principal):
        count = sessions.end_all(principal)
        self.request.registry.notify(SessionsEnded(self.request, principal, count))
        return count


def account_service_factory(context, request):
    return AccountService(
        request.root["principals"],
        request.find_service(IClock),
        request.find_service(IMailService),
        request,
    )
