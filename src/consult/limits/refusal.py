"""A refusal by an abuse limit, and what it says to the person refused."""

import math

from ..i18n import _


class RateLimited(Exception):
    """`action` is refused for `retry_after` more seconds, by a limit of
    `scope` ("account" or "address")."""

    def __init__(self, action, retry_after, scope="account"):
        super().__init__(action, retry_after)
        self.action = action
        self.scope = scope
        self.retry_after = max(1, int(math.ceil(retry_after)))

    @property
    def message(self):
        # "min" and "h": no plural forms to get wrong ("1 minutes").
        minutes = max(1, int(math.ceil(self.retry_after / 60)))
        unit, mapping = (
            ("minutes", {"minutes": minutes})
            if minutes <= 90
            else ("hours", {"hours": int(math.ceil(minutes / 60))})
        )
        message = _MESSAGES.get((self.action, self.scope, unit)) or _MESSAGES[(self.action, unit)]
        return message(**mapping)


# Whole sentences, so that each language can word them its own way.
_MESSAGES = {
    ("comment", "minutes"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("comment", "hours"): lambda **m: _(
        "You have posted many comments in a short time. Please try again in ${hours} h.", mapping=m
    ),
    ("support", "minutes"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("support", "hours"): lambda **m: _(
        "You have supported many comments in a short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("report", "minutes"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${minutes} min.", mapping=m
    ),
    ("report", "hours"): lambda **m: _(
        "You have sent many reports in a short time. Please try again in ${hours} h.", mapping=m
    ),
    ("register", "minutes"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${minutes} min.",
        mapping=m,
    ),
    ("register", "hours"): lambda **m: _(
        "Many accounts were created from your address in a short time. Please try again in "
        "${hours} h.",
        mapping=m,
    ),
    ("register", "account", "minutes"): lambda **m: _(
        "This e-mail address was registered several times in a short time. Please try again "
        "in ${minutes} min.",
        mapping=m,
    ),
    ("register", "account", "hours"): lambda **m: _(
        "This e-mail address was registered several times in a short time. Please try again "
        "in ${hours} h.",
        mapping=m,
    ),
    ("signin", "minutes"): lambda **m: _(
        "There were many failed sign-ins in a short time. Please wait ${minutes} min before "
        "you try again.",
        mapping=m,
    ),
    ("signin", "hours"): lambda **m: _(
        "There were many failed sign-ins in a short time. Please wait ${hours} h before you "
        "try again.",
        mapping=m,
    ),
    ("signin.lock", "minutes"): lambda **m: _(
        "After many failed sign-ins this account is locked for ${minutes} min. If it is "
        "yours, we have sent a link to its e-mail address: it lets you choose a new password "
        "and sign in at once.",
        mapping=m,
    ),
    ("signin.lock", "hours"): lambda **m: _(
        "After many failed sign-ins this account is locked for ${hours} h. If it is yours, "
        "we have sent a link to its e-mail address: it lets you choose a new password and "
        "sign in at once.",
        mapping=m,
    ),
    ("forgot", "minutes"): lambda **m: _(
        "Many reset links were asked for in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("forgot", "hours"): lambda **m: _(
        "Many reset links were asked for in a short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("jury_application", "minutes"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("jury_application", "hours"): lambda **m: _(
        "Many jury applications were sent from your address or account in a short time. "
        "Please try again in ${hours} h.",
        mapping=m,
    ),
    ("verification", "minutes"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("verification", "hours"): lambda **m: _(
        "Many attempts to verify an identity were made from your address or account in a "
        "short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("petition_draft", "minutes"): lambda **m: _(
        "You have drafted many petitions in a short time. Please try again in ${minutes} min.",
        mapping=m,
    ),
    ("petition_draft", "hours"): lambda **m: _(
        "You have drafted many petitions in a short time. Please try again in ${hours} h.",
        mapping=m,
    ),
    ("petition_sponsor", "minutes"): lambda **m: _(
        "Many petitions were sponsored from your address or account in a short time. Please "
        "try again in ${minutes} min.",
        mapping=m,
    ),
    ("petition_sponsor", "hours"): lambda **m: _(
        "Many petitions were sponsored from your address or account in a short time. Please "
        "try again in ${hours} h.",
        mapping=m,
    ),
    ("petition_sign", "minutes"): lambda **m: _(
        "Many petitions were signed from your address or account in a short time. Please try "
        "again in ${minutes} min.",
        mapping=m,
    ),
    ("petition_sign", "hours"): lambda **m: _(
        "Many petitions were signed from your address or account in a short time. Please try "
        "again in ${hours} h.",
        mapping=m,
    ),
}
