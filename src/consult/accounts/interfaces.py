"""What the rest of consult may ask of accounts: `request.find_service(IAccountService)`.

No answer of the service tells whether an address has an account
(docs/security.md, "No account enumeration")."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class AccountError(Refusal):
    """A refusal the person can act on (a link that no longer works, a wrong
    password); `message` says what to do."""


class IAccountService(Interface):
    principals = Attribute("The Principals folder (accounts.models.Principals).")

    def register(email, first_name, last_name, password, show_full_name=False, language=None):
        """Mail the address a link that creates the account (a new address, or
        one whose account was never confirmed), or a reminder that it has one.
        Nothing is created before the link is followed.

        :param str email: the address as typed.
        :param str first_name: as the person wants it shown.
        :param str last_name:
        :param str password: the chosen password (stored hashed, at confirmation).
        :param bool show_full_name: show the whole surname rather than its initial.
        :param language: the language the person registers in (their mail's,
            kept with the pending registration); None: the request's.
        :returns: None, so that both cases look alike.
        """

    def send_confirmation(principal):
        """Mail an unconfirmed account a link that confirms it.

        :param principal: the accounts.models.Principal.
        :returns: None.
        """

    def confirm(token):
        """Redeem a confirmation link: create the account it registers, or
        confirm an existing one. The link is used up.

        :param str token: the token of the link (None is refused).
        :returns: the Principal, confirmed.
        :raises AccountError: the link is unknown, used or expired, or the
            address was confirmed by another account since.
        """

    def authenticate(email, password):
        """The account with this address and password. A failure counts
        towards the sign-in limits; the failure that locks the account mails
        its owner a reset link.

        :param str email: the address as typed.
        :param str password:
        :returns: the Principal.
        :raises consult.limits.RateLimited: sign-ins for the address (or from
            the request's address) are paused, or the account is locked.
        :raises AccountError: the address or the password is wrong (the same
            refusal, taking as long, for an unknown address).
        """

    def sign_in(principal):
        """Begin a new session for `principal` (recorded among its live
        sessions). An account with no language yet (from before languages
        were stored) takes the request's.

        :returns: the response headers that set the session cookie.
        """

    def sign_out():
        """End the request's session.

        :returns: the response headers that forget the session cookie.
        """

    def request_password_reset(email):
        """Mail a reset link if the address has an account, nothing otherwise;
        the new link revokes any earlier one.

        :param str email: the address as typed.
        :returns: None, whether or not an account uses the address.
        """

    def reset_token_principal(token):
        """The account a reset link belongs to, while the link is live and the
        newest of that account.

        :param str token: the token of the link (None gives None).
        :returns: the Principal, or None.
        """

    def reset_password(token, password):
        """Set a new password through a reset link, which is used up (and
        confirms the address); ends every session of the account.

        :param str token: the token of the link.
        :param str password: the new password.
        :returns: the Principal.
        :raises AccountError: the link is unknown, used or expired.
        """

    def change_password(principal, current_password, password):
        """Set a new password, the current one given; ends every session of the
        account (the caller signs the person in again with `sign_in`).

        :param principal: the signed-in person's Principal.
        :param str current_password: checked like a sign-in, and counted as a
            failed one when wrong.
        :param str password: the new password.
        :returns: None.
        :raises consult.limits.RateLimited: sign-ins for the address are paused.
        :raises AccountError: `current_password` is wrong.
        """

    def end_sessions(principal):
        """Sign `principal` out everywhere (an administrator's button);
        announces accounts.events.SessionsEnded.

        :returns: how many sessions were live (int).
        """

    def request_address_change(principal, new_email, password):
        """Mail `new_email` a link that moves the account there (or, when
        another account uses it, a note that nothing changed: the answer is
        the same either way).

        :raises AccountError: the password is wrong (field "password"), or the
            address is already the account's (field "email").
        :raises consult.limits.RateLimited: password attempts are paused.
        """

    def confirm_address_change(token):
        """Redeem the link: the account uses the new address from now on, and
        the old address is told.

        :returns: the Principal.
        :raises AccountError: the link is unknown, used or expired, or another
            account took the address since.
        """

    def close_account(principal, password):
        """Close the person's own account: AccountClosed is announced (their
        contributions are shown under a pseudonym), then names, address,
        password, sessions and language go.

        :returns: the pseudonym.
        :raises AccountError: the password is wrong, or the account holds a
            staff role (an administrator closes those).
        """


class IPersonalData(Interface):
    """A part of the file a person downloads of everything the site holds
    about them (`/my-data.json`). Each capability that keeps something of a
    person's registers one, named for its part (accounts cannot import the
    capabilities above it)."""

    def __call__(request, principal):
        """What this capability holds about `principal`, as JSON-ready
        values (dates may be datetimes: they are written in ISO 8601)."""


class IActivitySection(Interface):
    """A section of the signed-in person's activity page (`/my-activity`):
    their comments, supports and reports (feedback), their jury
    applications (juries). Each capability that keeps something a person
    did registers one, named so that the sections sort in the order the page
    shows them ("10-comments", "40-juries"): accounts cannot import the
    capabilities above it."""

    def __call__(request, principal):
        """The section's HTML for `principal` (only what is theirs, never
        another person's), or None to show nothing. It may read its own
        query parameters (its page number) from `request`."""
