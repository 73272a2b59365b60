"""Jury workflows: set up a jury, take applications, check the quotas,
announce and start the draw, invite the people drawn and take their answers.

Each part lives with its purpose: `recruitment.setup`,
`recruitment.applications`, `lottery.draws` and `recruitment.invitations`;
`JuryService` puts them together behind IJuryService. The draw itself runs
in the background (`lottery.runner.DrawRunner`): the request that starts it
stores the pool snapshot and marks the draw running, and only after that
transaction commits does a thread take it, with its own ZODB connection,
through `lottery.runner.execute_draw`, which stores the result with
`finish_draw` or `fail_draw`. What applicants give is normalised and hashed
by `recruitment.identity`."""

from zope.interface import implementer

from ..clock import IClock
from ..hashing import HashKeys, hash_keys
from ..mail import IMailService
from ..urls import public_url
from .interfaces import IJuryService
from .lottery.draws import Draws
from .recruitment.applications import Applications
from .recruitment.invitations import Invitations
from .recruitment.setup import JurySetup


@implementer(IJuryService)
class JuryService(JurySetup, Applications, Draws, Invitations):
    def __init__(self, clock, secret, mailer=None, principals=None, link=None, translate=None):
        """`secret`: the hash secret, or HashKeys while a rotation completes
        (hashes and tokens are made with the current key, and compared with
        the previous one's too)."""
        self.clock = clock
        self.keys = HashKeys.of(secret)
        self.secret = self.keys.current
        self.mailer = mailer
        self.principals = principals
        self.link = link  # (jury, view name or None, query or None) -> URL, for the e-mails
        self.translate = translate or (lambda term: term)

    def for_worker(self):
        """A service for the draw worker's thread: the same clock and keys,
        nothing from the request (its connection, mailer or principals)."""
        return JuryService(self.clock, self.keys)


def jury_service_factory(context, request):
    def link(jury, name, query):
        elements = (name,) if name else ()
        return public_url(request, jury, *elements, **({"query": query} if query else {}))

    return JuryService(
        request.find_service(IClock),
        hash_keys(request),
        mailer=request.find_service(IMailService),
        principals=request.root["principals"],
        link=link,
        translate=request.localizer.translate,
    )
