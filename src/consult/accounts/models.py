"""People who sign in: principals, their roles and their one-time tokens."""

import uuid

from BTrees.OOBTree import OOBTree
from persistent import Persistent

from ..i18n import LANGUAGES
from ..resources.models import ROLES, Folder
from .passwords import hash_password


def normalize_email(email):
    return (email or "").strip().lower()


def initial_name(first_name, last_name):
    """First name and the initial of the surname: how a citizen appears in
    public unless they chose their full name."""
    if not last_name:
        return first_name.strip()
    return f"{first_name} {last_name[0]}."


class Principal(Persistent):
    """One person's account. Only `public_name` may appear on a public page."""

    # Verifications beyond the e-mail address (verification.models): a
    # PersistentMapping created with the first one; old accounts read None.
    verifications = None
    # The live sessions (sid -> when it began), an OOBTree: written only when
    # a session begins or ends, read by the security policy on each request
    # (evolution step 15 gives older accounts theirs).
    sessions = None
    # The digest of the one reset link that works (accounts.services): a
    # newer link replaces it, a new password clears it.
    reset_digest = None
    # The language mail to this person is written in (consult.mail), one of
    # i18n.LANGUAGES: the one they registered in, then their choice on the
    # account page or the language switcher. Accounts from before it read
    # None until their next sign-in stores that request's language; mail to
    # them until then is in the sending request's.
    language = None
    # When the person closed the account (accounts.lifecycle); its personal
    # data went then.
    closed_at = None

    def __init__(self, email, first_name, last_name, password_hash, created, language=None):
        self.id = uuid.uuid4().hex
        self.email = normalize_email(email)
        self.first_name = first_name.strip()
        self.last_name = last_name.strip()
        self.password_hash = password_hash
        self.created = created
        self.confirmed_at = None
        self.show_full_name = False
        self.roles = frozenset()
        self.sessions = OOBTree()
        if language is not None:
            self.language = language

    @property
    def confirmed(self):
        return self.confirmed_at is not None

    @property
    def public_name(self):
        """First name and the initial of the surname (the rule of Kazakhstan's
        petition portal), unless the person chose to show the full name."""
        if self.show_full_name:
            return f"{self.first_name} {self.last_name}".strip()
        return initial_name(self.first_name, self.last_name)

    def choose_language(self, language):
        """Write this person's mail in `language` from now on."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        if self.language != language:
            self.language = language

    def grant(self, role):
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        self.roles = self.roles | {role}

    def revoke(self, role):
        self.roles = self.roles - {role}

    # -- sessions: see accounts.sessions --------------------------------------------
    def session_began(self, sid):
        """When the live session `sid` began, or None if it is not live."""
        return None if self.sessions is None or not sid else self.sessions.get(sid)

    def begin_session(self, sid, now, lifetime):
        """Record the session `sid` begun `now`, dropping those older than
        `lifetime` (sessions that ended without a sign-out)."""
        if self.sessions is None:
            self.sessions = OOBTree()
        for old in [old for old, began in self.sessions.items() if now - began >= lifetime]:
            del self.sessions[old]
        self.sessions[sid] = now

    def end_session(self, sid):
        if self.sessions is not None and sid in self.sessions:
            del self.sessions[sid]

    def end_sessions(self):
        """End every session of this account; returns how many were live."""
        count = len(self.sessions) if self.sessions is not None else 0
        if count:
            self.sessions.clear()
        return count


class Principals(Folder):
    """All accounts, keyed by id, with an index by e-mail and the pending tokens."""

    def __init__(self):
        super().__init__()
        self.by_email = OOBTree()
        self.tokens = OOBTree()

    def add_principal(self, principal):
        if principal.email in self.by_email:
            raise KeyError(principal.email)
        self.add(principal.id, principal)
        self.by_email[principal.email] = principal.id
        return principal

    def change_email(self, principal, email):
        """Move `principal` to `email` (normalized), which no account uses."""
        email = normalize_email(email)
        if email in self.by_email:
            raise KeyError(email)
        if self.by_email.get(principal.email) == principal.id:
            del self.by_email[principal.email]
        principal.email = email
        self.by_email[email] = principal.id

    def close(self, principal, tombstone, when):
        """Remove what identifies the person: names, address (replaced by
        `tombstone`, an address nobody reads), password, sessions, language.
        The account stays, so that what points at its id still resolves."""
        self.change_email(principal, tombstone)
        principal.first_name = principal.last_name = ""
        principal.show_full_name = False
        principal.password_hash = ""
        principal.roles = frozenset()
        principal.end_sessions()
        principal.language = None
        principal.closed_at = when

    def find_by_email(self, email):
        userid = self.by_email.get(normalize_email(email))
        return None if userid is None else self.get(userid)

    def open_with_proven_address(self, email, first_name, last_name, password, now, language=None):
        """The account of a person who followed a link the site mailed to
        `email` (a jury invitation), confirmed by it: theirs if they have one,
        else a new one with `password` and `language`. Returns the Principal."""
        principal = self.find_by_email(email)
        if principal is None:
            principal = self.add_principal(
                Principal(email, first_name, last_name, hash_password(password), now, language)
            )
        if principal.confirmed_at is None:
            principal.confirmed_at = now
        return principal
