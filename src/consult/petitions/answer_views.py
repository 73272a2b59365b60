"""The answer's pages: the answerers' queue (`/petitions/answers`), the
answer and revision forms of a petition, a signer's choice to hear of the
answer, and the public list of overdue answers (`/petitions/overdue`)."""

from types import SimpleNamespace

import deform
from pyramid.httpexceptions import HTTPForbidden, HTTPSeeOther
from pyramid.view import view_config

from ..forms import make_form, submitted, validate
from ..i18n import _
from ..layout import flash
from ..responses.services import DISPOSITION_LABELS, ROLE_LABELS
from ..urls import public_url
from .answering import answer_notice, news_recipients
from .events import PetitionAnswered, PetitionAnswerNews, PetitionAnswerRevised
from .interfaces import IPetitionAnswering, PetitionError
from .models import PHASES, Petition, Petitions
from .schemas import PetitionAnswerSchema, PetitionReviseSchema

TEMPLATES = "consult:templates/petitions/"


def _service(request):
    return request.find_service(IPetitionAnswering)


def _now(request):
    return _service(request).clock.now()


def _version(version):
    return SimpleNamespace(
        decision=DISPOSITION_LABELS[version.disposition],
        disposition=version.disposition,
        lines=[line for line in version.text.splitlines() if line.strip()],
        language=version.language,
        translation_lines=[
            line for line in (version.translation or "").splitlines() if line.strip()
        ],
        role=ROLE_LABELS[version.role],
        when=version.when,
    )


def shown_answer(petition):
    """The answer as the petition's page shows it, with its history, or
    None; never the official's name."""
    response = petition.response
    if response is None:
        return None
    shown = _version(response.current)
    shown.revisions = [
        SimpleNamespace(
            earlier=_version(r.version),
            revised_role=ROLE_LABELS[r.revised_role],
            revised_at=r.revised_at,
            why=r.why,
        )
        for r in response.revisions
    ]
    return shown


def remember_news_choice(request, petition):
    """The signer's "send me news of the answer", from the sign form."""
    userid = request.authenticated_userid
    if request.POST.get("updates") and userid in petition.signatures:
        _service(request).want_news(petition, userid, True)


def _tell_signers(request, petition, revised):
    link = public_url(request, petition)
    subject, body = answer_notice(petition, petition.response, revised, link)
    people = news_recipients(petition)
    request.registry.notify(PetitionAnswerNews(request, people, subject, body, link))


FORM_ID = "petition-answer"


def _form(request, schema, button):
    form = make_form(request, schema, [deform.Button(name="answer", title=button)], formid=FORM_ID)
    # The decision's radios are named by their field's oid: a stable one.
    for field in form.children:
        field.oid = f"{FORM_ID}-{field.name}"
    return form


def _answer_page(request, schema, button, act):
    petition = request.context
    form = _form(request, schema, button)
    values = {"petition": petition, "error": None, "answer": shown_answer(petition)}
    if not submitted(request, "answer"):
        current = petition.response
        appstruct = (
            {"disposition": current.disposition, "reason": current.text}
            if current is not None
            else {}
        )
        return dict(values, form=form.render(appstruct))
    data, rendered = validate(request, form)
    if data is None:
        return dict(values, form=rendered)
    try:
        act(petition, data)
    except PetitionError as error:
        request.tm.doom()
        return dict(values, form=form.render(data), error=error.message)
    return HTTPSeeOther(request.resource_url(petition, anchor="answer"))


@view_config(
    context=Petition,
    name="answer",
    permission="answer",
    renderer=TEMPLATES + "answer.pt",
    require_csrf=False,
)
def answer(request):
    service = _service(request)

    def act(petition, data):
        service.answer(
            petition,
            request.identity,
            data["disposition"],
            data["reason"],
            data["translation"],
        )
        request.registry.notify(PetitionAnswered(request, petition))
        _tell_signers(request, petition, revised=False)
        flash(request, _("The answer is published; the signers who asked are told."))

    return _answer_page(request, PetitionAnswerSchema(), _("Publish the answer"), act)


@view_config(
    context=Petition,
    name="revise-answer",
    permission="answer",
    renderer=TEMPLATES + "answer.pt",
    require_csrf=False,
)
def revise_answer(request):
    service = _service(request)

    def act(petition, data):
        service.revise(
            petition,
            request.identity,
            data["disposition"],
            data["reason"],
            data["why"],
            data["translation"],
        )
        request.registry.notify(PetitionAnswerRevised(request, petition, reason=data["why"]))
        _tell_signers(request, petition, revised=True)
        flash(request, _("The revised answer is published."))

    return _answer_page(request, PetitionReviseSchema(), _("Publish the revision"), act)


@view_config(context=Petition, name="news", permission="sign_petition", request_method="POST")
def news(request):
    petition = request.context
    wanted = request.POST.get("updates") == "on"
    try:
        _service(request).want_news(petition, request.authenticated_userid, wanted)
    except PetitionError as error:
        request.tm.doom()
        flash(request, error.message)
    else:
        flash(
            request,
            _("You will be told of the answer by e-mail.")
            if wanted
            else _("You will not be told of the answer."),
        )
    return HTTPSeeOther(request.resource_url(petition))


@view_config(
    context=Petitions, name="answers", permission="view", renderer=TEMPLATES + "answers.pt"
)
def answer_queue(request):
    """The petitions the reader answers for their organisations."""
    if request.authenticated_userid is None:
        raise HTTPForbidden()
    service = _service(request)
    status = "answered" if request.GET.get("status") == "answered" else "due"
    queue = [p for p in service.queue(status) if request.has_permission("answer", p)]
    return {"queue": queue, "now": _now(request), "status": status}


@view_config(
    context=Petitions, name="overdue", permission="view", renderer=TEMPLATES + "overdue.pt"
)
def overdue_answers(request):
    """Every petition whose addressee owes an answer past its deadline."""
    now = _now(request)
    return {"overdue": _service(request).overdue(now), "now": now, "phases": PHASES}
