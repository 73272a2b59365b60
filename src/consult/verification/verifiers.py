"""The built-in verifiers: the confirmed e-mail address, the census list and
verification by staff."""

import colander
import deform
from zope.interface import implementer

from .. import iin as iin_module
from ..clock import IClock
from ..forms import CSRFSchema
from ..hashing import hash_keys
from ..i18n import _
from .census import iin_key, surname_key
from .interfaces import EMAIL, IDENTITY, IVerifier, VerificationError
from .models import VerificationRecord, add_record, census_of, iin_owner, records_of

# Wrong census attempts allowed per person and day: enough for typing
# mistakes, too few to try other people's numbers.
MAX_FAILURES = 5


class _Base:
    self_service = False

    def schema(self):
        return None

    def status(self, principal):
        return records_of(principal).get(self.name)

    def _record(self, request, principal, by=None, data=None):
        record = VerificationRecord(
            self.name, self.level, request.find_service(IClock).now(), by=by, data=data
        )
        add_record(principal, record)
        return record


@implementer(IVerifier)
class EmailVerifier(_Base):
    """Level 1: the person opened the link sent to their address (accounts)."""

    name = "email"
    title = _("E-mail address confirmed")
    level = EMAIL

    def verify(self, request, principal, data):
        raise VerificationError(
            _("Open the link in the message we sent you to confirm your e-mail address.")
        )


def _iin_validator(node, value):
    try:
        iin_module.parse(value)
    except iin_module.InvalidIIN:
        raise colander.Invalid(
            node, _("This is not a valid IIN: check the twelve digits.")
        ) from None


class CensusSchema(CSRFSchema):
    iin = colander.SchemaNode(
        colander.String(),
        title=_("Your IIN"),
        preparer=iin_module.normalize,
        validator=_iin_validator,
        widget=deform.widget.TextInputWidget(
            attributes={"inputmode": "numeric", "autocomplete": "off", "maxlength": "16"}
        ),
        description=_(
            "Your individual identification number, twelve digits. It is "
            "checked against the census list and not stored."
        ),
    )


@implementer(IVerifier)
class CensusVerifier(_Base):
    """Level 2: the person's IIN is on the census list staff uploaded."""

    name = "census"
    title = _("On the census list")
    level = IDENTITY
    self_service = True

    def schema(self):
        return CensusSchema()

    def verify(self, request, principal, data):
        now = request.find_service(IClock).now()
        census = census_of(request.root)
        if census is None or not len(census):
            raise VerificationError(
                _(
                    "No census list has been loaded yet, so this kind of "
                    "verification is not available."
                )
            )
        failures = census.failures.get(principal.id)
        if failures is not None and failures[1].date() != now.date():
            failures = None
        if failures is not None and failures[0] >= MAX_FAILURES:
            raise VerificationError(
                _(
                    "Too many attempts today. Please try again tomorrow, "
                    "or ask a moderator to verify you."
                )
            )
        # The list and the claims may still be keyed by the previous hash
        # secret while a rotation completes (consult.hashing): the IIN is
        # looked up under each key, and claimed under the current one.
        secrets = hash_keys(request).secrets
        keys = [iin_key(secret, data["iin"]) for secret in secrets]
        found = next(
            (
                (secret, census.surname_of(key))
                for secret, key in zip(secrets, keys, strict=False)
                if census.surname_of(key) is not None
            ),
            None,
        )
        surname = None if found is None else found[1]
        if surname is None or (surname and surname != surname_key(found[0], principal.last_name)):
            census.failures[principal.id] = ((failures or (0, now))[0] + 1, now)
            raise VerificationError(
                _(
                    "This IIN is not on the census list with the surname of "
                    "your account. Check the number and the surname on your "
                    "account, or ask a moderator."
                )
            )
        # Whether claimed by the census or by a digital signature: one IIN, one account.
        owner = iin_owner(request.root, keys)
        if owner is not None and owner != principal.id:
            raise VerificationError(
                _(
                    "Another account has already been verified with this "
                    "IIN. If it is not yours, ask a moderator."
                )
            )
        census.claims[keys[0]] = principal.id
        census.failures.pop(principal.id, None)
        upload = census.last_upload()
        data = {"census_loaded": upload.when if upload else None}
        # The territory of the person's registration, when the list gives
        # it: petitions count it as verified (signing.verified_region).
        region = next(filter(None, (census.region_of(key) for key in keys)), None)
        if region:
            data["kato"] = region
        return self._record(request, principal, data=data)


class StaffSchema(CSRFSchema):
    note = colander.SchemaNode(
        colander.String(),
        title=_("How you verified this person"),
        validator=colander.Length(min=3, max=500),
        widget=deform.widget.TextAreaWidget(rows=3),
        description=_(
            'For example: "identity card seen at the public hearing". Do not write '
            "the person's document numbers here."
        ),
    )


@implementer(IVerifier)
class StaffVerifier(_Base):
    """Level 2: a moderator or an administrator verified the person."""

    name = "staff"
    title = _("Verified by staff")
    level = IDENTITY

    def schema(self):
        return StaffSchema()

    def verify(self, request, principal, data):
        staff = request.identity
        if staff is None or not request.has_permission("moderate", request.root["principals"]):
            raise VerificationError(_("Only moderators and administrators verify people."))
        return self._record(request, principal, by=staff.id, data={"note": data["note"].strip()})
