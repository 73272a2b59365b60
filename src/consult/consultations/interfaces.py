"""What the rest of consult may ask of consultations:
`request.find_service(IConsultationService)`.

Texts given in several languages are dicts {language: text} over kk, ru and
en; times are aware UTC datetimes. Every change that search must follow is
recorded in the search change log in the same transaction."""

from zope.interface import Interface

from ..refusals import Refusal


class ConsultationError(Refusal):
    """A refusal the editor can act on; `message` says what to change."""


class ConsultationWarnings(ConsultationError):
    """Not done until the editor confirms: `warnings` lists what readers
    would notice (translatable messages); `message` asks for the
    confirmation."""

    def __init__(self, message, warnings):
        super().__init__(message)
        self.warnings = list(warnings)


class IConsultationService(Interface):
    """Each method that changes what a consultation shows announces
    consultations.events.ConsultationChanged (`create`: ConsultationCreated)."""

    def create(slug, title, summary, ministry, tags, creator):
        """Create an unpublished consultation; `creator` becomes its editor.

        :param str slug: its address: lowercase Latin letters, digits and
            hyphens, unique among consultations.
        :param dict title: {language: text}, at least one not blank.
        :param dict summary: {language: text}.
        :param dict ministry: {language: name of the ministry}; the
            consultation is linked to the organisation this names
            (organisations' `for_ministry`, which makes one if none does),
            and the text is kept as given.
        :param tags: a sequence of str.
        :param creator: the Principal creating it.
        :returns: the new consultations.models.Consultation.
        :raises ConsultationError: the slug is malformed or taken, or the
            title is blank in every language.
        """

    def update(
        consultation,
        title,
        summary,
        ministry,
        tags,
        premoderation,
        comment_level=None,
        support_level=None,
    ):
        """Replace the consultation's description and rules.

        :param dict title: {language: text}, at least one not blank.
        :param dict summary: {language: text}.
        :param dict ministry: {language: text}.
        :param tags: a sequence of str.
        :param bool premoderation: whether every comment waits for a moderator.
        :param int comment_level: the verification level required to comment
            (verification.interfaces), or None to keep it.
        :param int support_level: the level required to support, or None.
        :returns: None.
        :raises ConsultationError: the title is blank in every language.
        """

    def assign_organisation(consultation, organisation):
        """Name the organisation that publishes `consultation`; its name in
        each language becomes the consultation's `ministry`.

        :param organisation: an organisations.models.Organisation.
        """

    def name_tag(tag, names):
        """Say how a tag reads in each language (consultations.tags); the
        tag itself stays the key that consultations store.

        :param str tag: the tag, as consultations list it.
        :param dict names: {language: name}; a blank name removes that
            language's name.
        :returns: None.
        :raises ConsultationError: the tag is blank.
        """

    def schedule(consultation, kind, opens_at, closes_at):
        """Set the opening and closing times of one stage (see `schedule_stages`).

        :param str kind: "green", "white" or "outcome".
        :returns: None.
        :raises ConsultationError: as `schedule_stages`.
        :raises ValueError: `kind` names no stage.
        """

    def schedule_stages(consultation, times, confirmed=True):
        """Set the times of several stages at once. Everything is checked
        first, so a refusal changes nothing.

        :param dict times: {kind: (opens_at, closes_at)}, both None to
            unschedule a stage.
        :param bool confirmed: False to refuse with ConsultationWarnings when
            a published consultation's open stage would close in the past
            (the form asks the editor to confirm that).
        :returns: None.
        :raises ConsultationError: a stage would close before it opens or have
            one time only (the message names the stage), or the White Paper
            stage would open before the Green Paper stage closes.
        :raises ConsultationWarnings: not `confirmed`, and there are warnings.
        :raises ValueError: a kind names no stage.
        """

    def add_document(consultation, kind, title, body):
        """Attach a document to the stage that holds documents of `kind`.

        :param str kind: one of consultations.models.DOCUMENT_KINDS.
        :param dict title: {language: text}, at least one not blank.
        :param dict body: {language: text}, at least one not blank.
        :returns: the new consultations.models.Document.
        :raises ConsultationError: the title or the body is blank in every
            language.
        :raises ValueError: `kind` is not a document kind.
        """

    def add_question(consultation, text):
        """Put a question to the public in the Green Paper stage.

        :param dict text: {language: text}, at least one not blank.
        :returns: the new consultations.models.Question.
        :raises ConsultationError: the text is blank in every language.
        """

    def import_draft(consultation, language, parsed, title=None):
        """Set one language of the current draft version from a parsed text
        (creating version 1 if there is none yet).

        :param str language: kk, ru or en.
        :param parsed: a consultations.parsing.ParsedDraft.
        :param str title: the draft's title in `language`, or None to keep it.
        :returns: the consultations.models.Draft.
        """

    def preview_version(consultation, parsed_by_language):
        """The version `publish_version` would store, without storing anything.

        :param dict parsed_by_language: {language: ParsedDraft}.
        :returns: (draft, matching): the unstored Draft and the
            consultations.matching.Matching of its articles to the current
            version's.
        :raises ConsultationError: no text is given.
        """

    def publish_version(consultation, parsed_by_language, summary, publisher):
        """Store a new version of the draft after the current one; its
        articles keep the uids of the previous version's articles they match,
        so their comments follow them.

        :param dict parsed_by_language: {language: ParsedDraft}.
        :param dict summary: {language: what changed}; blank ones are dropped.
        :param publisher: the Principal publishing it, or None.
        :returns: (draft, matching) as `preview_version`, the draft stored.
        :raises ConsultationError: no text is given.
        """

    def correct_article(article, headings, paragraphs):
        """Correct an article of a stored version in place; paragraphs are
        matched by position across languages, and a language left out loses
        its text.

        :param article: the consultations.models.Article.
        :param dict headings: {language: heading}.
        :param dict paragraphs: {language: [paragraph text, ...]}.
        :returns: None.
        :raises ConsultationError: no language has any paragraph.
        """

    def grant_local_role(consultation, principal, role):
        """Give a person a role on this consultation only.

        :param principal: the Principal, or None when no account was found.
        :param str role: "editor", "moderator" or "expert".
        :returns: None.
        :raises ConsultationError: the role is not one of those, or
            `principal` is None.
        """

    def revoke_local_role(consultation, userid, role):
        """Take back a role given on this consultation.

        :param str userid: the Principal's id.
        :param str role:
        :returns: None.
        :raises ConsultationError: the person does not have that role here.
        """

    def publication_warnings(consultation):
        """What the editor should know before publishing: the parts with no
        Kazakh or no Russian text, and the scheduled stages with nothing to
        read (no document, question or draft).

        :returns: a list of translatable messages, empty if all is well.
        """

    def publish(consultation, confirmed=True):
        """Make the consultation public (once; publishing again changes nothing).

        :param bool confirmed: False to refuse with ConsultationWarnings while
            `publication_warnings` finds something (the form asks the editor
            to confirm).
        :returns: None.
        :raises ConsultationError: neither the Green nor the White Paper stage
            has its dates.
        :raises ConsultationWarnings: not `confirmed`, and there are warnings.
        """

    def publish_outcome(consultation, outcome):
        """Publish the ministry's account of the outcome, now.

        :param dict outcome: {language: text}, at least one not blank.
        :returns: None.
        :raises ConsultationError: a stage is still to close, or the text is
            blank in every language.
        """


class IExplainers(Interface):
    """The pages that explain a consultation, written by the web editors
    (consult.content registers it as a utility; consultations build below
    content and ask for them by this interface). Without one, a
    consultation's page lists none."""

    def __call__(request, consultation):
        """[(title, url, language)] of the public pages and news about
        `consultation`, in the reader's language where translated."""
