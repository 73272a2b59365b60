"""Citizens' juries: the jury, its applicants and its draws.

A `Jury` lives in the root's `juries` folder. What it publishes (the remit,
the quotas, the panel's composition, the draws' seeds and probabilities) is
readable by everyone; its applicants (contact data, demographic answers) only
by the jury's organisers and administrators: `Jury.__acl__` grants
`manage_jury` to the people holding the local role "organiser" on this jury
and denies it to everyone else, whatever roles they hold elsewhere.

Applicants are keyed by random ids. The IIN and the household are never
stored in the clear: `iin_key` and `household_key` are keyed hashes (see
identity.keyed_hash), indexed in BTrees for the one-application-per-person
and one-per-household checks."""

import uuid

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.authorization import ALL_PERMISSIONS, Allow, Deny, Everyone

from ..accounts.models import initial_name
from ..resources.models import Folder, LocalRoles
from .features import FEATURES
from .workspace.models import Workspace

# Permissions held only through a jury's own ACL.
PRIVATE_PERMISSIONS = ("manage_jury", "jury_workspace")
APPLICANT_STATUSES = ("applied", "selected", "invited", "accepted", "declined")
DRAW_STATUSES = ("announced", "running", "done", "failed")
#: How a juror's name appears on the jury's public page, as they chose when
#: accepting: not at all, first name and the initial of the surname (the
#: site's rule for citizens), or in full.
NAME_CHOICES = ("hidden", "initial", "full")


class Juries(Folder):
    """All juries, keyed by slug, with an index by consultation slug."""

    # The applications by the e-mail address they were made with (address ->
    # OOTreeSet of (jury name, applicant id)), for the person's activity
    # page; built from every application on its first use
    # (juries.activity.applications_by_email), so a class default.
    applications_by_email = None

    def __init__(self):
        super().__init__()
        self.by_consultation = OOBTree()  # consultation slug -> tuple of jury names

    def add_jury(self, name, jury):
        self.add(name, jury)
        names = self.by_consultation.get(jury.consultation, ())
        self.by_consultation[jury.consultation] = (*names, name)
        return jury

    def for_consultation(self, slug):
        return [self[name] for name in self.by_consultation.get(slug, ()) if name in self]


def split_name(full_name):
    """(first name, surname) of the full name given on an application: the
    first word, and the rest (how an account is made from it)."""
    first, _space, last = full_name.strip().partition(" ")
    return first, last.strip()


class Applicant(Persistent):
    """One application. Contact data and answers are private to the jury's
    organisers; the IIN is kept only as a keyed hash."""

    def __init__(self, name, email, phone, iin_key, household_key, answers, language, created):
        self.id = uuid.uuid4().hex
        self.name = name
        self.email = email
        self.phone = phone
        self.iin_key = iin_key
        self.household_key = household_key
        self.answers = dict(answers)  # feature -> value
        self.language = language  # the interface language used to apply (for mail)
        self.created = created
        self.status = "applied"
        self.drawn_in = None  # the number of the draw that selected the person
        self.invited_at = None
        self.invitation_nonce = None
        self.responded_at = None
        self.userid = None  # the account, once the invitation is accepted
        self.name_shown = "hidden"  # one of NAME_CHOICES, chosen when accepting

    @property
    def in_panel(self):
        """Selected and not (yet) declined."""
        return self.status in ("selected", "invited", "accepted")

    def shown_name(self, principal=None):
        """The name the jury's public page shows for this juror, or None:
        as they chose when accepting, from the names of their account
        (`principal`) when there is one, else from the name they applied
        with."""
        if self.status != "accepted" or self.name_shown not in ("initial", "full"):
            return None
        if principal is not None:
            first, last = principal.first_name, principal.last_name
        else:
            first, last = split_name(self.name)
        if self.name_shown == "full":
            return f"{first} {last}".strip()
        return initial_name(first, last)


class Applicants(Folder):
    """A jury's applicants, with the keyed-hash indexes of IINs and households,
    and the count of applications not kept because the person or the
    household had applied already."""

    def __init__(self):
        super().__init__()
        self.by_iin = OOBTree()  # keyed hash of the IIN -> applicant id
        self.by_household = OOBTree()  # keyed hash of the normalised address -> applicant id
        self.refused = Length()

    def earlier(self, applicant, former=()):
        """("person" or "household", the application kept) when `applicant`
        repeats an earlier application's IIN or household; else None.
        `former`: the applicant's (IIN key, household key) under the previous
        hash secret, while a rotation completes (consult.hashing)."""
        keys = ((applicant.iin_key, applicant.household_key), *former)
        for reason, index, position in (
            ("person", self.by_iin, 0),
            ("household", self.by_household, 1),
        ):
            for pair in keys:
                kept = index.get(pair[position])
                if kept is not None:
                    return reason, self[kept]
        return None

    def add_applicant(self, applicant):
        if applicant.iin_key in self.by_iin:
            raise KeyError("iin")
        if applicant.household_key in self.by_household:
            raise KeyError("household")
        self.add(applicant.id, applicant)
        self.by_iin[applicant.iin_key] = applicant.id
        self.by_household[applicant.household_key] = applicant.id
        return applicant

    def in_panel(self):
        return [a for a in self.values() if a.in_panel]


class Draw(Persistent):
    """One run of the lottery: the panel, or replacements for people who
    declined. Its seed is drawn when the draw is announced; only its SHA-256
    is public until the draw is done, then the seed is shown so that anyone
    can re-run it with the stored inputs."""

    __parent__ = None
    __name__ = None

    def __init__(self, number, kind, seed, seed_hash, algorithm, announced_at):
        self.number = number
        self.kind = kind  # "panel" or "replacement"
        self.seed = seed
        self.seed_hash = seed_hash
        self.algorithm_requested = algorithm
        self.algorithm_used = None
        self.announced_at = announced_at
        self.status = "announced"
        self.started_at = None
        self.finished_at = None
        self.runner = None  # which process runs it (see draws.DrawRunner)
        self.heartbeat = None  # wall-clock seconds of the worker's last sign of life
        self.progress = ""
        self.log = ""
        self.error = ""
        self.problems = ()  # feasibility findings of a failed draw (plain dicts)
        self.inputs = None  # lottery.data.inputs_to_dict(): pseudonyms, features, quotas, seed
        self.pseudonyms = {}  # pseudonym -> applicant id (private)
        self.number_wanted = 0
        self.selected = ()  # applicant ids
        self.probabilities = {}  # pseudonym -> probability
        self.seconds = None
        self.library_version = None

    @property
    def revealed(self):
        return self.status == "done"

    def probability_range(self):
        values = list(self.probabilities.values())
        return (min(values), max(values)) if values else (None, None)


class Draws(Folder):
    def latest(self):
        keys = sorted(self.keys(), key=int)
        return self[keys[-1]] if keys else None

    def next_number(self):
        return 1 + max((int(k) for k in self.keys()), default=0)


class Jury(LocalRoles, Persistent):
    """A citizens' jury linked to a consultation."""

    __parent__ = None
    __name__ = None
    # Added by evolution step 7 (workspace.py); class defaults for older juries.
    workspace = None
    findings = None  # workspace.Findings once the panel has submitted them
    answer_deadline = None  # UTC instant by which the ministry answers the findings
    # The features the organisers defined (features.make_feature), in the order
    # added. A plain tuple of frozen `Feature`s, replaced whole on each change:
    # a jury has a handful, they change only before anyone applies and are read
    # with the jury on every page, so they belong in the jury's own record (a
    # PersistentMapping would be one more object to load and could be changed
    # in place unnoticed). A class default, so older juries need no evolution.
    custom_features = ()

    def __init__(
        self,
        consultation,
        remit,
        panel_size,
        recruitment_opens,
        recruitment_closes,
        sessions,
        features,
        quotas,
        created,
        created_by,
    ):
        self.uid = uuid.uuid4().hex  # keys the hashes of this jury's applicants
        self.consultation = consultation  # the consultation's slug
        self.remit = dict(remit)  # language -> the question put to the jury
        self.panel_size = panel_size
        self.recruitment_opens = recruitment_opens
        self.recruitment_closes = recruitment_closes
        self.sessions = tuple(sessions)  # dates
        self.features = tuple(features)  # keys of the features in use (see feature())
        self.quotas = dict(quotas)  # feature -> {value: (min, max)}; replaced whole
        self.algorithm = "maximin"
        self.created = created
        self.created_by = created_by
        self.local_roles = OOBTree()  # userid -> roles ("organiser", "juror")
        self.applicants = Applicants()
        self.applicants.__parent__, self.applicants.__name__ = self, "applicants"
        self.draws = Draws()
        self.draws.__parent__, self.draws.__name__ = self, "draws"
        self.add_workspace()

    def add_workspace(self):
        if self.__dict__.get("workspace") is None:
            self.workspace = Workspace()
            self.workspace.__parent__, self.workspace.__name__ = self, "workspace"

    @property
    def __acl__(self):
        acl = [(Allow, "role:administrator", ALL_PERMISSIONS)]
        for userid, roles in self.local_roles.items():
            if "organiser" in roles:
                acl.append((Allow, f"user:{userid}", PRIVATE_PERMISSIONS))
            elif "juror" in roles or "expert" in roles:
                # Jurors and the experts invited to give evidence.
                acl.append((Allow, f"user:{userid}", ("jury_workspace",)))
        # Nobody else, whatever roles they hold site-wide or on another jury.
        acl.append((Deny, Everyone, PRIVATE_PERMISSIONS))
        return acl

    def __getitem__(self, name):
        if name == "draws":
            return self.draws
        if name == "workspace" and self.workspace is not None:
            return self.workspace
        raise KeyError(name)

    def feature(self, key):
        """The feature with this key: one of the organisers' own, or the
        default catalogue's (features.FEATURES). KeyError if neither."""
        for feature in self.custom_features:
            if feature.key == key:
                return feature
        return FEATURES[key]

    def features_in_use(self):
        return [self.feature(key) for key in self.features]

    def recruiting(self, now):
        return self.recruitment_opens <= now < self.recruitment_closes

    def recruitment_state(self, now):
        if now < self.recruitment_opens:
            return "upcoming"
        return "open" if now < self.recruitment_closes else "closed"

    def panel(self):
        """The applicants in the panel now (selected, not declined)."""
        return self.applicants.in_panel()

    def composition(self):
        """{feature: {value: count}} of the panel now."""
        counts = {f: dict.fromkeys(values, 0) for f, values in self.quotas.items()}
        for applicant in self.panel():
            for feature in counts:
                value = applicant.answers.get(feature)
                if value in counts[feature]:
                    counts[feature][value] += 1
        return counts

    def vacancies(self):
        return max(0, self.panel_size - len(self.panel()))
