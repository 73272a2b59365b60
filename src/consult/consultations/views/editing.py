"""Staff forms on a consultation: its details, stage dates, documents,
questions, publication, outcome and local roles, and corrections to an
article of the draft."""

from pyramid.httpexceptions import HTTPSeeOther
from pyramid.view import view_config

from ...accounts.events import RoleGranted, RoleRevoked
from ...i18n import LANGUAGES, _
from ...layout import flash
from ...organisations.interfaces import IOrganisationService
from ..events import (
    ArticleCorrected,
    ConsultationPublished,
    DocumentAdded,
    OutcomePublished,
    StageDatesChanged,
)
from ..interfaces import ConsultationError, IConsultationService
from ..models import Article, Consultation
from ..schemas import (
    ROLE_LABELS,
    ArticleSchema,
    DocumentSchema,
    EditConsultationSchema,
    OutcomeSchema,
    PublishSchema,
    QuestionSchema,
    RoleSchema,
    StagesSchema,
    split_paragraphs,
    split_tags,
    texts_from,
    texts_to,
)
from .common import (
    FORM,
    STAGE_NAMES,
    TEMPLATES,
    button,
    done,
    handle_form,
    now,
    stage_status,
)

STAGE_KINDS = ("green", "white")


def _service(request):
    return request.find_service(IConsultationService)


def _values(request, title, consultation, **values):
    back = (request.resource_url(consultation), _("Back to the consultation"))
    return dict({"title": title, "back": back, "intro": None, "details": ()}, **values)


@view_config(
    context=Consultation, name="edit", permission="edit", renderer=FORM, require_csrf=False
)
def edit_details(request):
    consultation = request.context

    def save(appstruct):
        service = _service(request)
        service.update(
            consultation,
            texts_from(appstruct, "title"),
            texts_from(appstruct, "summary"),
            consultation.ministry,
            split_tags(appstruct["tags"]),
            appstruct["premoderation"],
            comment_level=appstruct["comment_level"],
            support_level=appstruct["support_level"],
        )
        organisation = request.find_service(IOrganisationService).chosen(appstruct["organisation"])
        service.assign_organisation(consultation, organisation)
        return done(request, _("The details are saved."), request.resource_url(consultation))

    current = dict(
        texts_to(title=consultation.title, summary=consultation.summary),
        organisation=consultation.organisation or "",
        tags=", ".join(consultation.tags),
        premoderation=consultation.premoderation,
        comment_level=consultation.comment_level,
        support_level=consultation.support_level,
    )
    return handle_form(
        request,
        EditConsultationSchema(),
        [button("save", _("Save"))],
        _values(request, _("Edit the details"), consultation),
        save,
        current,
    )


@view_config(
    context=Consultation, name="stages", permission="edit", renderer=FORM, require_csrf=False
)
def set_stages(request):
    consultation = request.context

    def save(appstruct):
        times = {
            kind: (appstruct[kind][f"{kind}_opens"], appstruct[kind][f"{kind}_closes"])
            for kind in STAGE_KINDS
        }
        before = {
            kind: (consultation.stages[kind].opens_at, consultation.stages[kind].closes_at)
            for kind in STAGE_KINDS
        }
        _service(request).schedule_stages(consultation, times, confirmed=appstruct["confirmed"])
        changes = {
            kind: (
                before[kind],
                (consultation.stages[kind].opens_at, consultation.stages[kind].closes_at),
            )
            for kind in STAGE_KINDS
        }
        changes = {kind: change for kind, change in changes.items() if change[0] != change[1]}
        if changes:
            request.registry.notify(StageDatesChanged(request, consultation, changes))
        return done(request, _("The stage dates are saved."), request.resource_url(consultation))

    current = {
        kind: {
            f"{kind}_opens": consultation.stages[kind].opens_at,
            f"{kind}_closes": consultation.stages[kind].closes_at,
        }
        for kind in STAGE_KINDS
    }
    intro = _(
        "Enter the times in Almaty time. Comments are accepted from the opening until "
        "the closing time. Leave both empty while the dates are not known."
    )
    return handle_form(
        request,
        StagesSchema(),
        [button("save", _("Save the dates"))],
        _values(request, _("Stage dates"), consultation, intro=intro),
        save,
        current,
    )


@view_config(
    context=Consultation, name="add-document", permission="edit", renderer=FORM, require_csrf=False
)
def add_document(request):
    consultation = request.context

    def add(appstruct):
        document = _service(request).add_document(
            consultation,
            appstruct["kind"],
            texts_from(appstruct, "title"),
            texts_from(appstruct, "body"),
        )
        request.registry.notify(DocumentAdded(request, consultation, document.kind))
        stage = consultation.stage_for_document(document.kind)
        return done(
            request,
            _("The document is added."),
            request.resource_url(stage, anchor=f"document-{document.uid}"),
        )

    return handle_form(
        request,
        DocumentSchema(),
        [button("add", _("Add the document"))],
        _values(request, _("Add a stage document"), consultation),
        add,
    )


@view_config(
    context=Consultation, name="add-question", permission="edit", renderer=FORM, require_csrf=False
)
def add_question(request):
    consultation = request.context

    def add(appstruct):
        question = _service(request).add_question(consultation, texts_from(appstruct, "text"))
        return done(
            request,
            _("The question is added to the Green Paper."),
            request.resource_url(consultation.stages["green"], anchor=f"question-{question.uid}"),
        )

    return handle_form(
        request,
        QuestionSchema(),
        [button("add", _("Add the question"))],
        _values(request, _("Add a question to the public"), consultation),
        add,
    )


@view_config(
    context=Consultation, name="publish", permission="edit", renderer=FORM, require_csrf=False
)
def publish(request):
    """GET asks for confirmation, listing what readers will see and what
    they would miss (warnings, to be confirmed with a tick); POST publishes."""
    consultation = request.context

    def publish_now(appstruct):
        _service(request).publish(consultation, confirmed=appstruct["confirmed"])
        request.registry.notify(ConsultationPublished(request, consultation))
        return done(
            request, _("The consultation is published."), request.resource_url(consultation)
        )

    when = now(request)
    details = [
        f"{request.localizer.translate(STAGE_NAMES[kind])}: "
        f"{request.localizer.translate(stage_status(request, consultation.stages[kind], when))}"
        for kind in STAGE_KINDS
    ]
    intro = _(
        "Once published, everyone can read this consultation, and comments are accepted "
        "while a stage is open. The stages:"
    )
    warnings = _service(request).publication_warnings(consultation)
    return handle_form(
        request,
        PublishSchema(),
        [button("publish", _("Publish now"))],
        _values(
            request,
            _("Publish this consultation"),
            consultation,
            intro=intro,
            details=details,
            warnings=warnings,
        ),
        publish_now,
        bind={"warned": bool(warnings)},
    )


@view_config(
    context=Consultation,
    name="publish-outcome",
    permission="edit",
    renderer=FORM,
    require_csrf=False,
)
def publish_outcome(request):
    consultation = request.context

    def publish_now(appstruct):
        _service(request).publish_outcome(consultation, texts_from(appstruct, "outcome"))
        request.registry.notify(OutcomePublished(request, consultation))
        return done(
            request,
            _("The outcome is published."),
            request.resource_url(consultation, anchor="outcome"),
        )

    return handle_form(
        request,
        OutcomeSchema(),
        [button("publish", _("Publish the outcome"))],
        _values(request, _("Publish the outcome"), consultation),
        publish_now,
        texts_to(outcome=consultation.outcome),
    )


@view_config(
    context=Consultation,
    name="roles",
    permission="manage",
    renderer=TEMPLATES + "roles.pt",
    require_csrf=False,
)
def roles(request):
    consultation = request.context
    principals = request.root["principals"]

    def grant(appstruct):
        principal = principals.find_by_email(appstruct["email"])
        _service(request).grant_local_role(consultation, principal, appstruct["role"])
        request.registry.notify(RoleGranted(request, consultation, principal.id, appstruct["role"]))
        return done(
            request,
            _(
                "${name} is now ${role} on this consultation.",
                mapping={
                    "name": principal.public_name,
                    "role": request.localizer.translate(ROLE_LABELS[appstruct["role"]]),
                },
            ),
            request.resource_url(consultation, "roles"),
        )

    holders = [
        (principals.get(userid), granted) for userid, granted in consultation.local_roles.items()
    ]
    values = _values(
        request,
        _("Roles on this consultation"),
        consultation,
        holders=[(p, granted) for p, granted in holders if p is not None],
        role_labels=ROLE_LABELS,
    )
    return handle_form(request, RoleSchema(), [button("grant", _("Grant the role"))], values, grant)


@view_config(context=Consultation, name="revoke-role", permission="manage", request_method="POST")
def revoke_role(request):
    consultation = request.context
    principal = request.root["principals"].get(request.POST.get("userid", ""))
    role = request.POST.get("role", "")
    back = request.resource_url(consultation, "roles")
    try:
        _service(request).revoke_local_role(consultation, getattr(principal, "id", None), role)
    except ConsultationError as error:
        flash(request, error.message)
        return HTTPSeeOther(back)
    request.registry.notify(RoleRevoked(request, consultation, principal.id, role))
    return done(
        request,
        _("${name} no longer has this role here.", mapping={"name": principal.public_name}),
        back,
    )


@view_config(context=Article, name="edit", permission="edit", renderer=FORM, require_csrf=False)
def correct_article(request):
    article = request.context
    consultation = article.__parent__.__parent__.__parent__

    def save(appstruct):
        paragraphs = {
            language: split_paragraphs(appstruct[language][f"paragraphs_{language}"])
            for language in LANGUAGES
        }
        _service(request).correct_article(article, texts_from(appstruct, "heading"), paragraphs)
        request.registry.notify(ArticleCorrected(request, article))
        return done(
            request,
            _("Article ${number} is corrected.", mapping={"number": article.number}),
            request.resource_url(article),
        )

    current = texts_to(
        heading=article.heading,
        paragraphs={
            language: "\n\n".join(
                p.text[language] for p in article.paragraphs if p.text.get(language)
            )
            for language in LANGUAGES
        },
    )
    values = _values(
        request, _("Correct article ${number}", mapping={"number": article.number}), consultation
    )
    values["back"] = (request.resource_url(article), _("Back to the article"))
    return handle_form(
        request, ArticleSchema(), [button("save", _("Save the article"))], values, save, current
    )
