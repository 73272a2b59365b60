"""The signed links that stop a kind of mail with one click (RFC 8058):
`<userid>.<kind>.<signature>`, the signature a keyed hash under the site's
hash secret (consult.hashing), so a link names one person and one kind and
cannot be altered to name another. A link made before a rotation of the
secret still works while the previous secret is kept."""

import hmac

from ..hashing import HashKeys

PURPOSE = "consult.notifications.unsubscribe"


def make_token(keys: HashKeys, userid, kind):
    return f"{userid}.{kind}.{keys.hash(PURPOSE, userid, kind)[:32]}"


def read_token(keys: HashKeys, token):
    """(userid, kind) of a token whose signature holds, else None."""
    parts = (token or "").split(".")
    if len(parts) != 3 or not all(parts):
        return None
    userid, kind, signature = parts
    if any(
        hmac.compare_digest(signature, candidate[:32])
        for candidate in keys.candidates(PURPOSE, userid, kind)
    ):
        return userid, kind
    return None
