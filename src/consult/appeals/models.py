"""Appeals, at `/appeals/<number>`: a person's complaint, proposal, request
or feedback to the state, routed by category and place to the competent
organisation, which owes an answer within the legal term.

An appeal stores its state and, for each change, who made it, when and
the note given (`history`); its term (`due`) is fixed when it is
registered or extended, so a later change of the settings does not move a
running appeal's deadline. Who may read it is in its own ACL: a private
appeal is its author's and the competent organisation's staff's only."""

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree, OOTreeSet
from persistent import Persistent
from persistent.list import PersistentList
from pyramid.authorization import Allow, Deny, Everyone
from pyramid.traversal import find_root

from ..i18n import _
from ..resources.models import Folder
from .tally import Ranking

KINDS = {
    "complaint": _("Complaint"),
    "proposal": _("Proposal"),
    "request": _("Request"),
    "feedback": _("Feedback"),
}

# The states, after FixMyStreet's.
RECEIVED, REGISTERED, IN_PROGRESS, PLANNED = "received", "registered", "in_progress", "planned"
EXTENDED, ANSWERED, FIXED, UNABLE = "extended", "answered", "fixed", "unable_to_fix"
FORWARDED, DUPLICATE, CLOSED = "forwarded", "duplicate", "closed"
STATES = {
    RECEIVED: _("Received"),
    REGISTERED: _("Registered"),
    IN_PROGRESS: _("In progress"),
    PLANNED: _("Planned"),
    EXTENDED: _("Term extended"),
    ANSWERED: _("Answered"),
    FIXED: _("Fixed"),
    UNABLE: _("Unable to fix"),
    FORWARDED: _("Not competent: forwarded"),
    DUPLICATE: _("Duplicate"),
    CLOSED: _("Closed"),
}
# Waiting for the (new) competent organisation to register it.
ARRIVING = (RECEIVED, FORWARDED)
# Registered and not answered yet: the term runs.
RUNNING = (REGISTERED, IN_PROGRESS, PLANNED, EXTENDED)
OPEN = ARRIVING + RUNNING
# An answer's outcome, which the answer sets.
OUTCOMES = (ANSWERED, FIXED, UNABLE)
# The organisation's roles whose holders handle its appeals; the head
# role reviews an answer the citizen rated "not resolved".
HANDLING_ROLES = ("organisation_administrator", "editor", "moderator", "answerer")
HEAD_ROLE = "organisation_administrator"
# How much of the place's point the author lets the public see: none, the
# point rounded to 2 decimals (within about 1 km: 0.01 degree is 1.1 km of
# latitude and 0.7 km of longitude at Astana's 51 degrees), or the point.
HIDDEN, APPROXIMATE, EXACT = "hidden", "approximate", "exact"
LOCATIONS = {
    HIDDEN: _("Do not publish the location"),
    APPROXIMATE: _("Publish it approximately (within about 1 km)"),
    EXACT: _("Publish the exact point"),
}
APPROXIMATE_DECIMALS = 2


class Change:
    """One change of state: who (a userid, never shown publicly), when, the
    note given (public unless `internal`)."""

    def __init__(self, state, when, who, note="", internal=False):
        self.state = state
        self.when = when
        self.who = who
        self.note = note
        self.internal = internal


class Forward:
    """An appeal sent on by an organisation that is not competent."""

    def __init__(self, source, target, reason, when, who, late):
        self.source = source
        self.target = target
        self.reason = reason
        self.when = when
        self.who = who
        self.late = late


class AnswerTemplate:
    """An organisation's text for a common answer (immutable: a new text is
    a new template)."""

    def __init__(self, title, text):
        self.title = title
        self.text = text


class Category(Persistent):
    """A node of the category tree, with its name in each language."""

    def __init__(self, code, title, parent=None):
        self.code = code
        self.title = dict(title)
        self.parent = parent


class Categories(Persistent):
    """The category tree administrators edit: codes to Category."""

    def __init__(self):
        self.items = OOBTree()

    def get(self, code):
        return self.items.get(code) if code else None

    def chain(self, code):
        """The codes from `code` up to its root."""
        found = []
        while code and code in self.items and code not in found:
            found.append(code)
            code = self.items[code].parent
        return found

    def ordered(self):
        """[(depth, Category)] in tree order, children after their parent."""
        children = {}
        for category in self.items.values():
            children.setdefault(category.parent, []).append(category)
        found = []

        def walk(parent, depth):
            for category in sorted(children.get(parent, ()), key=lambda c: c.code):
                found.append((depth, category))
                walk(category.code, depth + 1)

        walk(None, 0)
        return found


class Appeals(Folder):
    """The appeals by number, the category tree, the routing rules, and for
    each organisation the numbers of the appeals it holds (its queue) and
    for each (category, territory) those of the open public ones (the
    duplicate suggestion reads only those); for each organisation its desk
    (appeals.desks), which the service keeps in step with every change."""

    __acl__ = [(Allow, "role:citizen", ("file_appeal",))]

    def __init__(self):
        super().__init__()
        self.categories = Categories()
        self.rules = OOBTree()  # (category code or "*", KATO or "*") -> organisation address
        self.by_organisation = OOBTree()  # address -> OOTreeSet of numbers
        self.by_place = OOBTree()  # (category, KATO) -> OOTreeSet of numbers
        self.answer_templates = OOBTree()  # (address, number) -> AnswerTemplate
        self.api_keys = OOBTree()  # keyed hash of an Open311 key -> api_keys.ApiKey
        self.ranking = Ranking()  # the monthly tallies of the public ranking (appeals.tally)
        # (organisation address, registration number) -> number of an appeal
        # received off the site (appeals.intake); evolution step 32 adds it.
        self.received = OOBTree()
        self.desks = OOBTree()  # address -> desks.Desk: the queue's and dashboard's indexes
        self.count = Length()

    def next_name(self):
        self.count.change(1)
        return str(self.count())

    def held_by(self, address):
        return self.by_organisation.get(address, ())

    def place(self, appeal, previous=None):
        """Keep the queue index in step with the appeal's organisation."""
        if previous and previous in self.by_organisation:
            self.by_organisation[previous].remove(appeal.name)
        if appeal.organisation:
            self.by_organisation.setdefault(appeal.organisation, OOTreeSet()).add(appeal.name)

    def add_appeal(self, appeal):
        self.add(self.next_name(), appeal)
        self.place(appeal)
        self.keep_place(appeal)
        return appeal

    def keep_place(self, appeal):
        """Keep the duplicate suggestion's index to the open public appeals,
        so that filing reads only those of its place."""
        key = (appeal.category, appeal.kato)
        if appeal.public and appeal.is_open():
            self.by_place.setdefault(key, OOTreeSet()).add(appeal.name)
        elif key in self.by_place and appeal.name in self.by_place[key]:
            self.by_place[key].remove(appeal.name)


class Appeal(Persistent):
    """One appeal: who filed it, what, where, to whom it is routed, its
    state and term, the answer, the rating."""

    # What the ranking's tallies counted it as: (marks, due date's ordinal)
    # or None before it was told (appeals.tally).
    tallied = None
    # How it reached the organisation (appeals.intake.CHANNELS); appeals
    # received off the site also keep the organisation's registration number
    # and the person's name and contact as given (never public: no account
    # has them, `public_person_name` is what the public reads).
    channel = "online"
    external_id = None
    person = None
    # The files attached (appeals.attachments.Attachment), in order.
    attachments = ()
    desk_entry = None  # what it adds to its organisation's desk (appeals.desks)

    def __init__(self, author, kind, category, kato, address, text, public, created):
        self.author = author
        self.kind = kind
        self.category = category
        self.kato = kato
        self.address = address
        self.coordinates = None  # (latitude, longitude), exact to its author and staff only
        self.location = HIDDEN  # what the public sees of it (LOCATIONS)
        self.text = text
        # The author's words when staff removed personal data from `text`,
        # kept for the record and shown to the author and staff only.
        self.original_text = None
        self.public = public
        self.created = created
        self.state = RECEIVED
        self.organisation = None
        self.arrived = created  # when the holding organisation received it
        self.registered = self.due = None
        self.extension = None  # (reason, when, who, previous due)
        self.answer = None  # dict: disposition, reason, when, who, on_time
        self.rating = None  # dict: resolved, comment, when
        self.second_review = False
        self.fixed_at = None
        self.duplicate_of = None
        self.assignee = None
        self.history = PersistentList([Change(RECEIVED, created, author)])
        self.forwards = PersistentList()
        self.notes = PersistentList()  # internal: (when, who, text)
        self.supporters = OOBTree()  # userid -> when ("this is my problem too")
        self.supporter_count = Length()

    @property
    def name(self):
        return self.__name__

    @property
    def __acl__(self):
        acl = [(Allow, f"user:{self.author}", ("view_appeal", "rate_appeal"))]
        organisation = self.holder()
        if organisation is not None:
            for userid, roles in organisation.local_roles.items():
                held = set(roles)
                if held & set(HANDLING_ROLES):
                    acl.append((Allow, f"user:{userid}", ("view_appeal", "handle_appeal")))
                if HEAD_ROLE in held:
                    acl.append((Allow, f"user:{userid}", ("review_appeal",)))
        if self.public:
            acl.append((Allow, Everyone, ("view_appeal",)))
            acl.append((Allow, "role:citizen", ("support_appeal", "reopen_appeal")))
        else:
            # Not even the site's administrators read a private appeal.
            acl.append((Deny, Everyone, ("view_appeal",)))
        return acl

    def holder(self):
        """The organisation that holds it now (models.Organisation) or None."""
        organisations = find_root(self).get("organisations")
        return None if organisations is None else organisations.get(self.organisation)

    def record(self, state, when, who, note="", internal=False):
        self.state = state
        self.history.append(Change(state, when, who, note, internal))

    def public_history(self):
        return [change for change in self.history if not change.internal]

    def published_point(self):
        """(latitude, longitude) as the public may see it, at the precision
        the author chose, or None: never for a private appeal."""
        if not self.public or self.coordinates is None:
            return None
        if self.location == EXACT:
            return tuple(self.coordinates)
        if self.location == APPROXIMATE:
            return tuple(round(value, APPROXIMATE_DECIMALS) for value in self.coordinates)
        return None

    def is_open(self):
        return self.state in OPEN

    def overdue(self, today):
        return self.state in RUNNING and self.due is not None and today > self.due
