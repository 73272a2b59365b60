"""The demo citizens' jury: a synthetic pool of applicants, a real draw, an
accepted panel and its workspace with draft recommendations.

Everything is synthetic and deterministic (one seeded RNG): names from
common Kazakh and Russian first names and surnames, checksum-valid but
invented IINs (`consult.iin.make`), one distinct address per applicant, and
demographic answers drawn with the census-like shares of
`juries.features`. The applications go through `JuryService.apply` (the same
checks as the form) and the panel is drawn by the real lottery
(`JuryService.start_draw`, `lottery.algorithm.draw`, `JuryService.finish_draw`: the
path `execute_draw` takes, without a child process); its seed is published
like any other draw. The findings are NOT submitted: the demo shows a jury
still deliberating."""

import random
import time
from datetime import UTC, date, datetime, timedelta

from .. import iin
from ..accounts.models import Principal
from ..accounts.passwords import hash_password
from ..clock import FixedClock
from ..juries.features import FEATURES
from ..juries.lottery import data as lottery_data
from ..juries.lottery import process as lottery_process
from ..juries.services import JuryService
from ..juries.workspace.models import AgendaItem, EvidenceItem, Recommendation, Revision
from ..layout import LOCAL_ZONE
from .jury_agenda import AGENDA, PLACE

JURY_NAME = "citizens-juries-jury"
DEMO_JUROR = "juror@demo.consult.kz"
DEMO_JUROR_NAME = ("Bolat", "Kenzhebayev")
POOL = 500
PANEL = 20
# Stratified by two features. The draw's time grows with the pool rather
# than with the features: maximin on these 500 applicants took 150 s of wall
# time (about 40 s of CPU) on a shared, loaded two-core machine; nash was
# slower. `consult initialize --demo` prints the figure.
FEATURE_KEYS = ("gender", "age")
ALGORITHM = "maximin"
SECRET = "demo-jury-keyed-hashes"  # keys the demo applicants' IIN/address hashes

FEMALE = (
    "Aigerim",
    "Aizhan",
    "Akmaral",
    "Aliya",
    "Ainur",
    "Asel",
    "Botagoz",
    "Dana",
    "Dinara",
    "Gaukhar",
    "Gulnara",
    "Kamila",
    "Laura",
    "Madina",
    "Meruyert",
    "Saltanat",
    "Saule",
    "Togzhan",
    "Zarina",
    "Zhanar",
    "Anna",
    "Elena",
    "Irina",
    "Natalya",
    "Olga",
    "Svetlana",
    "Tatyana",
    "Yekaterina",
    "Yulia",
    "Marina",
)
MALE = (
    "Aidos",
    "Almas",
    "Arman",
    "Askar",
    "Azamat",
    "Bakhyt",
    "Bauyrzhan",
    "Daniyar",
    "Dauren",
    "Yerlan",
    "Yerzhan",
    "Kairat",
    "Marat",
    "Nurlan",
    "Nursultan",
    "Ruslan",
    "Serik",
    "Talgat",
    "Timur",
    "Zhandos",
    "Aleksandr",
    "Andrei",
    "Dmitry",
    "Igor",
    "Maksim",
    "Nikolai",
    "Pavel",
    "Sergei",
    "Vladimir",
    "Yevgeny",
)
SURNAMES = (
    "Abdrakhmanov",
    "Akhmetov",
    "Baimukhanov",
    "Bekov",
    "Dzhaksybekov",
    "Ibraev",
    "Iskakov",
    "Kassymov",
    "Kuanyshev",
    "Mukanov",
    "Nurpeisov",
    "Omarov",
    "Sadykov",
    "Sarsenbayev",
    "Seitkali",
    "Smagulov",
    "Tokayev",
    "Tulegenov",
    "Utepov",
    "Zhumabayev",
    "Ivanov",
    "Kuznetsov",
    "Pavlov",
    "Petrov",
    "Popov",
    "Sokolov",
    "Volkov",
    "Kim",
    "Li",
    "Tsoi",
)
TOWNS = (
    "Astana",
    "Almaty",
    "Shymkent",
    "Karaganda",
    "Aktobe",
    "Taraz",
    "Pavlodar",
    "Oskemen",
    "Semey",
    "Kostanay",
    "Kyzylorda",
    "Oral",
    "Atyrau",
    "Petropavl",
    "Turkistan",
)
STREETS = (
    "Abai avenue",
    "Dostyk street",
    "Kenesary street",
    "Tole bi street",
    "Satpayev street",
    "Auezov street",
    "Zhambyl street",
    "Seifullin avenue",
    "Baitursynov street",
    "Pushkin street",
    "Mira street",
    "Gagarin street",
)
AGE_BANDS = {"18-29": (18, 29), "30-44": (30, 44), "45-59": (45, 59), "60+": (60, 85)}


def _surname(rng, sex):
    surname = rng.choice(SURNAMES)
    if sex == "f" and surname.endswith(("ov", "ev", "in")):
        surname += "a"
    return surname


def _born(rng, band, today):
    low, high = AGE_BANDS[band]
    age = rng.randint(low, high)
    born = date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    if iin.age_on(born, today) < low:  # born later in the year than today
        born = born.replace(year=born.year - 1)
    return born


def _iin(rng, born, sex, used):
    while True:
        number = iin.make(born, sex, rng.randrange(10000))
        if number is not None and number not in used:
            used.add(number)
            return number


def applications(rng, today, count=POOL):
    """`count` synthetic applications: distinct IINs, addresses and e-mails."""
    used = set()
    result = []
    for index in range(count):
        answers = {
            key: rng.choices(FEATURES[key].keys, weights=[v.share for v in FEATURES[key].values])[0]
            for key in FEATURE_KEYS
        }
        sex = "f" if answers["gender"] == "female" else "m"
        first = rng.choice(FEMALE if sex == "f" else MALE)
        born = _born(rng, answers["age"], today)
        street = STREETS[index % len(STREETS)]
        result.append(
            {
                "name": f"{first} {_surname(rng, sex)}",
                "email": f"applicant{index + 1:03d}@demo.invalid",
                "phone": f"+7 70{rng.randrange(10)} {rng.randrange(10**7):07d}",
                "iin": _iin(rng, born, sex, used),
                "address": (
                    f"{TOWNS[index % len(TOWNS)]}, {street} {index // len(STREETS) + 1}, "
                    f"flat {rng.randint(1, 150)}"
                ),
                "answers": answers,
            }
        )
    return result


def _local(day, hour):
    return datetime.combine(day, datetime.min.time().replace(hour=hour), LOCAL_ZONE).astimezone(UTC)


EVIDENCE = (
    (
        "Citizens' juries abroad: what the evidence says",
        "document",
        "background",
        "Secretariat of the jury",
        "A summary of evaluations of citizens' juries in Ireland, Belgium and Poland.",
        "Randomly selected panels have been used for constitutional and policy questions. "
        "Evaluations find that participants learn, change their views after hearing evidence, "
        "and that governments answer their recommendations in most cases.",
        "en",
    ),
    (
        "Бюджет: стоимость ежегодного созыва жюри",
        "testimony",
        "against",
        "Экономист, министерство финансов",
        "Созыв жюри стоит денег; эксперт предлагает проводить его только по крупным законам.",
        "Каждое жюри из двадцати человек стоит около 30 миллионов тенге с учётом проезда, "
        "проживания и компенсаций. Эксперт считает, что созывать жюри по каждому закону "
        "дорого и предлагает порог по значимости законопроекта.",
        "ru",
    ),
    (
        "Азаматтық қазылар алқасы ауылдық аймақтарда",
        "testimony",
        "for",
        "Қоғамдық ұйымның өкілі",
        "Ауыл тұрғындарының қатысуы үшін жол шығыны өтелуі керек.",
        "Ауылдық аймақтардан келетін қазылар үшін жол және тұру шығындары толық өтелсе, "
        "алқа халықтың барлық топтарын көрсете алады.",
        "kk",
    ),
)
RECOMMENDATIONS = (
    (
        "Convene a jury for every major social law",
        "en",
        "A citizens' jury should be convened before the second reading of every law that "
        "changes pensions, benefits or public services for more than a million people.",
        "A jury is expensive, so it should be kept for the laws that matter most to people.",
        "Four jurors think every draft law should have a jury, however small.",
        (14, 4, 2),
    ),
    (
        "Жеребе арқылы іріктеу ашық болсын",
        "kk",
        "Жеребенің кездейсоқ саны алдын ала жарияланып, кез келген адам іріктеуді қайта "
        "тексере алатын болсын.",
        "Ашықтық азаматтардың сенімін арттырады.",
        "",
        (17, 1, 1),
    ),
    (
        "Компенсация участникам",
        "ru",
        "Присяжным следует возмещать проезд, проживание и потерянный заработок, чтобы участвовать "
        "могли все, а не только те, кто может себе это позволить.",
        "Без компенсации в жюри окажутся в основном пенсионеры и служащие.",
        "Двое присяжных считают, что достаточно возмещать только проезд.",
        (15, 2, 3),
    ),
    (
        "The ministry answers within 60 days",
        "en",
        "The ministry should publish a reasoned answer to each recommendation within 60 days.",
        "",
        "",
        (9, 6, 4),
    ),
)


def build_jury(root, consultation, clock, editor, juror, progress=print, seed=2026, pool=POOL):
    """Create the demo jury of `consultation` unless it exists; True if created.
    `editor` organises it; `juror` (the demo juror's account) sits on the panel."""
    juries = root["juries"]
    if JURY_NAME in juries:
        return False
    rng = random.Random(seed)
    now = clock.now()
    today = now.astimezone(LOCAL_ZONE).date()
    created = FixedClock(now - timedelta(days=46))
    service = JuryService(created, SECRET, principals=root["principals"])
    sessions = [today - timedelta(days=days) for days in (20, 13, 6)]
    data = {
        "remit": {
            "en": "When should the government convene a citizens' jury, and how should it "
            "answer its recommendations?",
            "ru": "Когда правительству созывать гражданское жюри и как отвечать на его "
            "рекомендации?",
            "kk": "Үкімет азаматтық қазылар алқасын қашан шақыруы керек және оның "
            "ұсыныстарына қалай жауап беруі тиіс?",
        },
        "panel_size": PANEL,
        "recruitment_opens": now - timedelta(days=45),
        "recruitment_closes": now - timedelta(days=30),
        "sessions": sessions,
        "features": FEATURE_KEYS,
        "algorithm": ALGORITHM,
        "answer_deadline": _local(today + timedelta(days=40), 0),
    }
    jury = service.create(juries, JURY_NAME, consultation.slug, data, editor)

    service.clock = FixedClock(now - timedelta(days=40))
    applied_on = (now - timedelta(days=41)).astimezone(LOCAL_ZONE).date()
    for number, application in enumerate(applications(rng, applied_on, pool)):
        service.clock.when = now - timedelta(days=40) + timedelta(minutes=20 * number)
        service.apply(jury, application, rng.choice(("kk", "ru", "ru", "en")))
    progress(f"Demo jury: {len(jury.applicants)} synthetic applicants")

    service.clock = FixedClock(now - timedelta(days=28))
    draw = service.announce_draw(jury, ALGORITHM)
    service.start_draw(jury, draw)
    progress(
        f"Demo jury: drawing the panel by lot ({draw.algorithm_requested}; this takes "
        "a minute or two)..."
    )
    began = time.monotonic()
    # In a child process with the hash seed fixed, as every draw runs: only
    # then does the published seed re-run to the same panel.
    result = lottery_process.run_isolated(lottery_data.inputs_from_dict(draw.inputs))
    service.finish_draw(jury, draw, result)
    progress(
        f"Demo jury: panel of {len(draw.selected)} drawn by {result.algorithm_used} "
        f"in {time.monotonic() - began:.0f} s"
    )

    service.invite(jury)  # no mailer: nobody is written to
    unusable = hash_password("demo-jurors-cannot-sign-in" + str(rng.random()))
    panel = sorted(jury.panel(), key=lambda a: a.id)
    jurors = []
    for position, applicant in enumerate(panel):
        if position == 0:
            applicant.email = juror.email
            applicant.name = f"{juror.first_name} {juror.last_name}"
        elif root["principals"].find_by_email(applicant.email) is None:
            first, _space, last = applicant.name.partition(" ")
            principal = Principal(applicant.email, first, last, unusable, service.clock.now())
            principal.confirmed_at = service.clock.now()
            root["principals"].add_principal(principal)
        jurors.append(service.accept(jury, applicant, "initial" if position % 3 == 0 else "hidden"))
    _workspace(jury, editor, jurors, sessions, now, rng)
    progress(
        f"Demo jury: {len(jurors)} jurors, {len(RECOMMENDATIONS)} draft recommendations "
        f"(findings not submitted)"
    )
    return True


def _workspace(jury, editor, jurors, sessions, now, rng):
    workspace = jury.workspace
    for index, (title, kind, perspective, author, summary, body, language) in enumerate(EVIDENCE):
        item = EvidenceItem(
            title,
            kind,
            perspective,
            author,
            summary,
            body,
            language,
            now - timedelta(days=25 - index),
            editor.id,
        )
        workspace.evidence.add(item.id, item)
    for day, titles in zip(sessions, AGENDA, strict=True):
        for slot, title in enumerate(titles):
            item = AgendaItem(
                title, _local(day, 10 + 4 * slot), _local(day, 13 + 4 * slot), PLACE, {}, editor.id
            )
            workspace.agenda.add(item.id, item)
    for number, (title, language, text, reasoning, minority, votes) in enumerate(
        RECOMMENDATIONS, start=1
    ):
        author = jurors[number % len(jurors)]
        written = now - timedelta(days=6, hours=-number)
        recommendation = Recommendation(number, title, text, language, author.id, written)
        recommendation.reasoning = reasoning
        recommendation.minority = minority
        recommendation.revisions.append(Revision(text, reasoning, minority, author.id, written))
        ballots = ["support"] * votes[0] + ["oppose"] * votes[1] + ["abstain"] * votes[2]
        voters = rng.sample(jurors, k=min(len(ballots), len(jurors)))
        for voter, vote in zip(voters, ballots, strict=False):
            recommendation.votes[voter.id] = vote
        workspace.recommendations.add(recommendation.id, recommendation)
