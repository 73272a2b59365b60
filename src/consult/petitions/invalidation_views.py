"""The moderators' form that invalidates a petition's signatures in bulk
(invalidation.py): a condition, a preview of how many it takes, a reason
required; then the audit log records it and the petition shows it."""

import colander
import deform
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ..consultations.schemas import LocalDateTime
from ..forms import CSRFSchema, make_form, submitted, validate
from ..i18n import _
from ..layout import LOCAL_ZONE, flash
from ..organisations.interfaces import IOrganisationService
from ..signals.detection import NEW_ACCOUNTS, ONE_ADDRESS, SIGNATURE_SPIKE
from ..signals.interfaces import ISignalService
from .counts import forget_counts
from .events import SignaturesInvalidated
from .interfaces import IPetitionService, PetitionError
from .invalidation import Condition, invalidate, invalidated_count, matching
from .models import Petition
from .signing_page import territory_choices

LEVELS = (("", _("Any level")), ("1", "1"), ("2", "2"), ("3", "3"))


def _time(name, title):
    return colander.SchemaNode(
        LocalDateTime(),
        name=name,
        title=title,
        missing=None,
        description=_("Almaty time, for example 2026-03-10 09:00."),
        widget=deform.widget.TextInputWidget(attributes={"type": "datetime-local"}),
    )


@colander.deferred
def _territories(node, kw):
    return deform.widget.SelectWidget(values=[("", _("Any territory")), *kw["territories"]])


class InvalidationSchema(CSRFSchema):
    signed_from = _time("signed_from", _("Signed from"))
    signed_until = _time("signed_until", _("Signed before"))
    accounts_after = _time("accounts_after", _("By accounts created after"))
    below_level = colander.SchemaNode(
        colander.Int(),
        title=_("Made at a verification level below"),
        missing=None,
        widget=deform.widget.SelectWidget(values=LEVELS),
    )
    territory = colander.SchemaNode(
        colander.String(),
        title=_("From a territory the signer stated"),
        missing=None,
        widget=_territories,
    )
    reason = colander.SchemaNode(
        colander.String(),
        title=_("Reason (shown on the petition)"),
        missing="",
        validator=colander.Length(max=500),
        preparer=lambda value: value.strip() if isinstance(value, str) else value,
        widget=deform.widget.TextAreaWidget(rows=3),
    )


def _flag_title(flag, thresholds):
    if flag.kind == NEW_ACCOUNTS:
        hours = int(thresholds.new_account.total_seconds() // 3600)
        return _(
            "Many signatures from new accounts (younger than ${hours} hours)",
            mapping={"hours": hours},
        )
    if flag.kind == ONE_ADDRESS:
        return _(
            "Many signatures from one address (address ${label})", mapping={"label": flag.label}
        )
    if flag.kind == SIGNATURE_SPIKE:
        return _("A sudden spike of signatures")
    return flag.kind


def burst_signals(request, petition):
    """The open burst flags of the petition's signatures, as the moderator
    reads them: what, how many, from when to when (Almaty time), the share
    from new accounts; never an address or a name."""
    signals = request.find_service(ISignalService)
    return [
        {
            "title": _flag_title(flag, signals.thresholds),
            "count": flag.count,
            "start": flag.start.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M"),
            "end": flag.end.astimezone(LOCAL_ZONE).strftime("%Y-%m-%d %H:%M"),
            "new_share": round(flag.new_share * 100),
        }
        for flag in signals.flags(petition)
    ]


def _condition(data):
    return Condition(
        signed_from=data["signed_from"],
        signed_until=data["signed_until"],
        accounts_after=data["accounts_after"],
        below_level=data["below_level"],
        territory=data["territory"] or None,
    )


@view_config(
    context=Petition,
    name="invalidate",
    permission="moderate",
    renderer="consult:templates/petitions/invalidate.pt",
    require_csrf=False,
)
def invalidate_signatures(request):
    petition = request.context
    organisations = request.find_service(IOrganisationService)
    territories = organisations.territories()
    form = make_form(
        request,
        InvalidationSchema(),
        [
            deform.Button(name="preview", title=_("Count the signatures"), type="submit"),
            deform.Button(name="invalidate", title=_("Invalidate them"), type="submit"),
        ],
        bind={"territories": territory_choices(territories, request.locale_name)},
    )
    values = {"petition": petition, "preview": None, "error": None}
    values["invalidated"] = invalidated_count(petition)
    values["flags"] = burst_signals(request, petition)
    if not (submitted(request, "preview") or submitted(request, "invalidate")):
        return dict(values, form=form.render())
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    condition = _condition(data)
    principals = request.root["principals"]
    try:
        if submitted(request, "preview"):
            found = matching(petition, condition, principals, territories)
            return dict(values, form=form.render(data), preview=len(found))
        record = invalidate(
            petition,
            condition,
            data["reason"],
            request.authenticated_userid,
            request.find_service(IPetitionService).clock.now(),
            principals,
            territories,
        )
    except PetitionError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    if record is None:
        flash(request, _("No counted signature meets this condition: nothing was invalidated."))
        return HTTPSeeOther(request.resource_url(petition))
    request.registry.notify(SignaturesInvalidated(request, petition, record))
    forget_counts(request, petition)
    flash(
        request,
        _("${count} signatures were invalidated.", mapping={"count": record.count}),
    )
    return HTTPSeeOther(request.resource_url(petition))
