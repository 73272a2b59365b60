"""What recruitment asks of the jury service: the jury's set-up, the
applications and the invitations of the people drawn. Part of
juries.interfaces.IJuryService; a refusal is a juries.interfaces.JuryError."""

from zope.interface import Interface


class IRecruitmentService(Interface):
    # -- set-up -----------------------------------------------------------------
    def create(juries, name, consultation, data, creator):
        """Set up a jury on a consultation; `creator` becomes its organiser.
        Its quotas start from the census shares of the chosen features.

        :param juries: the Juries folder.
        :param str name: its address, unique among juries.
        :param consultation: the consultation's name (slug).
        :param dict data: the settings form's values: "remit" ({language:
            question}), "panel_size", "recruitment_opens",
            "recruitment_closes", "sessions" (dates), "features" (keys),
            and optionally "algorithm" and "answer_deadline".
        :param creator: the Principal setting it up.
        :returns: the new juries.models.Jury.
        :raises JuryError: the name is taken, or the settings are refused
            (panel size, recruitment times, no feature, no remit, a deadline
            before the last session or the end of recruitment).
        """

    def update(jury, data):
        """Change the jury's settings (`data` as for `create`); the quotas are
        computed again when the features or the panel size change.

        :returns: the Jury.
        :raises JuryError: as `create`, or the features would change after
            people have applied.
        """

    def add_feature(jury, names, values_text):
        """Define a feature of the organisers' own and stratify by it.

        :param dict names: {language: the feature's name}.
        :param str values_text: its values and shares, as
            juries.features.VALUES_HELP says.
        :returns: the new juries.features.Feature.
        :raises JuryError: people have applied already, or the definition is
            refused (the field says which part).
        """

    def remove_feature(jury, key):
        """Stop stratifying by one of the organisers' own features.

        :returns: None.
        :raises JuryError: people have applied already, the feature is not
            one of the jury's own, or it is the last one.
        """

    def set_quotas(jury, quotas):
        """Replace the quotas after checking them: 0 <= min <= max <= panel
        size, and for each feature the minimums add up to at most the panel
        and the maximums to at least it.

        :param dict quotas: {feature: {value: (min, max)}} for every feature
            and value of the jury.
        :returns: the quotas stored.
        :raises JuryError: a quota is refused (the field names the feature).
        """

    # -- applications ---------------------------------------------------------------
    def apply(jury, data, language):
        """Take an application and mail the applicant a receipt. Whether this
        person (IIN) or household (address) applied already is never told to
        the caller: the receipt is the same, and it is the address given with
        the earlier application that is told (docs/security.md).

        :param dict data: "name", "email", "phone", "iin", "address" and
            "answers" ({feature: value}).
        :param str language: the applicant's language, for the mail.
        :returns: the juries.models.Applicant kept, or None when an earlier
            one stands.
        :raises JuryError: applications are closed, the IIN is not valid or
            of someone under 18, no address, or a question unanswered.
        """

    # -- invitations ----------------------------------------------------------------
    def invite(jury):
        """Mail an invitation (to accept or decline) to everyone drawn who has
        none yet.

        :returns: a list of the Applicants invited.
        """

    def redeem(jury, token):
        """The invited applicant an invitation link belongs to.

        :param str token: the link's token.
        :returns: the Applicant.
        :raises JuryError: the link is not valid, answered already or expired.
        """

    def accept(jury, applicant, name_shown, password=None):
        """The applicant joins the panel: their account (found by e-mail, or
        created and confirmed by the invitation) becomes a juror of this jury.

        :param str name_shown: how the public page names them, one of
            juries.models.NAME_CHOICES.
        :param str password: the password of a new account (needed when no
            account uses the address).
        :returns: the Principal.
        :raises JuryError: no account and no password (field "password").
        :raises ValueError: `name_shown` is not a choice.
        """

    def decline(jury, applicant):
        """The applicant declines; a replacement may then be drawn.

        :returns: None.
        """
