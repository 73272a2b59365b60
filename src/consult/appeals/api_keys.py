"""The keys with which a partner (a city system, a mobile application) files
appeals through Open311 (appeals.open311): administrators issue one per
partner, bound to the account the partner's appeals are filed by; the key
is shown once and only its keyed hash is stored (consult.hashing), so a
copy of the database files nothing. A key rotated out with the hash secret
stops working: the partner gets a new one."""

import secrets

from persistent import Persistent
from zope.interface import implementer

from ..clock import IClock
from ..hashing import hash_keys
from ..i18n import _
from .interfaces import AppealError, IAppealApiKeys

PURPOSE, SCOPE = "consult.appeals.api_key", "open311"
PREFIX_LENGTH = 8  # shown in the list so that an administrator tells keys apart


class ApiKey(Persistent):
    """One partner's key: who it is for, the account its appeals are filed
    by, when and by whom it was issued, and the first characters of the key."""

    def __init__(self, partner, userid, issued, issued_by, prefix):
        self.partner = partner
        self.userid = userid
        self.issued = issued
        self.issued_by = issued_by
        self.prefix = prefix


@implementer(IAppealApiKeys)
class ApiKeyService:
    def __init__(self, appeals, keys, clock, principals):
        self.appeals = appeals
        self.keys = keys
        self.clock = clock
        self.principals = principals

    @property
    def stored(self):
        return self.appeals.api_keys  # key hash -> ApiKey (evolution step 30)

    def issue(self, partner, email, issued_by):
        partner = (partner or "").strip()[:200]
        if not partner:
            raise AppealError(_("Name the partner the key is for."))
        person = self.principals.find_by_email(email or "")
        if person is None:
            raise AppealError(_("No account has this e-mail address."))
        plain = secrets.token_urlsafe(32)
        self.stored[self.keys.hash(PURPOSE, SCOPE, plain)] = ApiKey(
            partner, person.id, self.clock.now(), issued_by, plain[:PREFIX_LENGTH]
        )
        return plain

    def revoke(self, prefix):
        for hashed, key in list(self.stored.items()):
            if key.prefix == prefix:
                del self.stored[hashed]
                return True
        return False

    def listed(self):
        return sorted(self.stored.values(), key=lambda key: key.issued)

    def holder(self, plain):
        if not plain:
            return None
        for hashed in self.keys.candidates(PURPOSE, SCOPE, plain):
            key = self.stored.get(hashed)
            if key is not None:
                return key
        return None


def api_key_service_factory(context, request):
    return ApiKeyService(
        request.root["appeals"],
        hash_keys(request),
        request.find_service(IClock),
        request.root["principals"],
    )
