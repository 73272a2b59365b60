"""What a view may ask of the abuse limits: `request.find_service(IRateLimiter)`."""

from zope.interface import Interface


class IRateLimiter(Interface):
    """The counts behind every limit, one per application
    (`request.find_service(IRateLimiter)`). Views use the module's `check`
    and `record`, which find it; accounts asks it directly.

    `action` is one of ACTIONS; `userid` is an account id, or the key of an
    e-mail address (`email_key`) for the limits counted per address typed;
    `address` is the client address. Either may be None, and a limit of a
    scope (account, address) given no key does not apply."""

    def email_key(email):
        """The key an e-mail address (as typed) is counted under: a keyed
        hash, so that the limiter holds no address.

        :returns: str.
        """

    def refusal(action, userid=None, address=None):
        """How long `action` is refused, and by which limit.

        :returns: (seconds until allowed, "account" or "address"), or
            (0, None) when allowed now.
        """

    def retry_after(action, userid=None, address=None):
        """Seconds until `action` is allowed again (0: allowed now)."""

    def check(action, userid=None, address=None):
        """Refuse `action` while one of its limits is reached.

        :returns: None.
        :raises RateLimited: with the seconds to wait and the scope.
        """

    def reaches_limit(action, userid=None):
        """Whether counting `action` once more for this account fills one of
        its windows, so that the next attempt would be refused.

        :returns: bool.
        """

    def hit(action, userid=None, address=None):
        """Count one `action` now, at once (`record` counts after commit).

        :returns: None.
        """

    def reset():
        """Forget every count."""
