"""Inviting the people drawn and taking their answers: the signed links,
the accounts of those who accept, the juror role. Part of
juries.services.JuryService."""

import hmac
import secrets
from datetime import timedelta

from ...i18n import _
from ..interfaces import JuryError
from ..models import NAME_CHOICES, split_name
from .identity import make_token, token_signature

INVITATION_TTL = timedelta(days=14)


class Invitations:
    """Reads `self.clock`, `self.keys` (HashKeys), `self.mailer`,
    `self.principals` and `self.link` (see JuryService)."""

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
            applicant.language,
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
        if self.principals.find_by_email(applicant.email) is None and not password:
            raise JuryError(_("Choose a password for your new account."), "password")
        first, last = split_name(applicant.name)
        # Following the invitation sent to this address proves it.
        principal = self.principals.open_with_proven_address(
            applicant.email, first, last, password, now, applicant.language
        )
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
