"""What the rest of consult may ask of organisations:
`request.find_service(IOrganisationService)`.

Organisations build below consultations, which name their organisation, and
below responses, which know when answers were due, and below petitions. An
organisation's page shows what those capabilities contribute through the
interfaces below,
which they register (as feedback shows a comment's answer through
feedback.interfaces.ICommentAnswer)."""

from zope.interface import Attribute, Interface

from ..refusals import Refusal


class OrganisationError(Refusal):
    """A refusal a person can act on; `message` says what to change."""


class IOrganisationService(Interface):
    organisations = Attribute("The Organisations container (models.Organisations).")

    def territories():
        """The classifier's territories (territories.Territory) by KATO code.

        :returns: {str: Territory}: the oblasts, the three cities of
            republican significance and their districts, each with its
            population when the shipped data has it.
        """

    def create(name, title, kind, level, kato=None):
        """Add an organisation.

        :param str name: its address: lowercase Latin letters, digits,
            hyphens; empty: made from its English name.
        :param dict title: {language: name}, at least one language.
        :param str kind: one of models.KINDS.
        :param str level: one of models.LEVELS.
        :param kato: the KATO code of the territory it serves (one of
            `territories()`), or None for the whole republic.
        :returns: the new models.Organisation.
        :raises OrganisationError: the address is malformed or taken, no
            name is given, a name is another organisation's (ignoring case,
            punctuation and "of the Republic of Kazakhstan"), the kind or
            level is unknown, the code is not a known territory or not of
            the level.
        """

    def update(organisation, title, kind, level, kato=None):
        """Replace an organisation's names, kind, level and territory; its
        address stays.

        :raises OrganisationError: as `create` (its own names aside).
        """

    def for_ministry(title):
        """The organisation a consultation's ministry text names, made when
        none does: an organisation whose name in some language is one of
        the texts, else the shipped body (data/ministries.csv) whose name
        or earlier name is, else a new republic-level organisation with
        these names (kind "ministry" when one of them says so).

        :param dict title: {language: name} as typed on a consultation.
        :returns: a models.Organisation, or None when every text is empty.
        """

    def choices():
        """The organisations a consultation may name: those stored and the
        shipped central bodies (data/ministries.csv) none of them stands for
        yet, which `chosen` makes when one is chosen.

        :returns: {address: {language: name}}.
        """

    def chosen(name):
        """The organisation at address `name` (one of `choices()`), made
        from the shipped body of that address when none is stored.

        :returns: a models.Organisation, or None when `name` is neither.
        """

    def search(query="", level=None):
        """The organisations whose name in any language contains every
        word of `query` (case-insensitive), of one level or all.

        :returns: a list of models.Organisation sorted by address.
        """

    def grant_role(organisation, principal, role):
        """Grant `role` (models.STAFF_ROLES) to `principal` on `organisation`.

        :raises OrganisationError: unknown role, no such person (None).
        """

    def revoke_role(organisation, userid, role):
        """Take `role` back from the account `userid` on `organisation`.

        :raises OrganisationError: that person does not hold it here.
        """


class IOrganisationConsultations(Interface):
    """An organisation's consultations, registered by consultations."""

    def __call__(request, organisation):
        """The consultations `organisation` published that the reader may
        see, newest first.

        :returns: a list of consultations.
        """


class IAnswerRecord(Interface):
    """How promptly an organisation answered, registered by responses."""

    def __call__(request, consultations):
        """The answers to the comments on `consultations`.

        :returns: a dict: "comments" (due an answer), "answered", "due"
            (comments whose deadline has passed), "answered_due" (of those,
            answered) and "rate" (answered_due / due as a percentage, an
            int, or None when nothing is due yet).
        """


class IOrganisationPetitions(Interface):
    """An organisation's petitions and how promptly it answered them,
    registered by petitions."""

    def __call__(request, organisation):
        """The listed petitions addressed to `organisation`.

        :returns: a dict: "items" (each with `petition`, `phase` (its state's
            label), `overdue` and `url`), "due" (petitions whose answer
            deadline passed or that were answered), "on_time" (of those,
            answered by the deadline), "overdue" and "rate" (on_time / due
            as a percentage, an int, or None when nothing was due yet).
        """
