"""What juries does when other capabilities announce something."""

from ..accounts.events import AccountPageShown
from ..i18n import _
from .workspace.access import role_of

# Those who work in a jury's workspace; organisers reach it from the jury's
# own pages, which they manage.
MEMBERS = ("juror", "expert")


def link_the_persons_juries(event):
    """A juror's (or invited expert's) account page leads to each jury they
    sit on: its workspace, named by the jury's remit."""
    request = event.request
    links = []
    for jury in request.root["juries"].values():
        if jury.workspace is None or role_of(jury, event.principal) not in MEMBERS:
            continue
        remit = request.layout.localized(jury.remit)
        language = remit.language if remit.fallback else None
        links.append((remit.text, request.resource_url(jury.workspace), language))
    if links:
        event.add(_("Your citizens' juries"), links)


def includeme(config):
    config.add_subscriber(link_the_persons_juries, AccountPageShown)
