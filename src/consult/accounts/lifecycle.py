"""A person's own account over its life: moving it to another e-mail
address, and closing it (a part of AccountService).

Moving: the new address gets a link that makes the move, and the old one is
told once it is made. No answer says whether the new address has an
account of its own: it gets a note instead of a link, and the page says
"check your mail" either way (docs/security.md, "No account enumeration").

Closing: the account's personal data goes and what the person contributed
stays on the public record under a neutral pseudonym, as the law of public
consultations expects (docs/privacy.md). Accounts does its part here;
the capabilities that hold the person's contributions hear AccountClosed
and do theirs (feedback: comments under the pseudonym; juries: an
application's answers)."""

import hashlib
from datetime import timedelta

from ..i18n import _
from ..urls import public_url
from .events import AccountClosed, AddressChanged
from .interfaces import AccountError
from .models import normalize_email
from .passwords import verify_password

ADDRESS_TTL = timedelta(days=1)
# The address a closed account keeps: nobody's, never mailed (RFC 2606's
# reserved top-level domain), unique so that the index by address holds it.
CLOSED_DOMAIN = "closed.invalid"


def pseudonym_of(userid):
    """The neutral name a closed account's contributions are shown under:
    the same for all of one person's comments, telling nothing about them."""
    return hashlib.sha256(f"consult-closed:{userid}".encode()).hexdigest()[:6].upper()


def masked(address):
    """`a***@example.kz`: enough for its owner to recognise, in a mail to
    the old address that another person may read."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


class AddressChange:
    def request_address_change(self, principal, new_email, password):
        key = self._check_guessing(principal.email)
        if not verify_password(principal.password_hash, password):
            self._failed(key, principal)
            raise AccountError(_("Your current password is not right."), "password")
        new_email = normalize_email(new_email)
        if new_email == principal.email:
            raise AccountError(_("This is already your address."), "email")
        if self.principals.find_by_email(new_email) is not None:
            self.mailer.send(
                new_email,
                _("Someone asked to move an account to this address"),
                _(
                    "Hello,\n\nsomeone asked to move their account on this site to this e-mail "
                    "address, but it already belongs to an account, so nothing has changed. "
                    "If it was you, sign in to that account instead, or choose another "
                    "address.\n\n${login}",
                    mapping={"login": public_url(self.request, self.request.root, "login")},
                ),
                principal.language,
            )
            return
        token = self._issue_token("address", (principal.id, new_email), ADDRESS_TTL)
        self.mailer.send(
            new_email,
            _("Confirm your new e-mail address"),
            _(
                "Hello ${name},\n\nopen this link to use this address for your account from now "
                "on (it works for one day):\n\n${link}\n\nIf you did not ask for this, ignore "
                "this message; nothing changes.",
                mapping={
                    "name": principal.first_name,
                    "link": self._link("confirm-address", token),
                },
            ),
            principal.language,
        )

    def confirm_address_change(self, token):
        _purpose, (userid, new_email) = self._redeem_token(("address",), token)
        principal = self.principals.get(userid)
        if principal is None or principal.closed_at is not None:
            raise AccountError(_("This link is not valid. It may have been used already."))
        if self.principals.find_by_email(new_email) is not None:
            raise AccountError(_("This address belongs to another account now."))
        old_email = principal.email
        self.principals.change_email(principal, new_email)
        self.mailer.send(
            old_email,
            _("Your account uses another e-mail address now"),
            _(
                "Hello ${name},\n\nyour account on this site now uses the address ${address}, "
                "and we will write there from now on. If you did not do this, someone who "
                "knows your password has moved your account: write to us at once through the "
                "contact page.",
                mapping={"name": principal.first_name, "address": masked(new_email)},
            ),
            principal.language,
        )
        self.request.registry.notify(AddressChanged(self.request, principal))
        return principal


class Closing:
    def close_account(self, principal, password):
        key = self._check_guessing(principal.email)
        if not verify_password(principal.password_hash, password):
            self._failed(key, principal)
            raise AccountError(_("Your current password is not right."), "password")
        if principal.roles:
            raise AccountError(
                _(
                    "Staff accounts are closed by an administrator, who first hands your "
                    "roles to someone else."
                )
            )
        pseudonym = pseudonym_of(principal.id)
        # Told first: the capabilities find the person's contributions by
        # their userid, which stays, and by nothing personal.
        self.request.registry.notify(AccountClosed(self.request, principal, pseudonym))
        self.principals.close(principal, f"{principal.id}@{CLOSED_DOMAIN}", self.clock.now())
        return pseudonym
