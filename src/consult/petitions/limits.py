"""The abuse limits on petitions (consult.limits): how often one account
and one address may draft, sponsor and sign (withdrawing counts as
signing, so that signing and withdrawing in a loop is limited too).

A view asks `check` before acting and `record`s after: the count is kept
only once the transaction commits, so a refused or failed attempt costs
nothing. A refusal the view does not catch becomes the 429 page of
consult.errors; the draft form catches it to give the person their text."""

from .. import limits

DRAFT, SPONSOR, SIGN = "petition_draft", "petition_sponsor", "petition_sign"


def check(request, action):
    """Raise limits.RateLimited while the person asking may not `action`."""
    limits.check(request, action)


def record(request, action):
    """Count `action` for the person asking once the transaction commits."""
    limits.record(request, action)


def refuse(request, error):
    """Set 429 and Retry-After on the page the view renders for `error`."""
    request.tm.doom()
    limits.too_many(request, error)
    return error.message
