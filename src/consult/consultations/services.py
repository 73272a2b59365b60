"""Consultation workflows: create, schedule, document, import a draft, publish."""
import re

from zope.interface import Interface, implementer

from ..i18n import _
from .models import Consultation, Document, Question

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


class IConsultationService(Interface):
    pass


class ConsultationError(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@implementer(IConsultationService)
class ConsultationService:
    def __init__(self, consultations, clock):
        self.consultations = consultations
        self.clock = clock

    def create(self, slug, title, summary, ministry, tags, creator):
        if not SLUG.match(slug or ""):
            raise ConsultationError(_("The address may use only lowercase Latin letters, "
                                      "digits and hyphens."))
        if slug in self.consultations:
            raise ConsultationError(_("Another consultation uses this address already."))
        if not any(text.strip() for text in title.values()):
            raise ConsultationError(_("Give the consultation a title in at least one language."))
        consultation = Consultation(title, summary, ministry, tags, self.clock.now(),
                                    creator.id)
        self.consultations.add(slug, consultation)
        consultation.grant_local_role(creator.id, "editor")
        return consultation

    def update(self, consultation, title, summary, ministry, tags, premoderation):
        if not any(text.strip() for text in title.values()):
            raise ConsultationError(_("Give the consultation a title in at least one language."))
        consultation.title = dict(title)
        consultation.summary = dict(summary)
        consultation.ministry = dict(ministry)
        consultation.tags = tuple(tags)
        consultation.premoderation = bool(premoderation)

    def schedule(self, consultation, kind, opens_at, closes_at):
        try:
            consultation.stages[kind].schedule(opens_at, closes_at)
        except ValueError:
            raise ConsultationError(_("A stage must close after it opens, and needs both "
                                      "times or neither.")) from None
        green, white = consultation.stages["green"], consultation.stages["white"]
        if green.closes_at and white.opens_at and white.opens_at < green.closes_at:
            raise ConsultationError(_("The White Paper stage cannot open before the Green "
                                      "Paper stage closes."))

    def add_document(self, consultation, kind, title, body):
        stage = consultation.stages["green" if kind in ("concept", "expert") else "white"]
        document = Document(kind, title, body)
        stage.documents.append(document)
        return document

    def add_question(self, consultation, text):
        if not any(value.strip() for value in text.values()):
            raise ConsultationError(_("Write the question in at least one language."))
        question = Question(text)
        consultation.stages["green"].questions.append(question)
        return question

    def import_draft(self, consultation, language, parsed, title=None):
        draft = consultation.ensure_draft(self.clock.now())
        draft.apply_parsed(language, parsed)
        if title:
            draft.title = dict(draft.title, **{language: title})
        return draft

    def publish(self, consultation):
        stages = consultation.stages
        if stages["green"].opens_at is None and stages["white"].opens_at is None:
            raise ConsultationError(_("Set the dates of at least one stage before publishing."))
        if consultation.published_at is None:
            consultation.published_at = self.clock.now()

    def publish_outcome(self, consultation, outcome):
        if consultation.state(self.clock.now()) not in ("closed", "outcome"):
            raise ConsultationError(_("The outcome can be published once all stages have "
                                      "closed."))
        if not any(value.strip() for value in outcome.values()):
            raise ConsultationError(_("Write the outcome in at least one language."))
        consultation.outcome = dict(outcome)
        consultation.outcome_published_at = self.clock.now()


def consultation_service_factory(context, request):
    from ..clock import IClock

    return ConsultationService(request.root["consultations"], request.find_service(IClock))
