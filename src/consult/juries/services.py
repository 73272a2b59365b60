"""Jury workflows: set up a jury, take applications, check the quotas,
announce and start the draw, invite the people drawn and take their answers.

The draw itself runs in the background (`draws.DrawRunner`): the request
that starts it stores the pool snapshot and marks the draw running, and only
after that transaction commits does a thread take it, with its own ZODB
connection, through `draws.execute_draw`, which stores the result with
`finish_draw` or `fail_draw`. What applicants give is normalised and hashed
by `identity`."""

import hmac
import secrets
import time
from datetime import timedelta

from zope.interface import implementer

from ..accounts.models import Principal, normalize_email
from ..accounts.passwords import hash_password
from ..hashing import HashKeys, hash_keys
from ..i18n import _
from ..layout import LOCAL_ZONE
from ..urls import public_url
from . import iin as iin_module
from . import lottery, lottery_data, seeds
from .draws import PROCESS, status_of
from .features import FEATURES, FeatureError, census_quotas, make_feature
from .identity import keyed_hash, make_token, normalize_address, normalize_phone, token_signature
from .interfaces import IJuryService, JuryError
from .models import NAME_CHOICES, Applicant, Draw, Jury, split_name

MIN_PANEL, MAX_PANEL = 15, 25
MIN_AGE = 18
INVITATION_TTL = timedelta(days=14)


@implementer(IJuryService)
class JuryService:
    def __init__(self, clock, secret, mailer=None, principals=None, link=None, translate=None):
        """`secret`: the hash secret, or HashKeys while a rotation completes
        (hashes and tokens are made with the current key, and compared with
        the previous one's too)."""
        self.clock = clock
        self.keys = HashKeys.of(secret)
        self.secret = self.keys.current
        self.mailer = mailer
        self.principals = principals
        self.link = link  # (jury, view name or None, query or None) -> URL, for the e-mails
        self.translate = translate or (lambda term: term)

    # -- set-up ----------------------------------------------------------------------
    def check_settings(self, data):
        if not MIN_PANEL <= data["panel_size"] <= MAX_PANEL:
            raise JuryError(
                _(
                    "A panel has from ${min} to ${max} members.",
                    mapping={"min": MIN_PANEL, "max": MAX_PANEL},
                ),
                "panel_size",
            )
        if data["recruitment_closes"] <= data["recruitment_opens"]:
            raise JuryError(_("Recruitment must close after it opens."), "recruitment_closes")
        if not data["features"]:
            raise JuryError(_("Choose at least one feature to stratify by."), "features")
        if not any((data["remit"] or {}).values()):
            raise JuryError(
                _("Write the question put to the jury in at least one language."), "remit_ru"
            )
        deadline = data.get("answer_deadline")
        if deadline is not None:
            # The deadline is the end of a day; that day must follow the last session.
            day = (deadline - timedelta(seconds=1)).astimezone(LOCAL_ZONE).date()
            if data["sessions"] and day <= max(data["sessions"]):
                raise JuryError(
                    _("The ministry answers after the last session: choose a later deadline."),
                    "answer_deadline",
                )
            if deadline <= data["recruitment_closes"]:
                raise JuryError(
                    _("The ministry answers after recruitment closes: choose a later deadline."),
                    "answer_deadline",
                )

    def create(self, juries, name, consultation, data, creator):
        self.check_settings(data)
        if name in juries:
            raise JuryError(_("This address is taken; choose another."), "name")
        quotas = census_quotas(data["features"], data["panel_size"])
        jury = Jury(
            consultation,
            data["remit"],
            data["panel_size"],
            data["recruitment_opens"],
            data["recruitment_closes"],
            data["sessions"],
            data["features"],
            quotas,
            self.clock.now(),
            creator.id,
        )
        jury.algorithm = data.get("algorithm") or lottery_data.DEFAULT_ALGORITHM
        jury.answer_deadline = data.get("answer_deadline")
        juries.add_jury(name, jury)
        jury.grant_local_role(creator.id, "organiser")
        return jury

    def update(self, jury, data):
        # The form chooses among the default features; the organisers' own
        # stay in use until removed (remove_feature).
        chosen = set(data["features"])
        data = dict(
            data,
            features=tuple(key for key in FEATURES if key in chosen)
            + tuple(feature.key for feature in jury.custom_features),
        )
        self.check_settings(data)
        if jury.applicants and tuple(data["features"]) != jury.features:
            raise JuryError(
                _(
                    "The features cannot change once people have applied: their "
                    "answers would no longer match."
                ),
                "features",
            )
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
            raise JuryError(
                _(
                    "The features cannot change once people have applied: their "
                    "answers would no longer match."
                ),
                field,
            )

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
            raise JuryError(
                _(
                    "This feature is not one of this jury's own: choose the default "
                    "features in the settings."
                )
            )
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
                    raise JuryError(
                        _(
                            "${feature}: each minimum must be from 0 to its maximum, "
                            "and each maximum at most the panel size (${size}).",
                            mapping={"feature": feature, "size": jury.panel_size},
                        ),
                        feature,
                    )
                values[value] = (low, high)
            if sum(v[0] for v in values.values()) > jury.panel_size:
                raise JuryError(
                    _(
                        "${feature}: the minimums add up to more than the panel (${size}).",
                        mapping={"feature": feature, "size": jury.panel_size},
                    ),
                    feature,
                )
            if sum(v[1] for v in values.values()) < jury.panel_size:
                raise JuryError(
                    _(
                        "${feature}: the maximums add up to less than the panel (${size}).",
                        mapping={"feature": feature, "size": jury.panel_size},
                    ),
                    feature,
                )
            checked[feature] = values
        jury.quotas = checked
        return checked

    # -- applications ----------------------------------------------------------------
    def apply(self, jury, data, language):
        """Take an application and write to the person about it; returns the
        `Applicant` kept, or None when an earlier one stands.

        Raises JuryError only for what the form itself got wrong (applications
        closed, an IIN that is not valid or of someone under 18, no address,
        a question unanswered), which says nothing about anyone else. Whether
        this person (IIN) or household (address) had applied already is never
        the caller's to show, so that nobody can test someone else's IIN or
        address: the address given gets the same receipt either way, and
        when an earlier application stands, it is the e-mail address given
        with that one that is told (docs/security.md, "The jury application
        is no oracle")."""
        now = self.clock.now()
        if not jury.recruiting(now):
            raise JuryError(_("Applications are not open for this jury."))
        try:
            born, _sex = iin_module.parse(data["iin"])
        except iin_module.InvalidIIN:
            raise JuryError(
                _("This IIN is not valid. Check the twelve digits on your identity card."), "iin"
            ) from None
        if iin_module.age_on(born, now.date()) < MIN_AGE:
            raise JuryError(
                _("Jurors must be at least ${age} years old.", mapping={"age": MIN_AGE}), "iin"
            )
        household = normalize_address(data["address"])
        if not household:
            raise JuryError(_("Please give your address."), "address")
        answers = {}
        for feature in jury.features:
            value = data["answers"].get(feature)
            if value not in jury.feature(feature).keys:
                raise JuryError(_("Please answer every question about yourself."), feature)
            answers[feature] = value
        iin = iin_module.normalize(data["iin"])
        iin_keys = [keyed_hash(secret, "iin", jury, iin) for secret in self.keys.secrets]
        household_keys = [
            keyed_hash(secret, "household", jury, household) for secret in self.keys.secrets
        ]
        applicant = Applicant(
            data["name"].strip(),
            normalize_email(data["email"]),
            normalize_phone(data["phone"]),
            iin_keys[0],
            household_keys[0],
            answers,
            language,
            now,
        )
        applicants = jury.applicants
        earlier = applicants.earlier(
            applicant, former=tuple(zip(iin_keys[1:], household_keys[1:], strict=False))
        )
        self._send_receipt(jury, applicant)
        if earlier is not None:
            # Counted (a write, like keeping one) for the organisers' page.
            applicants.refused.change(1)
            reason, kept = earlier
            self._send_not_kept(jury, kept, reason)
            return None
        return applicants.add_applicant(applicant)

    def _remit(self, jury, language):
        return jury.remit.get(language) or next(iter(jury.remit.values()), "")

    def _send_receipt(self, jury, applicant):
        """The same message whether the application is kept or not."""
        if self.mailer is None:
            return
        closes = jury.recruitment_closes.astimezone(LOCAL_ZONE)
        self.mailer.send(
            applicant.email,
            _("Your application to a citizens' jury"),
            _(
                "Hello ${name},\n\nwe have received your application to the citizens' jury on "
                "this question:\n\n${remit}\n\nOne application is kept per person and one per "
                "household. If an application with the same IIN or from the same home had "
                "reached us before, that earlier one is kept, and we have written about it to "
                "the e-mail address given with it.\n\nApplications close on ${closes} (Almaty "
                "time). The panel is then drawn by lot in public; if you are drawn, we will "
                "write to you at this address with a link to accept or decline.\n\n"
                "The jury's page: ${link}",
                mapping={
                    "name": applicant.name,
                    "remit": self._remit(jury, applicant.language),
                    "closes": closes.strftime("%Y-%m-%d %H:%M"),
                    "link": self.link(jury, None, None) if self.link else "",
                },
            ),
        )

    def _send_not_kept(self, jury, kept, reason):
        """Tell the person whose application stands that another one came
        with their IIN (`reason` "person") or from their home ("household")."""
        if self.mailer is None:
            return
        mapping = {
            "name": kept.name,
            "remit": self._remit(jury, kept.language),
            "date": kept.created.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d"),
        }
        if reason == "person":
            body = _(
                "Hello ${name},\n\nthe citizens' jury on this question:\n\n${remit}\n\n"
                "has just received another application with the IIN you gave when you "
                "applied on ${date}. Only one application per person is kept: yours "
                "stands as it was, and the new one was not kept.\n\nIf you sent it, "
                "there is nothing more to do. If you did not, nothing in your "
                "application has changed.",
                mapping=mapping,
            )
        else:
            body = _(
                "Hello ${name},\n\nthe citizens' jury on this question:\n\n${remit}\n\n"
                "has just received an application from the home address you gave when "
                "you applied on ${date}. Only one person per household can take part, so "
                "that the panel reaches as many homes as possible: your application "
                "stands, and the new one was not kept. If someone you live with wanted "
                "to apply, they may want to know.",
                mapping=mapping,
            )
        self.mailer.send(kept.email, _("About your application to a citizens' jury"), body)

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
            household = households.setdefault(
                applicant.household_key, f"h{len(households) + 1:05d}"
            )
            pseudonyms[pseudonym] = applicant.id
            person = lottery_data.Person(
                pseudonym, household, {f: applicant.answers[f] for f in jury.features}
            )
            (kept if applicant.in_panel else people).append(person)
        people.sort(key=lambda p: p.id)
        kept.sort(key=lambda p: p.id)
        seed = draw.seed if draw is not None else 1
        algorithm = draw.algorithm_requested if draw is not None else jury.algorithm
        inputs = lottery_data.DrawInputs(
            tuple(people), dict(jury.quotas), jury.panel_size, seed, algorithm, tuple(kept)
        )
        return inputs, pseudonyms

    def check_feasibility(self, jury):
        inputs, _pseudonyms = self.pool(jury)
        return lottery.check_feasibility(inputs)

    def announce_draw(self, jury, algorithm):
        """Announce the next draw: its seed is drawn now and only its hash is
        published, so nobody (organisers included) can choose it after
        seeing the pool."""
        if algorithm not in lottery_data.ALGORITHMS:
            raise JuryError(_("Choose an algorithm: maximin, nash or leximin."))
        if jury.recruiting(self.clock.now()):
            raise JuryError(
                _(
                    "Recruitment is still open: draw after it closes, so that every "
                    "applicant is in the pool."
                )
            )
        pending = [d for d in jury.draws.values() if d.status != "done"]
        if pending:
            raise JuryError(
                _(
                    "Draw ${number} is announced and not done yet: run it first.",
                    mapping={"number": pending[0].number},
                )
            )
        panel = jury.panel()
        if panel and not jury.vacancies():
            raise JuryError(_("The panel is complete: nobody has declined."))
        kind = "replacement" if panel else "panel"
        seed = seeds.new_seed()
        draw = Draw(
            jury.draws.next_number(), kind, seed, seeds.seed_hash(seed), algorithm, self.clock.now()
        )
        jury.draws.add(str(draw.number), draw)
        return draw

    def start_draw(self, jury, draw):
        """Take the pool snapshot and mark the draw running; the caller starts
        the worker after the commit (DrawRunner.start_after_commit)."""
        if status_of(draw) not in ("announced", "failed", "interrupted"):
            raise JuryError(_("This draw is running or done already."))
        inputs, pseudonyms = self.pool(jury, draw)
        draw.inputs = lottery_data.inputs_to_dict(inputs)
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
            token = make_token(self.keys.current, jury, applicant)
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
            _(
                "Hello ${name},\n\nthank you for applying. You have been drawn by lot to sit on "
                "the citizens' jury on this question:\n\n${remit}\n\nPlease tell us within two "
                "weeks whether you accept.\n\nTo accept: ${accept}\n\nTo decline: ${decline}\n\n"
                "If you decline, someone with a similar background is drawn in your place.",
                mapping={
                    "name": applicant.name,
                    "remit": remit,
                    "accept": self.link(jury, "respond", {"token": token, "answer": "accept"}),
                    "decline": self.link(jury, "respond", {"token": token, "answer": "decline"}),
                },
            ),
        )

    def redeem(self, jury, token):
        """The invited applicant a token belongs to; raises JuryError."""
        parts = (token or "").split(".")
        applicant = jury.applicants.get(parts[0]) if len(parts) == 3 else None
        if (
            applicant is None
            or applicant.invitation_nonce != parts[1]
            or not any(
                hmac.compare_digest(
                    parts[2],
                    token_signature(secret, jury, applicant.id, applicant.invitation_nonce),
                )
                for secret in self.keys.secrets
            )
        ):
            raise JuryError(_("This invitation link is not valid."))
        if applicant.status in ("accepted", "declined"):
            raise JuryError(_("You have answered this invitation already. Thank you."))
        if applicant.status != "invited":
            raise JuryError(_("This invitation link is not valid."))
        if self.clock.now() > applicant.invited_at + INVITATION_TTL:
            raise JuryError(_("This invitation has expired. Please contact the organisers."))
        return applicant

    def accept(self, jury, applicant, name_shown, password=None):
        """The applicant joins the panel: their account (found by e-mail, or
        created and confirmed by the invitation itself) becomes a juror of
        this jury, named on the public page as `name_shown` says (one of
        models.NAME_CHOICES). Returns the principal."""
        if name_shown not in NAME_CHOICES:
            raise ValueError(f"unknown name choice {name_shown!r}")
        now = self.clock.now()
        principal = self.principals.find_by_email(applicant.email)
        if principal is None:
            if not password:
                raise JuryError(_("Choose a password for your new account."), "password")
            first, last = split_name(applicant.name)
            principal = Principal(applicant.email, first, last, hash_password(password), now)
            self.principals.add_principal(principal)
        if principal.confirmed_at is None:
            # Following the invitation sent to this address proves it.
            principal.confirmed_at = now
        applicant.status = "accepted"
        applicant.responded_at = now
        applicant.userid = principal.id
        applicant.name_shown = name_shown
        jury.grant_local_role(principal.id, "juror")
        return principal

    def decline(self, jury, applicant):
        applicant.status = "declined"
        applicant.responded_at = self.clock.now()
        applicant.name_shown = "hidden"
        if applicant.userid:
            jury.revoke_local_role(applicant.userid, "juror")


def _problem(problem):
    return {
        "feature": problem.feature,
        "value": problem.value,
        "kind": problem.kind,
        "quota": tuple(problem.quota),
        "available": problem.available,
        "suggested": tuple(problem.suggested) if problem.suggested else None,
    }


def jury_service_factory(context, request):
    from ..clock import IClock
    from ..mail import IMailService

    def link(jury, name, query):
        elements = (name,) if name else ()
        return public_url(request, jury, *elements, **({"query": query} if query else {}))

    return JuryService(
        request.find_service(IClock),
        hash_keys(request),
        mailer=request.find_service(IMailService),
        principals=request.root["principals"],
        link=link,
        translate=request.localizer.translate,
    )
