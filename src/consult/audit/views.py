"""The audit log for administrators (browse, filter, check the chain) and the
public transparency page (the head of the chain, to be kept by anyone)."""

from pyramid.view import view_config

from ..events import recorded_actions
from ..i18n import _
from ..resources.models import Root
from .models import GENESIS, AuditLog, audit_log_of

TEMPLATES = "consult:templates/audit/"
PAGE_SIZE = 50


def _number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _row(request, entry, titles):
    return {
        "number": entry.number,
        "when": request.layout.local_time(entry.when, "d MMM y, HH:mm:ss"),
        "actor": entry.actor_name or entry.actor or _("the system"),
        "actor_id": entry.actor,
        "action": titles.get(entry.action, entry.action),
        "action_name": entry.action,
        "subject": entry.subject,
        "subject_title": entry.subject_title,
        "reason": entry.reason,
        "details": sorted(entry.details.items()),
        "hash": entry.hash,
    }


@view_config(
    context=AuditLog, permission="manage", request_method="GET", renderer=TEMPLATES + "log.pt"
)
def browse(request):
    log = request.context
    titles = recorded_actions()
    filters = {
        "action": request.GET.get("action", ""),
        "actor": request.GET.get("actor", ""),
        "subject": request.GET.get("subject", "").strip(),
    }
    entries, more = log.page(
        before=_number(request.GET.get("before")),
        size=PAGE_SIZE,
        **{key: value for key, value in filters.items() if value},
    )
    actors = []
    principals = request.root["principals"]
    for userid in log.by_actor.keys():
        person = principals.get(userid) if userid else None
        actors.append(
            (
                userid,
                f"{person.first_name} {person.last_name} <{person.email}>"
                if person
                else (userid or request.localizer.translate(_("the system"))),
            )
        )
    check = None
    if request.GET.get("verify"):
        broken = log.verify()
        check = {
            "intact": broken is None,
            "count": len(log),
            "head": log.head,
            "number": broken.number if broken else None,
            "problem": str(broken.problem) if broken else "",
        }
    query = {key: value for key, value in filters.items() if value}
    return {
        "rows": [_row(request, entry, titles) for entry in entries],
        "filters": filters,
        "actions": sorted(
            ((name, titles.get(name, name)) for name in log.by_action.keys()),
            key=lambda pair: request.localizer.translate(pair[1]),
        ),
        "actors": sorted(actors, key=lambda pair: pair[1]),
        "count": len(log),
        "head": log.head,
        "next_url": (request.resource_url(log, query=dict(query, before=more)) if more else None),
        "first_url": (
            request.resource_url(log, query=query) if request.GET.get("before") else None
        ),
        "check": check,
        "verify_url": request.resource_url(log, query=dict(query, verify="1")),
    }


@view_config(
    context=Root,
    name="transparency",
    permission="view",
    request_method="GET",
    renderer=TEMPLATES + "transparency.pt",
)
def transparency(request):
    log = audit_log_of(request.root)
    last = log.last()
    return {
        "count": len(log),
        "head": log.head,
        "genesis": GENESIS,
        "last_when": request.layout.local_time(last.when) if last is not None else "",
        "last_number": last.number if last is not None else 0,
    }
