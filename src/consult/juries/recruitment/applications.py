"""Taking an application: the checks the form answers, the keyed hashes of
the IIN and the household that keep one application per person and per home,
and the receipts. Part of juries.services.JuryService."""

from ... import iin as iin_module
from ...accounts.models import normalize_email
from ...i18n import _
from ...layout import LOCAL_ZONE
from ..activity import index_application
from ..interfaces import JuryError
from ..models import Applicant
from .identity import keyed_hash, normalize_address, normalize_phone

MIN_AGE = 18


class Applications:
    """Reads `self.clock`, `self.keys` (HashKeys), `self.mailer` and
    `self.link` (see JuryService)."""

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
        applicants.add_applicant(applicant)
        index_application(jury, applicant)
        return applicant

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
            applicant.language,
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
        self.mailer.send(
            kept.email, _("About your application to a citizens' jury"), body, kept.language
        )
