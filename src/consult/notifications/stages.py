"""The stages of followed consultations that opened or closed: no code
runs at the moment a stage opens or closes (it is open while the clock is
between its times), so the digest command looks for the moments passed
since its last run and announces each once (`Notifications.announced`
remembers them). Moments older than a week are not announced: a database
that never ran the command does not tell everyone of every past stage."""

from datetime import timedelta

from ..consultations.views.common import STAGE_NAMES
from ..i18n import _
from ..layout import LOCAL_ZONE, pick_language

RECENT = timedelta(days=7)


def stage_notice(stage, edge, title, closes, link):
    """(subject, body) of `stage` of the consultation `title` opening or closing."""
    values = {"stage": STAGE_NAMES[stage.kind], "title": title, "closes": closes, "link": link}
    if edge == "opened":
        subject = _("The ${stage} of “${title}” is open for comments", mapping=values)
        body = _(
            "Hello ${name},\n\nthe ${stage} of the consultation “${title}”, which you "
            "follow, is open for comments until ${closes}.\n\n${link}",
            mapping=values,
        )
    else:
        subject = _("The ${stage} of “${title}” has closed", mapping=values)
        body = _(
            "Hello ${name},\n\nthe ${stage} of the consultation “${title}”, which you "
            "follow, has closed. The ministry now answers the comments.\n\n${link}",
            mapping=values,
        )
    return subject, body


def announce_stages(service, now):
    """Notify the followers of each consultation whose stage opened or
    closed since the last run; returns how many moments were announced."""
    container = service.container
    if container is None:
        return 0
    announced = 0
    for consultation in service.root["consultations"].values():
        if getattr(consultation, "published_at", None) is None:
            continue
        path = "/consultations/" + consultation.__name__
        followers = service.followers(("consultation", path))
        for stage in consultation.stages.values():
            if stage.kind not in STAGE_NAMES:
                continue
            for edge, instant in (("opened", stage.opens_at), ("closed", stage.closes_at)):
                if instant is None or not now - RECENT < instant <= now:
                    continue
                moment = (path, stage.kind, edge, instant.isoformat())
                if moment in container.announced:
                    continue
                container.announced.insert(moment)
                announced += 1
                closes = stage.closes_at.astimezone(LOCAL_ZONE) if stage.closes_at else None
                closes = closes.strftime("%d.%m.%Y %H:%M") if closes else ""
                link = service.url("consultations", consultation.__name__)
                for userid in followers:
                    language = service.language_of(userid)
                    title = consultation.title.get(pick_language(consultation.title, language), "")
                    subject, body = stage_notice(stage, edge, title, closes, link)
                    service.notify(userid, "stage", subject, body, link, consultation)
    return announced
