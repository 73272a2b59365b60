"""Build the demo consultation from real text: the conference papers on Green
and White Papers and citizens' juries, a draft bill in three languages, and
real comments from Polis conversations (CC BY 4.0, see data/polis/README.md)."""

import random
from datetime import timedelta

from ..accounts.models import Principal
from ..accounts.passwords import hash_password
from ..clock import FixedClock
from ..consultations.parsing import parse_text
from ..consultations.services import ConsultationService
from ..feedback.comments import STANCES
from ..feedback.services import FeedbackService
from . import content
from .jury import build_jury

DEMO_ACCOUNTS = [
    ("admin@demo.consult.kz", "demo-admin-2026", ("administrator",)),
    ("editor@demo.consult.kz", "demo-editor-2026", ("editor",)),
    ("moderator@demo.consult.kz", "demo-moderator-2026", ("moderator",)),
    ("expert@demo.consult.kz", "demo-expert-2026", ("expert",)),
    ("citizen@demo.consult.kz", "demo-citizen-2026", ()),
    # A juror of the demo jury (demo/jury.py): the jury's workspace and votes.
    ("juror@demo.consult.kz", "demo-juror-2026", ()),
]
DEMO_NAMES = {
    "admin@demo.consult.kz": ("Asel", "Nurlanova"),
    "editor@demo.consult.kz": ("Yerlan", "Zhaksylykov"),
    "moderator@demo.consult.kz": ("Dina", "Abenova"),
    "expert@demo.consult.kz": ("Marat", "Omarov"),
    "citizen@demo.consult.kz": ("Aigerim", "Serikova"),
    "juror@demo.consult.kz": ("Bolat", "Kenzhebayev"),
}
FIRST_NAMES = (
    "Aidana",
    "Arman",
    "Bakhyt",
    "Gulnara",
    "Daniyar",
    "Zhanna",
    "Yerbol",
    "Kamila",
    "Nurlan",
    "Saule",
    "Timur",
    "Madina",
    "Olga",
    "Sergei",
    "Alina",
    "Ruslan",
)
SURNAMES = (
    "Akhmetov",
    "Bekova",
    "Iskakov",
    "Kassymova",
    "Mukanov",
    "Nurpeisova",
    "Sadykov",
    "Tulegenova",
    "Ivanov",
    "Petrova",
    "Kim",
    "Li",
    "Smagulov",
    "Yesenova",
)
DEMO_COMMENTS = 320
# Hashing is deliberately slow; demo participants share one hash of an
# unusable random password, so they cannot sign in.
_PARTICIPANT_PASSWORD = "participant-accounts-cannot-sign-in"


def _ensure_accounts(principals, now, progress):
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


def _participants(principals, authors, now, rng):
    """One account per Polis author id; names are made up, the ids stay anonymous."""
    unusable = hash_password(_PARTICIPANT_PASSWORD + str(rng.random()))
    accounts = {}
    for author in sorted(authors):
        email = f"participant-{author}@demo.invalid"
        principal = principals.find_by_email(email)
        if principal is None:
            principal = Principal(
                email, rng.choice(FIRST_NAMES), rng.choice(SURNAMES), unusable, now
            )
            principal.confirmed_at = now
            principals.add_principal(principal)
        accounts[author] = principal
    return accounts


def build_demo(root, clock, progress=print, comments=DEMO_COMMENTS, seed=2026, jury=False):
    """Create the demo consultation (with `jury`, its citizens' jury too, see
    demo/jury.py: `consult initialize --demo` asks for it; its real draw takes
    a minute or two) unless it exists; True if it was created."""
    info = content.consultation_info()
    consultations = root["consultations"]
    if info["slug"] in consultations:
        return False
    rng = random.Random(seed)
    now = clock.now()
    people = _ensure_accounts(root["principals"], now, progress)
    editor = people["editor@demo.consult.kz"]

    service = ConsultationService(consultations, clock)
    consultation = service.create(
        info["slug"], info["title"], info["summary"], info["ministry"], info["tags"], editor
    )
    for document in content.green_paper_documents():
        service.add_document(consultation, document["kind"], document["title"], document["body"])
    questions = [
        service.add_question(consultation, text) for text in content.green_paper_questions()
    ]
    statement = content.white_paper_statement()
    service.add_document(consultation, "statement", statement["title"], statement["body"])
    for language, text in content.draft_bill_texts().items():
        service.import_draft(consultation, language, parse_text(text))
    progress(
        f"Draft bill: {consultation.current_draft().article_count()} articles "
        f"in {len(content.draft_bill_texts())} languages"
    )

    green_opens = now - timedelta(days=40)
    white_opens = now - timedelta(days=8)
    service.schedule(consultation, "green", green_opens, now - timedelta(days=10))
    service.schedule(consultation, "white", white_opens, now + timedelta(days=22))
    service.publish(consultation)

    _add_comments(
        root, consultation, questions, green_opens, white_opens, now, comments, rng, progress
    )
    if content.POLIS_ATTRIBUTION not in root.attributions:
        root.attributions = root.attributions + (content.POLIS_ATTRIBUTION,)
    if jury:
        build_jury(
            root, consultation, clock, editor, people["juror@demo.consult.kz"], progress=progress
        )
    return True


def _add_comments(
    root, consultation, questions, green_opens, white_opens, now, count, rng, progress
):
    polis = content.polis_comments(limit=count)
    participants = _participants(root["principals"], {c["author"] for c in polis}, now, rng)
    articles = list(consultation.current_draft().articles())
    # Comments arrive over each stage's open days, in order, as they would.
    green_share = len(polis) // 4
    past = FixedClock(green_opens)
    feedback = FeedbackService(past, {}, rng=rng)
    posted = []
    for index, item in enumerate(polis):
        in_green = index < green_share
        start, span = (
            (green_opens, timedelta(days=29)) if in_green else (white_opens, now - white_opens)
        )
        share = (index - (0 if in_green else green_share)) / max(
            1, (green_share if in_green else len(polis) - green_share)
        )
        past.when = start + span * share + timedelta(minutes=1)
        if in_green:
            target = rng.choice(questions).target
        else:
            article = rng.choices(
                articles, weights=[3 if a.number == "3" else 1 for a in articles]
            )[0]
            target = article.target
            if article.paragraphs and rng.random() < 0.2:
                target = article.paragraph_target(rng.choice(article.paragraphs))
        author = participants[item["author"]]
        parent = None
        candidates = [c for c in posted[-30:] if c.target == target and c.depth < 3]
        if candidates and rng.random() < 0.3:
            parent = rng.choice(candidates)
        stance = rng.choices(STANCES, weights=(4, 3, 3))[0]
        comment = feedback.post(consultation, target, author, item["text"], stance, parent=parent)
        posted.append(comment)
        for supporter in rng.sample(list(participants.values()), k=rng.randrange(0, 4)):
            if supporter.id != author.id:
                feedback.support(comment, supporter)
    progress(
        f"Comments: {len(posted)} from {len(participants)} participants "
        "(real Polis text, CC BY 4.0 The Computational Democracy Project)"
    )
