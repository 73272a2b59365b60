"""The addressee's answer to a petition, on the rules of the answers to
comments (consult.responses): a decision of responses.models.DISPOSITIONS,
a reason long enough in the petition's language (or with a translation into
it), the official's role shown and never their name, and revisions that
keep the earlier version with why it changed. The signers who asked for
news of the petition are told (notifications hears PetitionAnswerNews).

What is due an answer, and when, is read from the petitions' stored dates:
the answerers' queue, the public list of overdue answers and an
organisation's on-time rate."""

from persistent import Persistent
from persistent.list import PersistentList
from zope.interface import implementer

from ..accounts.security import roles_in_context
from ..i18n import _
from ..i18n.detection import detect_language
from ..responses.interfaces import IResponseService, ResponseError
from ..responses.models import DISPOSITIONS, STAFF_ROLES, Revision, Version
from ..responses.services import DISPOSITION_LABELS, LANGUAGE_LABELS, MIN_WHY
from .interfaces import IPetitionAnswering, IPetitionService, PetitionError
from .invalidation import invalidated_ids
from .models import ANSWER_DUE, ANSWERED


class PetitionAnswer(Persistent):
    """The answer to one petition: its current version and the earlier ones
    (responses.models.Version and Revision, as for a comment's answer)."""

    def __init__(self, version):
        self.current = version
        self.created = version.when
        self.revisions = PersistentList()  # Revision, oldest first

    disposition = property(lambda self: self.current.disposition)
    text = property(lambda self: self.current.text)
    translation = property(lambda self: self.current.translation)
    language = property(lambda self: self.current.language)
    role = property(lambda self: self.current.role)
    answered_at = property(lambda self: self.current.when)

    def revise(self, version, revised_by, revised_role, why):
        self.revisions.append(Revision(self.current, revised_by, revised_role, version.when, why))
        self.current = version


def petition_language(petition):
    """kk, ru or en: the language the petition is written in."""
    return detect_language(f"{petition.title}\n{petition.text}\n{petition.asks}")


def answered_on_time(petition):
    """Whether the first answer came by its deadline (None: no deadline yet)."""
    if petition.answer_due is None:
        return None
    response = petition.response
    first = response.revisions[0].version.when if response and response.revisions else None
    when = first or petition.answered
    return when is not None and when.date() <= petition.answer_due


def news_recipients(petition):
    """The signers to mail the answer to: those who asked, less the
    signatures moderators invalidated."""
    taken = invalidated_ids(petition)
    return [userid for userid in petition.updates if userid not in taken]


def answer_notice(petition, response, revised, link):
    """(subject, body) telling a signer of the answer (or of its revision);
    ${name} is left for the recipient's first name."""
    subject = (
        _("The answer to a petition you signed was revised")
        if revised
        else _("The petition you signed has been answered")
    )
    body = _(
        "Hello ${name},\n\nthe petition \u201c${title}\u201d has been answered.\n\n"
        "Decision: ${decision}\n\n${reason}\n\nRead it on the petition's page:\n${link}",
        mapping={
            "title": petition.title,
            # Translated by the mail service, into the signer's language.
            "decision": DISPOSITION_LABELS[response.disposition],
            "reason": "\n\n".join(t for t in (response.text, response.translation) if t),
            "link": link,
        },
    )
    return subject, body


@implementer(IPetitionAnswering)
class PetitionAnswering:
    def __init__(self, petitions, responses, clock):
        self.petitions = petitions
        self.responses = responses  # its rules for a reason's length
        self.clock = clock

    def _role(self, petition, official):
        roles = roles_in_context(official, petition)
        for role in STAFF_ROLES:
            if role in roles:
                return role
        raise PetitionError(_("Only the addressee's answerers may answer this petition."))

    def _version(self, petition, official, disposition, reason, translation):
        role = self._role(petition, official)
        if disposition not in DISPOSITIONS:
            raise PetitionError(
                _(
                    "Choose a decision: accepted, partly accepted, rejected, "
                    "noted or outside the scope."
                )
            )
        try:
            reason = self.responses.check_text(reason, _("Reason"))
            translation = (translation or "").strip() or None
            if translation is not None:
                translation = self.responses.check_text(translation, _("Translation"))
        except ResponseError as error:
            raise PetitionError(error.message) from error
        language, wanted = detect_language(reason), petition_language(petition)
        translated = detect_language(translation) if translation else None
        if language != wanted and translated != wanted:
            translate = self.responses.translate
            raise PetitionError(
                _(
                    "The petition is in ${wanted} but the answer reads as ${found}. Answer in "
                    "${wanted}, or add a translation into ${wanted}.",
                    mapping={
                        "wanted": translate(LANGUAGE_LABELS[wanted]),
                        "found": translate(LANGUAGE_LABELS[language]),
                    },
                )
            )
        return Version(
            disposition, reason, translation, language, official.id, role, self.clock.now()
        )

    def answer(self, petition, official, disposition, reason, translation=None):
        if petition.state != ANSWER_DUE:
            raise PetitionError(_("No answer is due on this petition."))
        version = self._version(petition, official, disposition, reason, translation)
        petition.response = PetitionAnswer(version)
        petition.state = ANSWERED
        petition.answer, petition.answered, petition.answered_by = (
            version.text,
            version.when,
            official.id,
        )
        return petition.response

    def revise(self, petition, official, disposition, reason, why, translation=None):
        response = petition.response
        if petition.state != ANSWERED or response is None:
            raise PetitionError(_("This petition has no answer to revise yet."))
        why = (why or "").strip()
        if len(why) < MIN_WHY:
            raise PetitionError(
                _(
                    "Please say why the answer changes (at least ${limit} "
                    "characters): the history shows it.",
                    mapping={"limit": MIN_WHY},
                )
            )
        version = self._version(petition, official, disposition, reason, translation)
        response.revise(version, official.id, version.role, why)
        petition.answer = version.text
        return response

    def want_news(self, petition, userid, wanted):
        if userid not in petition.signatures:
            raise PetitionError(_("Only the petition's signers hear of its answer."))
        if wanted:
            petition.updates.insert(userid)
        elif userid in petition.updates:
            petition.updates.remove(userid)

    def queue(self, status="due"):
        if status == "answered":
            found = [p for p in self.petitions.values() if p.state == ANSWERED]
            return sorted(found, key=lambda p: p.answered, reverse=True)
        found = [p for p in self.petitions.values() if p.state == ANSWER_DUE]
        return sorted(found, key=lambda p: (p.answer_due, int(p.__name__)))

    def overdue(self, now):
        return [p for p in self.queue() if p.overdue(now)]

    def record(self, organisation, now):
        addressed = [
            p for p in self.petitions.values() if p.addressee == organisation.name and p.listed(now)
        ]
        addressed.sort(key=lambda p: p.decided, reverse=True)
        due = [p for p in addressed if p.answer_due is not None]
        passed = [p for p in due if p.state == ANSWERED or now.date() > p.answer_due]
        on_time = sum(1 for p in passed if answered_on_time(p))
        return {
            "petitions": addressed,
            "due": len(passed),
            "on_time": on_time,
            "overdue": sum(1 for p in due if p.overdue(now)),
            "rate": round(100 * on_time / len(passed)) if passed else None,
        }


def answering_factory(context, request):
    return PetitionAnswering(
        request.find_service(IPetitionService).petitions,
        request.find_service(IResponseService),
        request.find_service(IPetitionService).clock,
    )
