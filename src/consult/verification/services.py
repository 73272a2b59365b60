"""What other packages ask of verification: may this person comment or
support here, and how verified were the authors of a consultation's comments."""

from pyramid.traversal import find_root

from ..i18n import _
from .interfaces import EMAIL
from .models import level_of, strongest
from .registry import get_verifier, level_title

#: A consultation's default requirement for comments and for supports: a
#: confirmed address (comments of unconfirmed accounts are held until then).
DEFAULT_LEVEL = EMAIL
#: The order of the categories in the report; other verifiers' names follow.
REPORT_CATEGORIES = ("offline", "unverified", "email", "census", "staff")


def required_level(consultation, action):
    """The level `consultation` requires for "comment" or "support"."""
    return int(getattr(consultation, f"{action}_level", DEFAULT_LEVEL) or DEFAULT_LEVEL)


def _refusal(action):
    if action == "support":
        return _(
            "To support comments in this consultation you need a verified identity. "
            "You can verify it on your account page."
        )
    return _(
        "To comment in this consultation you need a verified identity. You can "
        "verify it on your account page. Your text is kept below."
    )


def level_refusal(consultation, person, action):
    """What to tell `person` (a translatable message) when they lack the
    level `consultation` requires for `action`; else None. The refusal
    itself is the caller's (feedback.interfaces.VerificationRequired). The
    e-mail level is not checked here: an unconfirmed person's comment is
    held until they confirm (feedback.services), and supporting needs a
    confirmed account anyway."""
    required = required_level(consultation, action)
    if required > EMAIL and level_of(person) < required:
        return _refusal(action)
    return None


def lacking_level(request, consultation, person, action):
    """The title (translated) of the level `consultation` requires for
    `action` when `person` is below it and it is more than a confirmed
    address (what `check_level` refuses); else None."""
    required = required_level(consultation, action)
    if required > EMAIL and level_of(person) < required:
        return request.localizer.translate(level_title(required))
    return None


def needs_verification(error):
    return bool(getattr(error, "verify", False))


def participation_by_level(consultation, published):
    """{category: {"comments": n, "supports": n}} for the published comments
    and the supports they received, by the strongest verification of the
    author (or supporter) now. Comments received offline count as "offline";
    an account that no longer exists or has no verification, "unverified"."""
    root = find_root(consultation)
    principals = root.get("principals") if hasattr(root, "get") else None
    cache = {}

    def category(userid):
        if userid not in cache:
            principal = principals.get(userid) if principals is not None else None
            cache[userid] = strongest(principal) if principal is not None else "unverified"
        return cache[userid]

    counts = {name: {"comments": 0, "supports": 0} for name in REPORT_CATEGORIES}
    for comment in published:
        name = (
            "offline"
            if getattr(comment, "channel", "online") != "online"
            else category(comment.author)
        )
        counts.setdefault(name, {"comments": 0, "supports": 0})["comments"] += 1
        for supporter in comment.supporters:
            name = category(supporter)
            counts.setdefault(name, {"comments": 0, "supports": 0})["supports"] += 1
    ordered = {name: counts[name] for name in REPORT_CATEGORIES}
    ordered.update({name: counts[name] for name in sorted(set(counts) - set(ordered))})
    return ordered


def verify_url(request, error=None):
    """Where to verify (the account page), when `error` asks for it."""
    if error is not None and not needs_verification(error):
        return None
    return request.resource_url(request.root, "account", anchor="verification")


def requirement_notes(request, consultation):
    """What the comment form and the support buttons say a consultation
    requires, when it requires more than a confirmed address; and the link
    to the account page when the reader lacks it."""
    notes, missing = [], False
    level = level_of(request.identity) if request.identity is not None else 0
    for action in ("comment", "support"):
        required = required_level(consultation, action)
        if required <= EMAIL:
            continue
        mapping = {"level": request.localizer.translate(level_title(required))}
        # A signed-in reader below the level is told so, next to the link.
        lacking = request.identity is not None and level < required
        if action == "comment" and lacking:
            notes.append(
                _(
                    "To comment here you need: ${level}. Your account does not have it "
                    "yet: verify it before you send a comment.",
                    mapping=mapping,
                )
            )
        elif action == "comment":
            notes.append(_("To comment here you need: ${level}.", mapping=mapping))
        else:
            notes.append(_("To support comments here you need: ${level}.", mapping=mapping))
        missing = missing or lacking
    url = verify_url(request) if missing and request.identity is not None else None
    return {"notes": notes, "verify_url": url}


CATEGORY_LABELS = {
    "offline": _("Received offline (post, e-mail, hearings)"),
    "unverified": _("Not verified"),
}


def verification_rows(request, counts):
    """(label, comments, supports) for the report page, from the report's
    `participation.by_verification`."""
    rows = []
    for name, row in counts.items():
        verifier = get_verifier(request.registry, name)
        label = CATEGORY_LABELS.get(name) or (verifier.title if verifier is not None else name)
        rows.append((label, row["comments"], row["supports"]))
    return rows
