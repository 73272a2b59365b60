"""A small world with one thing of every kind a view can act on, built with
the real services: a published consultation with comments (one answered,
one reply), three citizens' juries (one recruiting; one with its panel, a
workspace (agenda item, evidence, thread, recommendation), an announced draw
and an invitation waiting for its answer; one whose findings are submitted),
and a person in every role.

Tests that must reach every view (tests/security/test_csrf.py) build it with
`build_world(root, clock, password)`: `World.people` maps a role to an
e-mail address, `World.resources` a resource class to its instances (in the
order tests should try them), and `World.links` holds the paths that only
mail carries (an invitation's link)."""

import io
from datetime import UTC, datetime, timedelta

import factories
import PIL.Image

from consult.accounts.passwords import hash_password
from consult.appeals.desks import reindex
from consult.appeals.models import Appeal
from consult.appeals.rating import make_token as make_rating_token
from consult.appeals.tally import month_of, tally
from consult.clock import FixedClock
from consult.content.models import ContentItem, File
from consult.content.services import ContentService
from consult.feedback.services import FeedbackService
from consult.hashing import HashKeys
from consult.imports.jobs import ImportJob, jobs_of
from consult.juries.findings.services import FindingsService
from consult.juries.models import Applicant
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService
from consult.juries.workspace.services import WorkspaceService
from consult.organisations.services import OrganisationService
from consult.petitions.models import Petition
from consult.responses.services import ResponseService
from consult.workdays import calendar_of

SLUG = "citizens-juries"
SECRET = "testing-hash-secret"

# role -> (e-mail, first name, surname, site-wide roles)
PEOPLE = {
    "administrator": ("admin@example.kz", "Asel", "Nurlanova", ("administrator",)),
    "editor": ("editor@example.kz", "Yerlan", "Zhaksylykov", ("editor",)),
    "moderator": ("moderator@example.kz", "Dina", "Abenova", ("moderator",)),
    "organiser": ("organiser@example.kz", "Dana", "Organiser", ("organiser",)),
    "juror": ("juror@example.kz", "Bolat", "Kenzhebayev", ()),
    "expert": ("expert@example.kz", "Marat", "Omarov", ("expert",)),
    "citizen": ("citizen@example.kz", "Aigerim", "Serikova", ()),
}


class World:
    def __init__(self):
        self.people = {}  # role -> e-mail address
        self.ids = {}  # role -> userid
        self.resources = {}  # resource class -> [instances]
        self.links = []  # paths with a query that only a mail gives

    def add(self, resource, *bases):
        """Keep `resource` for the views of its class and of `bases` (views
        declared for a base class, as content's for ContentItem)."""
        for cls in (type(resource), *bases):
            self.resources.setdefault(cls, []).append(resource)
        return resource


def _accounts(world, principals, now, password):
    password_hash = hash_password(password)
    for role, (email, first, last, roles) in PEOPLE.items():
        principal = factories.principal(
            email,
            first,
            last,
            password_hash=password_hash,
            created=now,
            confirmed_at=now,
            roles=roles,
        )
        principals.add_principal(principal)
        world.people[role] = email
        world.ids[role] = principal.id
    return {role: principals[userid] for role, userid in world.ids.items()}


def _consultation(world, root, clock, people):
    consultation = factories.published_consultation(
        root,
        clock,
        SLUG,
        creator=people["editor"],
        question={"en": "Should jurors be drawn by lot?"},
    )
    consultation.grant_local_role(world.ids["editor"], "editor")
    world.add(root["consultations"])
    world.add(consultation)
    for stage in consultation.stages.values():
        world.add(stage)
    draft = consultation.current_draft()
    world.add(draft)
    world.add(draft.__parent__)
    world.add(draft["1"])
    world.add(consultation.comments)

    feedback = FeedbackService(clock, {})
    author = people["citizen"]
    first = feedback.post(
        consultation,
        draft["1"].target,
        author,
        "Jurors should be paid for every day they serve.",
        "for",
    )
    reply = feedback.post(
        consultation,
        draft["1"].target,
        people["juror"],
        "And their employers should keep their jobs open.",
        "for",
        parent=first,
    )
    # The first person tried has a support to withdraw on their activity page.
    feedback.support(reply, people["administrator"])
    answered = feedback.post(
        consultation,
        draft["2"].target,
        author,
        "Fifteen jurors are too few for a large region.",
        "against",
    )
    ResponseService(clock, {}).answer(
        consultation,
        [answered],
        people["editor"],
        "accepted",
        "The draft now allows up to twenty-five jurors in large regions.",
    )
    world.add(first)
    world.add(answered)  # frozen: its author may add an addendum
    return consultation


def _new_jury(root, clock, name, people, opens, closes):
    service = JuryService(FixedClock(clock.now()), SECRET)
    jury = factories.jury(
        root["juries"],
        service,
        name,
        consultation=SLUG,
        creator=people["organiser"],
        remit={"en": "How should pensions be indexed?"},
        opens=clock.now() + opens,
        closes=clock.now() + closes,
        sessions=(),
        features=("gender",),
    )
    return service, jury


def _applicant(jury, number, status, clock):
    applicant = Applicant(
        f"Applicant {number}",
        f"applicant{number}@example.kz",
        "+77010000000",
        f"iin-{number}",
        f"household-{number}",
        {"gender": "female"},
        "en",
        clock.now(),
    )
    applicant.status = status
    return jury.applicants.add_applicant(applicant)


def _workspace(world, jury, clock, people):
    workspace = WorkspaceService(clock)
    organiser, juror = people["organiser"], people["juror"]
    starts = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    world.add(
        workspace.add_agenda_item(
            jury,
            organiser,
            {
                "title": {"en": "Hearing the actuaries"},
                "starts": starts,
                "ends": starts + timedelta(hours=3),
                "place": {"en": "Astana"},
            },
        )
    )
    world.add(
        workspace.add_evidence(
            jury,
            organiser,
            {
                "title": "Pension statistics 2025",
                "kind": "document",
                "perspective": "neutral",
                "author": "Statistics bureau",
                "summary": "Pensions and prices since 2015.",
                "body": "",
                "link": None,
            },
            "en",
        )
    )
    world.add(workspace.start_thread(jury, juror, "Indexing", "Prices or wages?", "en"))
    world.add(
        workspace.add_recommendation(
            jury,
            juror,
            {
                "title": "Index pensions to prices",
                "text": "Pensions rise each January with the consumer price index.",
                "reasoning": "Prices are what pensioners pay.",
            },
            "en",
        )
    )
    ws = jury.workspace
    for container in (ws, ws.evidence, ws.agenda, ws.threads, ws.recommendations):
        world.add(container)


def _juries(world, root, clock, people):
    day = timedelta(days=1)
    world.add(root["juries"])
    _service, recruiting = _new_jury(root, clock, "recruiting", people, -day, 10 * day)
    world.add(recruiting)

    service, working = _new_jury(root, clock, "pensions", people, -10 * day, -5 * day)
    world.add(working)
    for role in ("juror", "expert"):
        working.grant_local_role(world.ids[role], role)
    panel = _applicant(working, 1, "accepted", clock)
    panel.userid = world.ids["juror"]
    invited = _applicant(working, 2, "invited", clock)
    invited.invited_at = clock.now()
    invited.invitation_nonce = "nonce"
    world.links.append(
        f"/juries/pensions/respond?token={make_token(SECRET, working, invited)}&answer=accept"
    )
    _workspace(world, working, clock, people)

    _service, answered = _new_jury(root, clock, "answered", people, -20 * day, -15 * day)
    world.add(answered)
    answered.grant_local_role(world.ids["juror"], "juror")
    _applicant(answered, 3, "accepted", clock).userid = world.ids["juror"]
    WorkspaceService(clock).add_recommendation(
        answered,
        people["juror"],
        {
            "title": "Publish the indexation formula",
            "text": "The formula is published yearly.",
            "reasoning": "People can check it.",
        },
        "en",
    )
    FindingsService(clock).submit(
        answered,
        "The panel asks for a published formula and a yearly indexation.",
        "en",
        people["organiser"],
    )
    # The draw comes last: an announced draw must be the only one pending.
    world.add(service.announce_draw(working, "maximin"))


def build_world(root, clock, password):
    """Fill `root` (a fresh database's application root) and return the World."""
    world = World()
    world.add(root)
    world.add(root["principals"])
    people = _accounts(world, root["principals"], clock.now(), password)
    _consultation(world, root, clock, people)
    _juries(world, root, clock, people)
    _content(world, root, clock)
    _organisation(world, root, people)
    _petitions(world, root, clock, people)
    _appeals(world, root, clock, people)
    return world


def _organisation(world, root, people):
    """The consultation's organisation, with an answerer to remove."""
    world.add(root["organisations"])
    service = OrganisationService(root["organisations"])
    consultation = root["consultations"][SLUG]
    organisation = world.add(root["organisations"][consultation.organisation])
    service.grant_role(organisation, people["citizen"], "answerer")


def _petitions(world, root, clock, people):
    """A citizen's draft petition, one in moderation and one open for
    signatures, to the consultation's organisation."""
    petitions = world.add(root["petitions"])
    addressee = root["consultations"][SLUG].organisation
    for name, state in (("1", "draft"), ("2", "moderation"), ("3", "open")):
        petition = Petition(
            people["citizen"].id, "Title", "Text", "Asks", addressee, "", clock.now()
        )
        petition.state = state
        petition.moderation_due = clock.now().date()
        if state == "open":
            petition.decided = clock.now()
            petition.closes = clock.now() + timedelta(days=30)
            petition.threshold = 100
        petitions.add(name, world.add(petition))


def _appeals(world, root, clock, people):
    """A citizen's public appeals, registered and answered by the
    consultation's organisation (where the citizen is an answerer too), and
    the first one's entry in the ranking, which that organisation answers."""
    appeals = world.add(root["appeals"])
    appeal = Appeal(
        people["citizen"].id, "complaint", "roads", "710000000", "", "Text", True, clock.now()
    )
    appeal.organisation = root["consultations"][SLUG].organisation
    appeal.state, appeal.registered, appeal.due = "registered", clock.now(), clock.now().date()
    appeals.add_appeal(world.add(appeal))
    reindex(appeals, appeal, calendar_of())
    # A file of received appeals checked and not imported yet: its page has
    # the form that starts the import.
    jobs = jobs_of(root, create=True)
    job = ImportJob(
        jobs.new_id(), appeal.organisation, "register.csv", {}, b"id\n", people["citizen"].id,
        clock.now(), kind="appeals",
    )  # fmt: skip
    counts = {"rows": 1, "imported": 1, "hidden": 0, "already": 0, "rejected": 0}
    job.checked(counts, (), (), (), None, clock.now())
    jobs.jobs[job.id] = job
    world.links.append(f"/organisations/{appeal.organisation}/appeal-import?job={job.id}")
    # Answered, with the link of the answer's mail that rates it.
    answered = Appeal(
        people["citizen"].id, "complaint", "roads", "710000000", "", "Text", True, clock.now()
    )
    answered.organisation = appeal.organisation
    answered.registered, answered.due = clock.now(), clock.now().date()
    answered.record("registered", clock.now(), people["citizen"].id)
    answered.answer = {
        "disposition": "accepted",
        "reason": "Repaired",
        "when": clock.now(),
        "who": people["citizen"].id,
        "on_time": True,
    }
    answered.record("fixed", clock.now(), people["citizen"].id, "Repaired")
    appeals.add_appeal(world.add(answered))
    reindex(appeals, answered, calendar_of())
    token = make_rating_token(HashKeys(SECRET), answered, "resolved")
    world.links.append(f"/appeals/{answered.name}/rate-from-mail?token={token}")
    # Counted in the ranking, whose entry the organisation answers.
    appeals.rules[("*", "*")] = appeal.organisation
    tally(appeals.ranking, appeals, appeal)
    world.links.append(
        f"/appeals/ranking-answer?month={month_of(appeal.created)}"
        "&category=roads&territory=710000000"
    )


def _content(world, root, clock):
    """The web editors' top folder (its contents and trash pages), a starter
    page, and a published image (the views of files and images)."""
    world.add(root["pages"])
    world.add(root["pages"]["rules"], ContentItem)
    service = ContentService(root, clock)
    image = service.create(root["pages"], "image", "en", "map", {"title": "Map"}, None)
    picture = io.BytesIO()
    PIL.Image.new("RGB", (40, 30), "white").save(picture, "PNG")
    service.attach(image, picture.getvalue(), "map.png", "image/png", None)
    service.take_step(image, "publish", None, lambda permission: True)
    world.add(image, File, ContentItem)
