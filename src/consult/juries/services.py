"""Jury workflows: set up a jury, take applications, check the quotas,
announce and run the draw, invite the people drawn and take their answers.

The draw itself runs in the background (`DrawRunner`): the request that
starts it stores the pool snapshot and marks the draw running, and only
after that transaction commits does a thread take it, with its own ZODB
connection, through `execute_draw` -- the one function that runs a draw,
used by that thread and callable directly."""
import hmac
import logging
import re
import secrets
import threading
import time
import unicodedata
import uuid
from datetime import timedelta

import transaction
from ZODB.POSException import ConflictError
from zope.interface import Interface, implementer

from .. import hashing
from ..accounts.models import Principal, normalize_email
from ..accounts.passwords import hash_password
from ..i18n import _
from ..layout import LOCAL_ZONE
from . import iin as iin_module
from . import lottery
from .features import FEATURES, FeatureError, census_quotas, make_feature
from .models import Applicant, Draw, Jury

log = logging.getLogger(__name__)

MIN_PANEL, MAX_PANEL = 15, 25
MIN_AGE = 18
INVITATION_TTL = timedelta(days=14)
PROCESS = uuid.uuid4().hex  # this process, to tell our draws from other processes'
# maximin took 75 s for a pool of 500 and over 28 minutes for 2 000 here
# (benchmarks/README.md): a draw is stopped, and marked failed, after this.
DRAW_TIMEOUT = 6 * 3600
STALE_SECONDS = 120  # a running draw whose worker has been silent this long is interrupted


class IJuryService(Interface):
    pass


class JuryError(ValueError):
    """A refusal the person can act on; `message` is translatable."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


# -- keyed hashes ----------------------------------------------------------------------

def keyed_hash(secret, purpose, jury, value):
    """The keyed hash (consult.hashing) of an applicant's `value` for
    `purpose` ("iin", "household"), scoped to one jury: equal values give
    equal keys within the jury (the uniqueness checks) but cannot be linked
    across juries."""
    return hashing.keyed_hash(secret, f"consult.juries.{purpose}", jury.uid, value)


_ABBREVIATIONS = {
    # street
    "ул": "street", "улица": "street", "көшесі": "street", "көше": "street", "к-сі": "street",
    "st": "street", "str": "street", "street": "street",
    # avenue
    "пр": "avenue", "пр-т": "avenue", "проспект": "avenue", "даңғылы": "avenue",
    "даңғ": "avenue", "ave": "avenue", "avenue": "avenue", "prospekt": "avenue",
    # micro-district
    "мкр": "district", "микрорайон": "district", "шағынаудан": "district",
    "ы/а": "district", "md": "district", "microdistrict": "district",
    # flat
    "кв": "flat", "квартира": "flat", "пәтер": "flat", "apt": "flat", "flat": "flat",
    "apartment": "flat",
}
_STREET_KINDS = {"street", "avenue"}
# Words that only say what the next number is: "дом 5" is "5".
_FILLERS = {"д", "дом", "үй", "house", "h", "no", "г", "город", "қ", "қаласы", "city",
            "обл", "область", "облысы", "region", "республика", "казахстан", "қазақстан",
            "kazakhstan", "rk", "рк"}


def normalize_address(address):
    """A canonical form of an address, so that spelling variants of one home
    give one household key: case, ё/е, punctuation, spacing and the usual
    abbreviations in Kazakh, Russian and English are ignored."""
    text = unicodedata.normalize("NFKC", address or "").casefold().replace("ё", "е")
    text = re.sub(r"(\d)\s*([a-zа-яәғқңөұүһі])\b", r"\1\2", text)  # "5 а" -> "5а"
    words = re.findall(r"[\w/-]+", text)
    tokens = []
    for word in words:
        word = word.strip("-/")
        if not word or word in _FILLERS:
            continue
        word = _ABBREVIATIONS.get(word, word)
        # Kazakh puts the kind of street after its name, Russian before:
        # the kind is dropped (a street and an avenue of the same name, with
        # the same numbers, would be taken for one home; rare and harmless).
        if word not in _STREET_KINDS:
            tokens.append(word)
    return " ".join(tokens)


def normalize_phone(phone):
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    return "+" + digits if digits else ""


# -- tokens in invitation links ------------------------------------------------------------

def _token_signature(secret, jury, applicant_id, nonce):
    return hashing.keyed_hash(secret, "consult.juries.invitation", jury.uid,
                              f"{applicant_id}:{nonce}")[:32]


def make_token(secret, jury, applicant):
    return f"{applicant.id}.{applicant.invitation_nonce}." + _token_signature(
        secret, jury, applicant.id, applicant.invitation_nonce)


@implementer(IJuryService)
class JuryService:
    def __init__(self, clock, secret, mailer=None, principals=None, link=None,
                 translate=None):
        self.clock = clock
        self.secret = secret
        self.mailer = mailer
        self.principals = principals
        self.link = link  # (jury, name, query) -> absolute URL, for the e-mails
        self.translate = translate or (lambda term: term)

    # -- set-up ----------------------------------------------------------------------
    def check_settings(self, data):
        if not MIN_PANEL <= data["panel_size"] <= MAX_PANEL:
            raise JuryError(_("A panel has from ${min} to ${max} members.",
                              mapping={"min": MIN_PANEL, "max": MAX_PANEL}), "panel_size")
        if data["recruitment_closes"] <= data["recruitment_opens"]:
            raise JuryError(_("Recruitment must close after it opens."), "recruitment_closes")
        if not data["features"]:
            raise JuryError(_("Choose at least one feature to stratify by."), "features")
        if not any((data["remit"] or {}).values()):
            raise JuryError(_("Write the question put to the jury in at least one language."),
                            "remit_ru")
        deadline = data.get("answer_deadline")
        if deadline is not None:
            # The deadline is the end of a day; that day must follow the last session.
            day = (deadline - timedelta(seconds=1)).astimezone(LOCAL_ZONE).date()
            if data["sessions"] and day <= max(data["sessions"]):
                raise JuryError(_("The ministry answers after the last session: choose a "
                                  "later deadline."), "answer_deadline")
            if deadline <= data["recruitment_closes"]:
                raise JuryError(_("The ministry answers after recruitment closes: choose a "
                                  "later deadline."), "answer_deadline")

    def create(self, juries, name, consultation, data, creator):
        self.check_settings(data)
        if name in juries:
            raise JuryError(_("This address is taken; choose another."), "name")
        quotas = census_quotas(data["features"], data["panel_size"])
        jury = Jury(consultation, data["remit"], data["panel_size"], data["recruitment_opens"],
                    data["recruitment_closes"], data["sessions"], data["features"], quotas,
                    self.clock.now(), creator.id)
        jury.algorithm = data.get("algorithm") or lottery.DEFAULT_ALGORITHM
        jury.answer_deadline = data.get("answer_deadline")
        juries.add_jury(name, jury)
        jury.grant_local_role(creator.id, "organiser")
        return jury

    def update(self, jury, data):
        # The form chooses among the default features; the organisers' own
        # stay in use until removed (remove_feature).
        chosen = set(data["features"])
        data = dict(data, features=tuple(key for key in FEATURES if key in chosen)
                    + tuple(feature.key for feature in jury.custom_features))
        self.check_settings(data)
        if jury.applicants and tuple(data["features"]) != jury.features:
            raise JuryError(_("The features cannot change once people have applied: their "
                              "answers would no longer match."), "features")
        resized = data["panel_size"] != jury.panel_size
        jury.remit = dict(data["remit"])
        jury.panel_size = data["panel_size"]
        jury.recruitment_opens = data["recruitment_opens"]
        jury.recruitment_closes = data["recruitment_closes"]
        jury.sessions = tuple(data["sessions"])
        jury.algorithm = data.get("algorithm") or jury.algorithm
        if "answer_deadline" in data:
            jury.answer_deadline = data["answer_deadline"]
        if tuple(data["features"]) != jury.features or resized:
            jury.features = tuple(data["features"])
            jury.quotas = census_quotas(jury.features, jury.panel_size, lookup=jury.feature)
        return jury

    def _refuse_if_applied(self, jury, field):
        if jury.applicants:
            raise JuryError(_("The features cannot change once people have applied: their "
                              "answers would no longer match."), field)

    def add_feature(self, jury, names, values_text):
        """Define a feature of the organisers' own (names: language -> name;
        values as features.VALUES_HELP says) and stratify by it: its quotas
        come from its shares, the other features' quotas are kept."""
        self._refuse_if_applied(jury, "values")
        taken = set(FEATURES) | {feature.key for feature in jury.custom_features}
        try:
            feature = make_feature(names, values_text, taken)
        except FeatureError as error:
            raise JuryError(error.message, error.field) from None
        jury.custom_features = (*jury.custom_features, feature)
        jury.features = (*jury.features, feature.key)
        jury.quotas = {**jury.quotas, **census_quotas((feature,), jury.panel_size)}
        return feature

    def remove_feature(self, jury, key):
        """Remove one of the organisers' own features, and its quotas."""
        self._refuse_if_applied(jury, None)
        if key not in {feature.key for feature in jury.custom_features}:
            raise JuryError(_("This feature is not one of this jury's own: choose the default "
                              "features in the settings."))
        if jury.features == (key,):
            raise JuryError(_("Choose at least one feature to stratify by."))
        jury.custom_features = tuple(f for f in jury.custom_features if f.key != key)
        jury.features = tuple(f for f in jury.features if f != key)
        jury.quotas = {f: values for f, values in jury.quotas.items() if f != key}

    def set_quotas(self, jury, quotas):
        """Replace the quotas, after checking them: 0 <= min <= max <= panel
        size, and for each feature the minimums add up to at most the panel
        and the maximums to at least it."""
        checked = {}
        for feature in jury.features:
            values = {}
            for value in jury.feature(feature).keys:
                low, high = quotas[feature][value]
                if low < 0 or high < low or high > jury.panel_size:
                    raise JuryError(_("${feature}: each minimum must be from 0 to its maximum, "
                                      "and each maximum at most the panel size (${size}).",
                                      mapping={"feature": feature, "size": jury.panel_size}),
                                    feature)
                values[value] = (low, high)
            if sum(v[0] for v in values.values()) > jury.panel_size:
                raise JuryError(_("${feature}: the minimums add up to more than the panel "
                                  "(${size}).", mapping={"feature": feature,
                                                         "size": jury.panel_size}), feature)
            if sum(v[1] for v in values.values()) < jury.panel_size:
                raise JuryError(_("${feature}: the maximums add up to less than the panel "
                                  "(${size}).", mapping={"feature": feature,
                                                         "size": jury.panel_size}), feature)
            checked[feature] = values
        jury.quotas = checked
        return checked

    # -- applications ----------------------------------------------------------------
    def apply(self, jury, data, language):
        """Record an application; refuses a second one from the same person
        (IIN) or the same household (address), and an IIN that is not valid."""
        now = self.clock.now()
        if not jury.recruiting(now):
            raise JuryError(_("Applications are not open for this jury."))
        try:
            born, _sex = iin_module.parse(data["iin"])
        except iin_module.InvalidIIN:
            raise JuryError(_("This IIN is not valid. Check the twelve digits on your identity "
                              "card."), "iin") from None
        if iin_module.age_on(born, now.date()) < MIN_AGE:
            raise JuryError(_("Jurors must be at least ${age} years old.",
                              mapping={"age": MIN_AGE}), "iin")
        household = normalize_address(data["address"])
        if not household:
            raise JuryError(_("Please give your address."), "address")
        iin_key = keyed_hash(self.secret, "iin", jury, iin_module.normalize(data["iin"]))
        household_key = keyed_hash(self.secret, "household", jury, household)
        applicants = jury.applicants
        if iin_key in applicants.by_iin:
            raise JuryError(_("You have already applied to this jury: thank you. One "
                              "application per person is enough; we will write to you after "
                              "the draw."), "iin")
        if household_key in applicants.by_household:
            raise JuryError(_("Someone at this address has already applied. Only one person "
                              "per household can take part, so that the panel reaches as many "
                              "homes as possible."), "address")
        answers = {}
        for feature in jury.features:
            value = data["answers"].get(feature)
            if value not in jury.feature(feature).keys:
                raise JuryError(_("Please answer every question about yourself."), feature)
            answers[feature] = value
        applicant = Applicant(data["name"].strip(), normalize_email(data["email"]),
                              normalize_phone(data["phone"]), iin_key, household_key,
                              answers, language, now)
        return applicants.add_applicant(applicant)

    # -- the lottery -------------------------------------------------------------------
    def pool(self, jury, draw=None):
        """The draw's inputs as lottery data, with pseudonyms: people and
        households get ids that mean nothing outside this draw."""
        kind = draw.kind if draw is not None else ("replacement" if jury.panel() else "panel")
        pseudonyms, households, people, kept = {}, {}, [], []
        applicants = sorted(jury.applicants.values(), key=lambda a: (a.created, a.id))
        order = list(range(len(applicants)))
        secrets.SystemRandom().shuffle(order)  # pseudonyms do not follow application order
        for position, index in enumerate(order):
            applicant = applicants[index]
            if applicant.status == "declined":
                continue
            if kind == "panel" and applicant.status != "applied":
                continue
            pseudonym = f"p{position + 1:05d}"
            household = households.setdefault(applicant.household_key,
                                              f"h{len(households) + 1:05d}")
            pseudonyms[pseudonym] = applicant.id
            person = lottery.Person(pseudonym, household, {f: applicant.answers[f]
                                                           for f in jury.features})
            (kept if applicant.in_panel else people).append(person)
        people.sort(key=lambda p: p.id)
        kept.sort(key=lambda p: p.id)
        seed = draw.seed if draw is not None else 1
        algorithm = draw.algorithm_requested if draw is not None else jury.algorithm
        inputs = lottery.DrawInputs(tuple(people), dict(jury.quotas), jury.panel_size, seed,
                                    algorithm, tuple(kept))
        return inputs, pseudonyms

    def check_feasibility(self, jury):
        inputs, _pseudonyms = self.pool(jury)
        return lottery.check_feasibility(inputs)

    def announce_draw(self, jury, algorithm):
        """Announce the next draw: its seed is drawn now and only its hash is
        published, so nobody (organisers included) can choose it after
        seeing the pool."""
        if algorithm not in lottery.ALGORITHMS:
            raise JuryError(_("Choose an algorithm: maximin, nash or leximin."))
        if jury.recruiting(self.clock.now()):
            raise JuryError(_("Recruitment is still open: draw after it closes, so that every "
                              "applicant is in the pool."))
        pending = [d for d in jury.draws.values() if d.status != "done"]
        if pending:
            raise JuryError(_("Draw ${number} is announced and not done yet: run it first.",
                              mapping={"number": pending[0].number}))
        panel = jury.panel()
        if panel and not jury.vacancies():
            raise JuryError(_("The panel is complete: nobody has declined."))
        kind = "replacement" if panel else "panel"
        seed = lottery.new_seed()
        draw = Draw(jury.draws.next_number(), kind, seed, lottery.seed_hash(seed), algorithm,
                    self.clock.now())
        jury.draws.add(str(draw.number), draw)
        return draw

    def start_draw(self, jury, draw):
        """Take the pool snapshot and mark the draw running; the caller starts
        the worker after the commit (DrawRunner.start_after_commit)."""
        if status_of(draw) not in ("announced", "failed", "interrupted"):
            raise JuryError(_("This draw is running or done already."))
        inputs, pseudonyms = self.pool(jury, draw)
        draw.inputs = lottery.inputs_to_dict(inputs)
        draw.pseudonyms = pseudonyms
        draw.number_wanted = inputs.number_wanted
        draw.status = "running"
        draw.started_at = self.clock.now()
        draw.finished_at = None
        draw.runner = PROCESS
        draw.heartbeat = time.time()
        draw.progress = ""
        draw.error = ""
        draw.problems = ()
        draw.log = ""
        return draw

    def finish_draw(self, jury, draw, result):
        draw.status = "done"
        draw.finished_at = self.clock.now()
        draw.algorithm_used = result.algorithm_used
        draw.log = result.log
        draw.seconds = round(result.seconds, 2)
        draw.probabilities = {k: round(v, 6) for k, v in result.probabilities.items()}
        draw.selected = tuple(draw.pseudonyms[p] for p in result.selected)
        draw.library_version = lottery.library_version()
        for applicant_id in draw.selected:
            applicant = jury.applicants[applicant_id]
            applicant.status = "selected"
            applicant.drawn_in = draw.number

    def fail_draw(self, draw, error):
        draw.status = "failed"
        draw.finished_at = self.clock.now()
        draw.error = error.message
        draw.log = error.log
        if error.feasibility is not None:
            draw.problems = tuple(_problem(p) for p in error.feasibility.problems)

    # -- invitations -------------------------------------------------------------------
    def invite(self, jury):
        """E-mail an invitation to everyone drawn who has none yet; returns them."""
        invited = []
        now = self.clock.now()
        for applicant in jury.applicants.values():
            if applicant.status != "selected":
                continue
            applicant.status = "invited"
            applicant.invited_at = now
            applicant.invitation_nonce = secrets.token_urlsafe(12)
            token = make_token(self.secret, jury, applicant)
            self._send_invitation(jury, applicant, token)
            invited.append(applicant)
        return invited

    def _send_invitation(self, jury, applicant, token):
        if self.mailer is None:
            return
        remit = jury.remit.get(applicant.language) or next(iter(jury.remit.values()), "")
        self.mailer.send(
            applicant.email,
            _("You have been drawn for a citizens' jury"),
            _("Hello ${name},\n\nthank you for applying. You have been drawn by lot to sit on "
              "the citizens' jury on this question:\n\n${remit}\n\nPlease tell us within two "
              "weeks whether you accept.\n\nTo accept: ${accept}\n\nTo decline: ${decline}\n\n"
              "If you decline, someone with a similar background is drawn in your place.",
              mapping={"name": applicant.name, "remit": remit,
                       "accept": self.link(jury, "respond", {"token": token,
                                                             "answer": "accept"}),
                       "decline": self.link(jury, "respond", {"token": token,
                                                              "answer": "decline"})}))

    def redeem(self, jury, token):
        """The invited applicant a token belongs to; raises JuryError."""
        parts = (token or "").split(".")
        applicant = jury.applicants.get(parts[0]) if len(parts) == 3 else None
        if (applicant is None or applicant.invitation_nonce != parts[1]
                or not hmac.compare_digest(parts[2], _token_signature(
                    self.secret, jury, applicant.id, applicant.invitation_nonce))):
            raise JuryError(_("This invitation link is not valid."))
        if applicant.status in ("accepted", "declined"):
            raise JuryError(_("You have answered this invitation already. Thank you."))
        if applicant.status != "invited":
            raise JuryError(_("This invitation link is not valid."))
        if self.clock.now() > applicant.invited_at + INVITATION_TTL:
            raise JuryError(_("This invitation has expired. Please contact the organisers."))
        return applicant

    def accept(self, jury, applicant, show_name, password=None):
        """The applicant joins the panel: their account (found by e-mail, or
        created and confirmed by the invitation itself) becomes a juror of
        this jury. Returns the principal."""
        now = self.clock.now()
        principal = self.principals.find_by_email(applicant.email)
        if principal is None:
            if not password:
                raise JuryError(_("Choose a password for your new account."), "password")
            first, _space, last = applicant.name.partition(" ")
            principal = Principal(applicant.email, first or applicant.name, last,
                                  hash_password(password), now)
            self.principals.add_principal(principal)
        if principal.confirmed_at is None:
            # Following the invitation sent to this address proves it.
            principal.confirmed_at = now
        applicant.status = "accepted"
        applicant.responded_at = now
        applicant.userid = principal.id
        applicant.show_name = bool(show_name)
        jury.grant_local_role(principal.id, "juror")
        return principal

    def decline(self, jury, applicant):
        applicant.status = "declined"
        applicant.responded_at = self.clock.now()
        applicant.show_name = False
        if applicant.userid:
            jury.revoke_local_role(applicant.userid, "juror")


def _problem(problem):
    return {"feature": problem.feature, "value": problem.value, "kind": problem.kind,
            "quota": tuple(problem.quota), "available": problem.available,
            "suggested": tuple(problem.suggested) if problem.suggested else None}


# -- the background worker ----------------------------------------------------------------

def status_of(draw, runner=None):
    """The draw's status as people should see it: a draw marked running whose
    worker is gone (the process restarted, or another process stopped
    sending signs of life) is "interrupted" and may be started again."""
    if draw.status != "running":
        return draw.status
    if draw.runner == PROCESS:
        live = runner is not None and runner.is_running(draw)
        return "running" if live else "interrupted"
    if draw.heartbeat is None or time.time() - draw.heartbeat > STALE_SECONDS:
        return "interrupted"
    return "running"


def _locate(root, jury_name, number):
    jury = root["juries"][jury_name]
    return jury, jury.draws[str(number)]


def _update(db, jury_name, number, change, attempts=5):
    """Run `change(jury, draw)` in its own transaction, retrying conflicts."""
    from ..resources import APP_KEY

    manager = transaction.TransactionManager()
    for attempt in range(attempts):
        connection = db.open(manager)
        try:
            with manager:
                jury, draw = _locate(connection.root()[APP_KEY], jury_name, number)
                return change(jury, draw)
        except ConflictError:
            if attempt == attempts - 1:
                raise
        finally:
            connection.close()


def _progress_text(line):
    import json

    if not line.startswith(lottery.PROGRESS_PREFIX):
        return None
    event = json.loads(line[len(lottery.PROGRESS_PREFIX):])
    text = event.get("message") or event.get("phase") or ""
    if event.get("total"):
        text += f" ({event['current']}/{event['total']})"
    elif event.get("current"):
        text += f" ({event['current']})"
    return text


def execute_draw(db, jury_name, number, service, isolated=True, timeout=DRAW_TIMEOUT):
    """Run one announced-and-started draw to the end: read its inputs, run
    the lottery (in a child process unless `isolated` is false), store the
    result or the failure. Progress and a heartbeat are committed at most
    once a second while it runs. This is what DrawRunner's thread does."""
    inputs = _update(db, jury_name, number,
                     lambda jury, draw: lottery.inputs_from_dict(draw.inputs)
                     if draw.status == "running" else None)
    if inputs is None:
        return None
    last = [0.0]

    def on_line(line):
        text = _progress_text(line)
        if text is None or time.time() - last[0] < 1.0:
            return
        last[0] = time.time()

        def record(jury, draw):
            draw.progress = text
            draw.heartbeat = time.time()

        try:
            _update(db, jury_name, number, record)
        except Exception:  # progress is a courtesy; the draw goes on
            log.exception("could not record the progress of a draw")

    try:
        result = (lottery.run_isolated(inputs, on_line, timeout=timeout) if isolated
                  else lottery.draw(inputs))
    except lottery.LotteryError as error:
        refusal = error
        _update(db, jury_name, number, lambda jury, draw: service.fail_draw(draw, refusal))
        return refusal
    except Exception as error:  # noqa: BLE001 - shown to the organiser, logged in full
        log.exception("draw %s of jury %s failed", number, jury_name)
        failure = lottery.LotteryError(f"{type(error).__name__}: {error}")
        _update(db, jury_name, number, lambda jury, draw: service.fail_draw(draw, failure))
        return failure
    _update(db, jury_name, number, lambda jury, draw: service.finish_draw(jury, draw, result))
    return result


class DrawRunner:
    """Starts draws in background threads, one per draw, after the
    transaction that started them commits; remembers which are alive."""

    def __init__(self, isolated=True, timeout=DRAW_TIMEOUT):
        self.isolated = isolated
        self.timeout = timeout
        self._threads = {}
        self._lock = threading.Lock()

    def _key(self, draw):
        jury = draw.__parent__.__parent__
        return (jury.__name__, draw.number)

    def is_running(self, draw):
        with self._lock:
            thread = self._threads.get(self._key(draw))
        return thread is not None and thread.is_alive()

    def start_after_commit(self, request, jury, draw, service):
        db = request.registry._zodb_databases[""]
        key = (jury.__name__, draw.number)

        def start(committed):
            if not committed:
                return
            thread = threading.Thread(target=self._run, args=(db, key, service),
                                      name=f"jury-draw-{key[0]}-{key[1]}", daemon=True)
            with self._lock:
                self._threads[key] = thread
            thread.start()

        # The worker gets its own service: nothing from this request's connection.
        service = JuryService(service.clock, service.secret)
        request.tm.get().addAfterCommitHook(start)

    def _run(self, db, key, service):
        try:
            execute_draw(db, key[0], key[1], service, isolated=self.isolated,
                         timeout=self.timeout)
        except Exception:
            log.exception("the draw worker for %s stopped", key)

    def wait(self, timeout=600):
        """Wait for every draw started so far (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                threads = [t for t in self._threads.values() if t.is_alive()]
            if not threads:
                return True
            if time.monotonic() > deadline:
                return False
            for thread in threads:
                thread.join(max(0.0, min(1.0, deadline - time.monotonic())))


def jury_service_factory(context, request):
    from ..clock import IClock
    from ..mail import IMailService

    def link(jury, name, query):
        return request.resource_url(jury, name, query=query)

    return JuryService(
        request.find_service(IClock),
        request.registry.settings["consult.session_secret"],
        mailer=request.find_service(IMailService),
        principals=request.root["principals"],
        link=link,
        translate=request.localizer.translate,
    )


def make_runner(settings):
    from pyramid.settings import asbool

    return DrawRunner(isolated=asbool(settings.get("consult.juries.isolated_draws", True)),
                      timeout=float(settings.get("consult.juries.draw_timeout_seconds",
                                                 DRAW_TIMEOUT)))

