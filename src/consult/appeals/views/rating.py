"""The page the answer's mail links to: the author rates the answer with
one press, without signing in (appeals.rating says how the links are
signed and why opening one records nothing)."""

from pyramid.view import view_config

from ...csrf import signed_instead
from ...hashing import hash_keys
from ...responses.services import DISPOSITION_LABELS
from ..events import AppealRated
from ..interfaces import AppealError
from ..models import Appeal
from ..rating import RESOLVED, RatingLinkError, both_tokens, rateable, read_token
from .common import TEMPLATES, service_of

NAME = "rate-from-mail"


def _refused(request, appeal, error):
    """The page saying why the link cannot rate: 400 for a link the site did
    not send as it is (altered, or of an earlier answer), 409 for a rating
    the appeal's state refuses (no answer yet, rated already)."""
    request.response.status = 400 if isinstance(error, RatingLinkError) else 409
    return {"appeal": appeal, "error": error.message, "done": None}


@view_config(
    context=Appeal, name=NAME, request_method="GET", renderer=TEMPLATES + "rate_from_mail.pt"
)
def rating_page(request):
    appeal = request.context
    keys = hash_keys(request)
    try:
        chosen = read_token(keys, appeal, request.GET.get("token", ""))
        rateable(appeal)
    except AppealError as error:
        return _refused(request, appeal, error)
    return {
        "appeal": appeal,
        "error": None,
        "done": None,
        "chosen": chosen,
        "tokens": both_tokens(keys, appeal),
        "disposition": DISPOSITION_LABELS[appeal.answer["disposition"]],
    }


@view_config(
    context=Appeal,
    name=NAME,
    request_method="POST",
    renderer=TEMPLATES + "rate_from_mail.pt",
    # The mail's reader may have no session, so no CSRF token: the link's
    # signature, checked below, stands for it.
    require_csrf=False,
)
def rate_from_mail(request):
    appeal = request.context
    try:
        choice = read_token(hash_keys(request), appeal, request.POST.get("token", ""))
        service_of(request).rate(
            appeal, appeal.author, choice == RESOLVED, request.POST.get("comment", "")
        )
    except AppealError as error:
        request.tm.doom()
        return _refused(request, appeal, error)
    signed_instead(request)
    request.registry.notify(AppealRated(request, appeal, actor=appeal.author))
    return {"appeal": appeal, "error": None, "done": choice}
