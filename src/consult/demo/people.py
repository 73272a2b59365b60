"""The demo's accounts: the staff and the citizen one can sign in as, and the
participants whose comments the demo shows, who cannot sign in."""

from ..accounts.models import Principal
from ..accounts.passwords import hash_password

DEMO_ACCOUNTS = [
    ("admin@demo.consult.kz", "demo-admin-2026", ("administrator",)),
    ("editor@demo.consult.kz", "demo-editor-2026", ("editor",)),
    # Publishes what the editor writes (pages, news): the content workflow.
    ("reviewer@demo.consult.kz", "demo-reviewer-2026", ("reviewer",)),
    ("moderator@demo.consult.kz", "demo-moderator-2026", ("moderator",)),
    ("expert@demo.consult.kz", "demo-expert-2026", ("expert",)),
    ("citizen@demo.consult.kz", "demo-citizen-2026", ()),
    # A juror of the demo jury (demo/jury.py): the jury's workspace and votes.
    ("juror@demo.consult.kz", "demo-juror-2026", ()),
]
DEMO_NAMES = {
    "admin@demo.consult.kz": ("Asel", "Nurlanova"),
    "editor@demo.consult.kz": ("Yerlan", "Zhaksylykov"),
    "reviewer@demo.consult.kz": ("Saule", "Tokayeva"),
    "moderator@demo.consult.kz": ("Dina", "Abenova"),
    "expert@demo.consult.kz": ("Marat", "Omarov"),
    "citizen@demo.consult.kz": ("Aigerim", "Serikova"),
    "juror@demo.consult.kz": ("Bolat", "Kenzhebayev"),
}
# Made-up names for the anonymous authors of the Polis conversation, which
# took place in Canada; their numeric ids stay out of sight.
POLIS_FIRST_NAMES = ("Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie")
POLIS_SURNAMES = ("Martin", "Roy", "Tremblay", "Gagnon", "Wilson", "Singh", "Chen", "Campbell")
# Hashing is deliberately slow; participants share one hash of an unusable
# random password, so they cannot sign in.
_PARTICIPANT_PASSWORD = "participant-accounts-cannot-sign-in"


def ensure_accounts(principals, now, progress):
    """{e-mail: Principal} of DEMO_ACCOUNTS, created where missing."""
    people = {}
    for email, password, roles in DEMO_ACCOUNTS:
        principal = principals.find_by_email(email)
        if principal is None:
            first, last = DEMO_NAMES[email]
            principal = Principal(email, first, last, hash_password(password), now)
            principal.confirmed_at = now
            for role in roles:
                principal.grant(role)
            principals.add_principal(principal)
        people[email] = principal
    progress(f"Demo accounts: {len(DEMO_ACCOUNTS)}")
    return people


class Participants:
    """Confirmed accounts that cannot sign in, one per demo author."""

    def __init__(self, principals, now, rng):
        self.principals = principals
        self.now = now
        self.rng = rng
        self.unusable = hash_password(_PARTICIPANT_PASSWORD + str(rng.random()))

    def account(self, key, first, last):
        email = f"participant-{key}@demo.invalid"
        principal = self.principals.find_by_email(email)
        if principal is None:
            principal = Principal(email, first, last, self.unusable, self.now)
            principal.confirmed_at = self.now
            self.principals.add_principal(principal)
        return principal

    def named(self, people):
        """{key: Principal} of people {key: (first name, surname)}."""
        return {key: self.account(key, first, last) for key, (first, last) in people.items()}

    def polis(self, authors):
        """{Polis author-id: Principal} with made-up names."""
        return {
            author: self.account(
                f"polis-{author}",
                self.rng.choice(POLIS_FIRST_NAMES),
                self.rng.choice(POLIS_SURNAMES),
            )
            for author in sorted(authors, key=int)
        }
