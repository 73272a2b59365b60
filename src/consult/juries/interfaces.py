"""What the rest of consult may ask of citizens' juries: three services,
`request.find_service(IJuryService)` (set-up, recruitment, the lottery, the
invitations), `IWorkspaceService` (the panel's private workspace,
juries.workspace.interfaces) and `IFindingsService` (the findings and the
ministry's answers, juries.findings.interfaces).

People are accounts.models.Principal objects; a jury is a
juries.models.Jury. A refusal's `field` names the form field to show it at."""

from zope.interface import Attribute

from ..refusals import Refusal
from .lottery.interfaces import IDrawService
from .recruitment.interfaces import IRecruitmentService


class JuryError(Refusal):
    """A refusal the person can act on; `message` says what to do."""


class IJuryService(IRecruitmentService, IDrawService):
    """The jury service: recruitment's methods and the lottery's."""

    clock = Attribute(
        "The IClock the service reads (the draw worker makes its own service with it)."
    )
    secret = Attribute(
        "The site secret that keys applicants' hashes and invitation "
        "tokens (the draw worker's service needs it too)."
    )
