"""What happens to accounts and roles, announced for the audit log and for
accounts' own subscribers (a revoked role ends the person's sessions).

Every place that grants or revokes a role notifies `RoleGranted` or
`RoleRevoked`, whichever capability it is in: the site-wide roles here, the
local roles of a consultation or a jury there. Their subject is the resource
the role is held on (the root for a site-wide role)."""

from ..events import Event, RecordedEvent
from ..i18n import _


class AddressConfirmed(Event):
    """`principal` proved their e-mail address (the confirmation link, or a
    reset link, which reaches the same mailbox)."""

    def __init__(self, request, principal):
        super().__init__(request)
        self.principal = principal


class RoleEvent(RecordedEvent):
    def __init__(self, request, subject, userid, role, reason=""):
        super().__init__(request, subject, reason)
        self.userid = userid
        self.role = role

    def details(self):
        return {"userid": self.userid, "role": self.role}


class RoleGranted(RoleEvent):
    action = "role.granted"
    title = _("A role was granted")


class RoleRevoked(RoleEvent):
    action = "role.revoked"
    title = _("A role was revoked")


class AccountEvent(RecordedEvent):
    """Something done to one account; the subject is the Principal. The
    audit log keeps those of staff (anyone with a site-wide role): what
    citizens do with their own accounts is theirs, not the record's."""

    def __init__(self, request, principal, reason=""):
        super().__init__(request, principal, reason)
        self.principal = principal

    def details(self):
        return {"userid": self.principal.id}

    def recorded(self):
        return bool(self.principal.roles)


class SignedIn(AccountEvent):
    """Notified at every sign-in; `staff` says whether the account holds a
    site-wide role (only those are worth a line in the audit log)."""

    action = "account.signed_in"
    title = _("A member of staff signed in")

    def __init__(self, request, principal):
        super().__init__(request, principal)
        self.actor = principal.id
        self.staff = bool(principal.roles)

    def details(self):
        return dict(super().details(), staff=self.staff)


class SignedOut(AccountEvent):
    action = "account.signed_out"
    title = _("A member of staff signed out")

    def __init__(self, request, principal):
        super().__init__(request, principal)
        self.actor = principal.id


class PasswordChanged(AccountEvent):
    """The password was changed on the account page (`how` "change") or
    through a reset link ("reset"); every session of the account ended."""

    action = "account.password_changed"
    title = _("A member of staff's password was changed")

    def __init__(self, request, principal, how):
        super().__init__(request, principal)
        self.actor = principal.id
        self.how = how

    def details(self):
        return dict(super().details(), how=self.how)


class SessionsEnded(AccountEvent):
    """An administrator signed the person out everywhere (the actor is the
    administrator, the request's signed-in person)."""

    action = "account.sessions_ended"
    title = _("A person was signed out everywhere")

    def __init__(self, request, principal, count):
        super().__init__(request, principal)
        self.count = count

    def details(self):
        return dict(super().details(), sessions=str(self.count))

    def recorded(self):
        return True


class AddressChanged(AccountEvent):
    """`principal` moved the account to another e-mail address (on the
    audit log for staff accounts; the addresses are not recorded)."""

    action = "account.address_changed"
    title = _("A member of staff changed their e-mail address")

    def __init__(self, request, principal):
        super().__init__(request, principal)
        self.actor = principal.id


class AccountClosed(Event):
    """`principal` is closing the account: its personal data is about to go.
    The capabilities that keep what the person contributed show it from now
    on under `pseudonym` (accounts.lifecycle)."""

    def __init__(self, request, principal, pseudonym):
        super().__init__(request)
        self.principal = principal
        self.pseudonym = pseudonym


class AccountPageShown(Event):
    """The account page is being shown to `principal`. A capability that
    holds something of the person's (a jury they sit on) adds a section of
    links to it with `add`, so that the page is where a person finds
    everything that is theirs without accounts knowing the capabilities."""

    def __init__(self, request, principal):
        super().__init__(request)
        self.principal = principal
        self.sections = []

    def add(self, heading, links):
        """A section under `heading` (translatable): `links` are
        (text, url, language of the text or None when it is the page's)."""
        self.sections.append(AccountSection(heading, tuple(links)))


class AccountSection:
    def __init__(self, heading, links):
        self.heading = heading
        self.links = links
