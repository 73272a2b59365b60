"""Petitions, at `/petitions/<number>`: a person's request to a state body
(an organisation), which owes an answer once enough people have signed.

A petition stores the states people move it into (drafted, sponsored,
approved, rejected, answered); the states that time brings (moderation
overdue, the collection period over, the answer overdue) are read from its
dates (`phase`), so no sweep is needed for a page to be right. The dates of
a state are fixed when it is entered: a later change of the settings or of a
territory's population does not move a running petition's deadlines."""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from pyramid.authorization import Allow
from pyramid.traversal import find_root

from ..i18n import _
from ..resources.models import Folder
from .counts import Tally

# Stored states, in the order of a petition's life.
DRAFT, SPONSORING, MODERATION, REJECTED = "draft", "sponsoring", "moderation", "rejected"
OPEN, ANSWER_DUE, ANSWERED = "open", "answer_due", "answered"
# Read from the dates: the collection period ended without the threshold,
# or ended after the answer.
CLOSED, CLOSED_UNSUCCESSFUL = "closed", "closed_unsuccessful"

PHASES = {
    DRAFT: _("Draft"),
    SPONSORING: _("Collecting sponsors"),
    MODERATION: _("In moderation"),
    REJECTED: _("Rejected"),
    OPEN: _("Open for signatures"),
    ANSWER_DUE: _("Threshold reached: answer due"),
    ANSWERED: _("Answered"),
    CLOSED: _("Closed"),
    CLOSED_UNSUCCESSFUL: _("Closed without reaching the threshold"),
}
# States in which anyone may read a petition without its link being listed.
LISTED = (OPEN, ANSWER_DUE, ANSWERED, CLOSED, CLOSED_UNSUCCESSFUL)

# Why moderators may reject a petition. The Law "On public control" (2023)
# excludes 17 subjects from petitions; we could not read the statute's own
# list, so the excluded subjects below are grouped from what officials and
# the press reported: the dismissal of akims and ministers, the work of the
# Interior Ministry, changing state bodies' functions (nur-news.net, 4 April
# 2024); the constitutional and administrative-territorial order, borders,
# languages, elections, referendums, the courts, the prosecutor's office,
# the special services, state secrets, the President and the Parliament
# (the vice-minister D. Kadirov, via eurasiatoday.ru); the form of government,
# justice, amnesty, national security (vcentre.kz, 1 October 2024); and the
# subjects the Mazhilis added in December 2025 (public morality, defamation,
# interethnic and interfaith concord, amnesty and pardon, propaganda of war,
# violence, extremism and separatism, narcotics; inform.kz, 3 December 2025).
REJECTION_REASONS = {
    "excluded_constitution": _(
        "Concerns the constitutional order, the form of government, the "
        "administrative-territorial structure or the borders (excluded subject)"
    ),
    "excluded_elections": _(
        "Concerns elections, referendums, or the powers of the President or of "
        "Parliament (excluded subject)"
    ),
    "excluded_languages": _("Concerns the use of languages (excluded subject)"),
    "excluded_courts": _(
        "Concerns justice, the courts or the prosecutor's office (excluded subject)"
    ),
    "excluded_security": _(
        "Concerns national security, the special services or state secrets (excluded subject)"
    ),
    "excluded_law_enforcement": _(
        "Concerns the work of law-enforcement and special state bodies (excluded subject)"
    ),
    "excluded_dismissal": _(
        "Asks for the appointment or dismissal of officials (excluded subject)"
    ),
    "excluded_functions": _("Asks to change the functions of state bodies (excluded subject)"),
    "excluded_amnesty": _("Asks for an amnesty or a pardon (excluded subject)"),
    "excluded_hatred": _(
        "Propagates war, violence, extremism or separatism, or endangers interethnic "
        "or interfaith concord (excluded subject)"
    ),
    "excluded_morality": _(
        "Concerns public morality, defames people or organisations, or promotes "
        "narcotic drugs (excluded subject)"
    ),
    "not_addressee": _("Outside the competence of the addressee"),
    "duplicate": _("Duplicates a petition already open"),
    "unlawful": _("Calls for unlawful acts or contains offensive language"),
    "unclear": _("What is asked is unclear"),
}


class Petitions(Folder):
    """The petitions, by number."""

    __acl__ = [(Allow, "role:citizen", ("draft_petition",))]

    def next_name(self):
        self._last = getattr(self, "_last", 0) + 1
        return str(self._last)


class Petition(Persistent):
    """One petition: its author's text, its addressee (an organisation's
    address), who sponsored and signed it, and the dates of its states."""

    __acl__ = [(Allow, "role:citizen", ("sign_petition",))]
    # The lowest verification level whose signatures count toward the
    # threshold, fixed when the petition opens (None before, and on
    # petitions opened before levels counted: every signature counts).
    signature_level = None
    # The counters (counts.Tally): evolution step 27 gives older petitions theirs.
    tally = None
    # Bulk invalidations (invalidation.py): the records shown publicly, and
    # {userid: record number} of the signatures no longer counted.
    invalidations = ()
    invalidated = None

    def __init__(self, author, title, text, asks, addressee, topic, created):
        self.author = author
        self.title = title
        self.text = text
        self.asks = asks
        self.addressee = addressee
        self.topic = topic
        self.created = created
        self.state = DRAFT
        self.submitted = self.moderation_started = self.moderation_due = None
        self.decided = self.decided_by = self.rejection = None
        self.closes = self.threshold = None
        self.threshold_reached = self.answer_due = None
        self.answer = self.answered = self.answered_by = None
        self.response = None  # answering.PetitionAnswer, with its revisions
        self.sponsors = OOBTree()
        self.sponsor_count = Length()
        self.signatures = OOBTree()
        self.signature_count = Length()
        self.updates = OOTreeSet()  # signers who asked for news of it
        self.tally = Tally()

    @property
    def name(self):
        return self.__name__

    def organisation(self):
        organisations = find_root(self).get("organisations")
        return None if organisations is None else organisations.get(self.addressee)

    def roles_held_through(self):
        """The addressee's staff (its moderators, its answerers) act here."""
        organisation = self.organisation()
        return () if organisation is None else (organisation,)

    def phase(self, now):
        """The state at `now`: the stored one, or a closed one once the
        collection period is over."""
        if self.state in (OPEN, ANSWERED) and self.closes is not None and now >= self.closes:
            return CLOSED if self.state == ANSWERED else CLOSED_UNSUCCESSFUL
        return self.state

    def overdue(self, now):
        """Whether a deadline that is running has passed (moderation, answer)."""
        today = now.date()
        if self.state == MODERATION:
            return today > self.moderation_due
        if self.state == ANSWER_DUE:
            return today > self.answer_due
        return False

    def listed(self, now):
        """Whether the petition appears in lists (not only by its link)."""
        return self.phase(now) in LISTED

    def count(self):
        return self.signature_count()

    def required_level(self):
        return self.signature_level or 0

    def counted(self):
        """The signatures that count toward the threshold: those made at the
        level the addressee requires, or above."""
        return self.tally.at_least(self.required_level())

    def progress(self):
        """Counted signatures as a percentage of the threshold (0–100), or None."""
        if not self.threshold:
            return None
        return min(100, self.counted() * 100 // self.threshold)
