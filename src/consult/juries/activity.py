"""The juries' section of a person's activity page
(accounts.interfaces.IActivitySection): their applications to citizens'
juries and what became of each.

Applications are made without an account, with an e-mail address: a person
sees those made with the address of their account once it is confirmed
(whoever controls the address was sent each receipt already). An index of
the applications by address (`Juries.applications_by_email`) finds them
without reading every applicant; it is built from every application the
first time it is needed and kept up by each new application."""

from types import SimpleNamespace

from BTrees.OOBTree import OOBTree, OOTreeSet
from pyramid.renderers import render

from ..i18n import _
from ..layout import Localized

STATUS_LABELS = {
    "waiting": _("Received: the panel has not been drawn yet."),
    "not drawn": _("Not drawn: the panel was drawn without you."),
    "selected": _("Drawn by lot: your invitation will follow by e-mail."),
    "invited": _("Drawn by lot and invited: answer the invitation in your e-mail."),
    "accepted": _("You accepted: you are a member of the panel."),
    "declined": _("You declined the invitation."),
}


def applications_by_email(juries):
    """The index of applications by address, built now if missing."""
    index = juries.applications_by_email
    if index is None:
        index = juries.applications_by_email = OOBTree()
        for name, jury in juries.items():
            for applicant in jury.applicants.values():
                _add(index, applicant.email, name, applicant.id)
    return index


def _add(index, email, jury_name, applicant_id):
    kept = index.get(email)
    if kept is None:
        kept = index[email] = OOTreeSet()
    kept.add((jury_name, applicant_id))


def index_application(jury, applicant):
    """A kept application enters the index of its jury's container."""
    juries = jury.__parent__
    if juries is not None:
        _add(applications_by_email(juries), applicant.email, jury.__name__, applicant.id)


def _status(jury, applicant):
    if applicant.status != "applied":
        return applicant.status
    latest = jury.draws.latest()
    return "not drawn" if latest is not None and latest.revealed else "waiting"


def applications_section(request, principal):
    juries = request.root.get("juries")
    rows = []
    if juries is not None and principal.confirmed:
        for jury_name, applicant_id in applications_by_email(juries).get(principal.email, ()):
            jury = juries.get(jury_name)
            applicant = jury.applicants.get(applicant_id) if jury is not None else None
            if applicant is None:
                continue
            rows.append(
                SimpleNamespace(
                    remit=Localized(jury.remit, request.locale_name),
                    url=request.resource_url(jury),
                    applied=applicant.created,
                    status=STATUS_LABELS[_status(jury, applicant)],
                )
            )
    rows.sort(key=lambda row: row.applied, reverse=True)
    return render(
        "consult:templates/juries/activity.pt",
        {"rows": rows, "confirmed": principal.confirmed},
        request=request,
    )
