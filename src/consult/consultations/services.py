"""Consultation workflows: create, schedule, document, import a draft, publish."""

import re

from pyramid.traversal import find_interface
from zope.interface import implementer

from ..clock import IClock
from ..events import notify_outside_requests
from ..i18n import LANGUAGES, _
from ..organisations.services import OrganisationService
from .checks import publication_warnings, schedule_warnings
from .events import ConsultationChanged, ConsultationCreated
from .interfaces import ConsultationError, ConsultationWarnings, IConsultationService
from .matching import build_version
from .models import DOCUMENT_KINDS, Consultation, Document, Question, Stage, merged

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
STAGE_TIMES_REFUSED = {
    "green": _(
        "Green Paper: the stage must close after it opens, and needs both times or neither."
    ),
    "white": _(
        "White Paper: the stage must close after it opens, and needs both times or neither."
    ),
    "outcome": _("Outcome: the stage must close after it opens, and needs both times or neither."),
}
# Roles an administrator may grant on one consultation.
LOCAL_ROLES = ("editor", "moderator", "expert")


def _interpolated(term):
    return term.interpolate() if hasattr(term, "interpolate") else str(term)


@implementer(IConsultationService)
class ConsultationService:
    def __init__(self, consultations, clock, notify=None, request=None, translate=None):
        self.consultations = consultations
        self.clock = clock
        self.notify = notify or notify_outside_requests
        self.request = request  # what the events carry
        # Names put into a warning's mapping are translated here: the
        # localizer does not translate a mapping's values.
        self.translate = translate or _interpolated

    def _changed(self, consultation, with_comments=False):
        self.notify(ConsultationChanged(self.request, consultation, with_comments))

    def create(self, slug, title, summary, ministry, tags, creator):
        if not SLUG.match(slug or ""):
            raise ConsultationError(
                _("The address may use only lowercase Latin letters, digits and hyphens.")
            )
        if slug in self.consultations:
            raise ConsultationError(_("Another consultation uses this address already."))
        if not any(text.strip() for text in title.values()):
            raise ConsultationError(_("Give the consultation a title in at least one language."))
        consultation = Consultation(title, summary, ministry, tags, self.clock.now(), creator.id)
        self.consultations.add(slug, consultation)
        self._link_organisation(consultation)
        consultation.grant_local_role(creator.id, "editor")
        self.notify(ConsultationCreated(self.request, consultation))
        return consultation

    def update(
        self,
        consultation,
        title,
        summary,
        ministry,
        tags,
        premoderation,
        comment_level=None,
        support_level=None,
    ):
        if not any(text.strip() for text in title.values()):
            raise ConsultationError(_("Give the consultation a title in at least one language."))
        consultation.title = dict(title)
        consultation.summary = dict(summary)
        consultation.ministry = dict(ministry)
        consultation.tags = tuple(tags)
        consultation.premoderation = bool(premoderation)
        if comment_level is not None:
            consultation.comment_level = int(comment_level)
        if support_level is not None:
            consultation.support_level = int(support_level)
        self._changed(consultation)

    def _link_organisation(self, consultation):
        """Link the organisation its ministry's name means (made if none does
        yet), keeping the text as given; the details form chooses another."""
        root = self.consultations.__parent__
        if root is None or "organisations" not in root:
            return  # a container outside a database (unit tests)
        found = OrganisationService(root["organisations"]).for_ministry(consultation.ministry)
        if found is not None:
            consultation.organisation = found.name

    def assign_organisation(self, consultation, organisation):
        consultation.organisation = organisation.name
        consultation.ministry = dict(organisation.title)
        self._changed(consultation)

    def name_tag(self, tag, names):
        tag = (tag or "").strip()
        if not tag:
            raise ConsultationError(_("Give the tag whose names these are."))
        self.consultations.tag_names.set(tag, names)

    def schedule(self, consultation, kind, opens_at, closes_at):
        self.schedule_stages(consultation, {kind: (opens_at, closes_at)})

    def schedule_stages(self, consultation, times, confirmed=True):
        """Set the times of several stages ({kind: (opens_at, closes_at)}, UTC).
        Everything is checked first, so a refusal changes nothing."""
        planned = {
            kind: (stage.opens_at, stage.closes_at) for kind, stage in consultation.stages.items()
        }
        for kind, (opens_at, closes_at) in times.items():
            if kind not in planned:
                raise ValueError(kind)
            try:
                Stage.check_times(opens_at, closes_at)
            except ValueError:
                raise ConsultationError(STAGE_TIMES_REFUSED[kind]) from None
            planned[kind] = (opens_at, closes_at)
        green_closes, white_opens = planned["green"][1], planned["white"][0]
        if green_closes and white_opens and white_opens < green_closes:
            raise ConsultationError(
                _("The White Paper stage cannot open before the Green Paper stage closes.")
            )
        if not confirmed:
            self._refuse_unconfirmed(schedule_warnings(consultation, times, self.clock.now()))
        for kind in times:
            consultation.stages[kind].schedule(*planned[kind])

    def add_document(self, consultation, kind, title, body):
        if kind not in DOCUMENT_KINDS:
            raise ValueError(kind)
        if not any(text.strip() for text in title.values()):
            raise ConsultationError(_("Give the document a title in at least one language."))
        if not any(text.strip() for text in body.values()):
            raise ConsultationError(_("Write the document's text in at least one language."))
        document = Document(kind, title, body)
        consultation.stage_for_document(kind).documents.append(document)
        self._changed(consultation)
        return document

    def add_question(self, consultation, text):
        if not any(value.strip() for value in text.values()):
            raise ConsultationError(_("Write the question in at least one language."))
        question = Question(text)
        consultation.stages["green"].questions.append(question)
        self._changed(consultation)
        return question

    def import_draft(self, consultation, language, parsed, title=None):
        draft = consultation.ensure_draft(self.clock.now())
        draft.apply_parsed(language, parsed)
        if title:
            draft.title = dict(draft.title, **{language: title})
        self._changed(consultation)
        return draft

    def preview_version(self, consultation, parsed_by_language):
        """(draft, matching) of the version that `publish_version` would
        store, without storing anything."""
        if not parsed_by_language:
            raise ConsultationError(_("Give the text of the new version in at least one language."))
        drafts = consultation.drafts
        return build_version(
            consultation.current_draft(),
            drafts.next_version(),
            self.clock.now(),
            parsed_by_language,
        )

    def publish_version(self, consultation, parsed_by_language, summary, publisher):
        """Store a new version of the draft ({language: ParsedDraft}) after
        the current one; its articles keep the uids of the previous version's
        articles they match. Returns (draft, matching)."""
        draft, matching = self.preview_version(consultation, parsed_by_language)
        draft.published_by = publisher.id if publisher is not None else None
        draft.summary = {
            language: text.strip()
            for language, text in (summary or {}).items()
            if text and text.strip()
        }
        consultation.drafts.add_version(draft)
        self._changed(consultation)
        return draft, matching

    def correct_article(self, article, headings, paragraphs):
        """Replace an article's heading ({language: text}) and paragraphs
        ({language: [text, ...]}), matched by position across languages; a
        language left out loses its text."""
        if not any(texts for texts in paragraphs.values()):
            raise ConsultationError(_("An article needs its text in at least one language."))
        for language in LANGUAGES:
            article.heading = merged(article.heading, language, headings.get(language, ""))
            article.set_paragraph_texts(language, paragraphs.get(language, []))
        consultation = find_interface(article, Consultation)
        if consultation is not None:
            self._changed(consultation)

    def grant_local_role(self, consultation, principal, role):
        if role not in LOCAL_ROLES:
            raise ConsultationError(_("Choose one of the roles: editor, moderator or expert."))
        if principal is None:
            raise ConsultationError(
                _("No account uses this e-mail address. Ask the person to register first.")
            )
        consultation.grant_local_role(principal.id, role)
        self._changed(consultation, with_comments=True)

    def revoke_local_role(self, consultation, userid, role):
        if role not in consultation.local_roles.get(userid, ()):
            raise ConsultationError(_("This person does not have that role here."))
        consultation.revoke_local_role(userid, role)
        self._changed(consultation, with_comments=True)

    def _refuse_unconfirmed(self, warnings):
        if warnings:
            raise ConsultationWarnings(
                _("Please read the warnings, then tick the box to confirm."), warnings
            )

    def publication_warnings(self, consultation):
        return publication_warnings(consultation, self.translate)

    def publish(self, consultation, confirmed=True):
        stages = consultation.stages
        if stages["green"].opens_at is None and stages["white"].opens_at is None:
            raise ConsultationError(_("Set the dates of at least one stage before publishing."))
        if not confirmed and consultation.published_at is None:
            self._refuse_unconfirmed(self.publication_warnings(consultation))
        if consultation.published_at is None:
            consultation.published_at = self.clock.now()
            self._changed(consultation, with_comments=True)

    def publish_outcome(self, consultation, outcome):
        if consultation.state(self.clock.now()) not in ("closed", "outcome"):
            raise ConsultationError(_("The outcome can be published once all stages have closed."))
        if not any(value.strip() for value in outcome.values()):
            raise ConsultationError(_("Write the outcome in at least one language."))
        consultation.outcome = dict(outcome)
        consultation.outcome_published_at = self.clock.now()


def consultation_service_factory(context, request):
    return ConsultationService(
        request.root["consultations"],
        request.find_service(IClock),
        notify=request.registry.notify,
        request=request,
        translate=lambda term: request.localizer.translate(term),
    )
