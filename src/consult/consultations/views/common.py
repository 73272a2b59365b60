"""What the consultation views share: labels, stage wording, summaries for
lists, comment counts, the form-handling loop and the comment threads."""

import deform
from pyramid.httpexceptions import HTTPSeeOther

from ...clock import IClock
from ...forms import make_form, submitted, validate
from ...i18n import _
from ...layout import flash
from ..interfaces import ConsultationError, ConsultationWarnings

TEMPLATES = "consult:templates/consultations/"
FORM = TEMPLATES + "form.pt"

STATE_LABELS = {
    "draft": _("Draft, not published"),
    "scheduled": _("Scheduled"),
    "open": _("Open for comments"),
    "closed": _("Closed"),
    "outcome": _("Outcome published"),
}
STAGE_NAMES = {
    "green": _("Green Paper"),
    "white": _("White Paper"),
    "outcome": _("Outcome"),
}
STAGE_PURPOSES = {
    "green": _("The concept, expert consultations and questions to the public."),
    "white": _("The government's policy statement and the draft bill, article by article."),
}


def now(request):
    return request.find_service(IClock).now()


def local_time(request, when):
    return request.layout.local_time(when)


def stage_status(request, stage, when):
    """What a reader needs to know about a stage's dates, in one sentence."""
    status = stage.status(when)
    if status == "unscheduled":
        return _("Dates not set yet")
    mapping = {
        "opens": local_time(request, stage.opens_at),
        "closes": local_time(request, stage.closes_at),
    }
    if status == "open":
        return _("Open for comments until ${closes} (Almaty time)", mapping=mapping)
    if status == "upcoming":
        return _("Opens on ${opens}, closes on ${closes} (Almaty time)", mapping=mapping)
    return _("Closed on ${closes} (Almaty time)", mapping=mapping)


class Summary:
    """A consultation as a list shows it."""

    def __init__(self, request, consultation, when):
        layout = request.layout
        self.consultation = consultation
        self.url = request.resource_url(consultation)
        self.title = layout.localized(consultation.title)
        self.ministry = layout.localized(consultation.ministry)
        self.state = consultation.state(when)
        self.state_label = STATE_LABELS[self.state]
        open_stage = consultation.open_stage(when)
        self.closes = local_time(request, open_stage.closes_at) if open_stage else None
        self.stages = [
            (STAGE_NAMES[kind], stage_status(request, consultation.stages[kind], when))
            for kind in ("green", "white")
        ]


def article_totals(consultation, article):
    """Visible comments on an article and its paragraphs, and the stance
    balance of their top-level comments, from the store's Length counters."""
    comments = consultation.comments
    targets = [article.target] + [article.paragraph_target(p) for p in article.paragraphs]
    balance = {"for": 0, "against": 0, "neutral": 0}
    count = 0
    for target in targets:
        count += comments.count(target)
        for stance, number in comments.stance_balance(target).items():
            balance[stance] += number
    return count, balance


def render_thread(request, consultation, target, title=None):
    """The HTML of a comment thread, which feedback (built on consultations)
    registers as a request method."""
    return request.comment_thread(consultation, target, title=title)


def button(name, title):
    return deform.Button(name=name, title=title)


def handle_form(request, schema, buttons, values, on_success, appstruct=None, bind=None):
    """The loop of every staff form: show it; on submission validate, then let
    `on_success(appstruct)` call one service method and return a redirect. A
    refusal (ConsultationError) dooms the transaction, so nothing is saved,
    and shows the form again with the person's input and the reason; a
    refusal for want of confirmation (ConsultationWarnings) also lists the
    warnings and adds the box that confirms them."""
    form = make_form(request, schema, buttons, bind=bind or {})
    values = dict(values, error=None)
    if submitted(request, *(b.name for b in buttons)):
        data, rendered = validate(request, form)
        if data is None:
            return dict(values, form=rendered)
        try:
            return on_success(data)
        except ConsultationWarnings as refusal:
            request.tm.doom()
            # The same form, now with the box that confirms the warnings.
            form = make_form(request, schema, buttons, bind=dict(bind or {}, warned=True))
            return dict(
                values, form=form.render(data), error=refusal.message, warnings=refusal.warnings
            )
        except ConsultationError as error:
            request.tm.doom()
            return dict(values, form=form.render(data), error=error.message)
    return dict(values, form=form.render(appstruct or {}))


def done(request, message, url):
    flash(request, message)
    return HTTPSeeOther(url)
