"""Level 3: the person signs a text the site gives them with their NCA
certificate (digital_signature checks it), which binds the IIN of the
certificate, as its keyed hash, to their account.

The text to sign (`challenge`) names the site, the day and a code derived
from the account and the day by a keyed hash: a signature made for one
account is worth nothing to another, nor after the next day, and the site
keeps no state between showing the text and receiving its signature."""

from datetime import timedelta

import colander
import deform
from zope.interface import implementer

from ..clock import IClock
from ..forms import CSRFSchema
from ..hashing import hash_keys, keyed_hash
from ..i18n import _
from ..settings import settings_of
from .interfaces import SIGNATURE, IDigitalSignatureVerifier, IVerifier, SignatureError
from .models import iin_owner, release_signature_claim, signature_claims_of
from .verifiers import _Base

#: The name of the level-3 page on the site root (signature_views).
PAGE = "verify-signature"

ANOTHER_ACCOUNT = _(
    "Another account has already been verified with this IIN. If it is not yours, ask a moderator."
)
ANOTHER_PERSON = _(
    "This account was verified with the certificate of another person. Sign "
    "with your own certificate, or ask a moderator."
)


def challenge(request, principal, day):
    """The text `principal` signs on `day` (a date) to verify their account,
    in the page's language."""
    code = keyed_hash(
        hash_keys(request).current,
        "consult.verification.signature.challenge",
        principal.id,
        day.isoformat(),
    )[:16]
    return request.localizer.translate(
        _(
            "I confirm with my digital signature that the account ${code} on the site "
            "${site} is mine. Date: ${date}.",
            mapping={
                "code": code,
                "site": settings_of(request)["consult.public_url"],
                "date": day.isoformat(),
            },
        )
    )


class SignatureSchema(CSRFSchema):
    cms = colander.SchemaNode(
        colander.String(),
        title=_("Your signature (CMS, base64)"),
        validator=colander.Length(min=1, max=1024 * 1024),
        widget=deform.widget.TextAreaWidget(
            rows=8,
            attributes={"spellcheck": "false", "autocomplete": "off", "data-ncalayer": "cms"},
        ),
        description=_(
            "Sign the text above with NCALayer and paste here the signature it "
            "produces (a long text of letters and digits). When NCALayer runs on "
            "this computer, the button above fills it in for you."
        ),
    )


@implementer(IVerifier)
class SignatureVerifier(_Base):
    """Level 3: a digital signature of the NCA (registered only when root
    certificates are configured). Its form is a page of its own (`PAGE`),
    which shows the text to sign."""

    name = "signature"
    title = _("Digital signature (NCA)")
    level = SIGNATURE
    page = PAGE

    def schema(self):
        return SignatureSchema()

    def verify(self, request, principal, data):
        """Check `data["cms"]` over today's text for `principal` (or
        yesterday's: a text shown before midnight), then bind the IIN."""
        service = request.find_service(IDigitalSignatureVerifier)
        today = request.find_service(IClock).now().date()
        error = None
        for day in (today, today - timedelta(days=1)):
            try:
                signed_by = service.verify(data["cms"], challenge(request, principal, day))
            except SignatureError as refused:
                if refused.reason != "other_text":
                    raise
                error = refused
                continue
            return self.bind(request, principal, signed_by)
        raise error

    def bind(self, request, principal, signed_by):
        """Record that `principal` signed with the certificate `signed_by`
        (digital_signature.SignedBy) and bind its IIN to them.

        :raises SignatureError: the IIN is another account's, or this
            account was verified with another person's certificate.
        """
        owner = iin_owner(request.root, signed_by.iin_hashes)
        if owner is not None and owner != principal.id:
            raise SignatureError("other_account", ANOTHER_ACCOUNT)
        record = self.status(principal)
        if record is not None and record.data.get("iin_hash") not in signed_by.iin_hashes:
            raise SignatureError("other_person", ANOTHER_PERSON)
        # A key under the previous hash secret gives way to the current one.
        release_signature_claim(request.root, record)
        signature_claims_of(request.root, create=True)[signed_by.iin_hash] = principal.id
        return self._record(
            request,
            principal,
            data={
                "iin_hash": signed_by.iin_hash,
                "not_before": signed_by.not_before,
                "not_after": signed_by.not_after,
            },
        )
