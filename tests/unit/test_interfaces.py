"""Every service the application registers keeps the interface it is
registered against: built through its real factory, in a configured
application (tests/conftest.py's settings), it provides every method and
attribute the interface declares, with compatible signatures; and no
service is registered against an interface that declares nothing."""

import pytest
import transaction
from pyramid.request import Request
from pyramid.scripting import prepare
from zope.interface.interface import Method
from zope.interface.verify import verifyObject

from consult.accounts.interfaces import IAccountService
from consult.appeals.interfaces import IAppealApiKeys, IAppealService
from consult.clock import IClock
from consult.consultations.interfaces import IConsultationService
from consult.content.interfaces import IContentService
from consult.feedback.interfaces import IFeedbackService
from consult.imports.interfaces import IAppealImports, ICommentImports
from consult.juries.findings.interfaces import IFindingsService
from consult.juries.interfaces import IJuryService
from consult.juries.workspace.interfaces import IWorkspaceService
from consult.limits import IRateLimiter
from consult.mail import IMailService
from consult.notifications.interfaces import INotificationService
from consult.organisations.interfaces import IOrganisationService
from consult.petitions.interfaces import IPetitionAnswering, IPetitionService
from consult.responses.interfaces import IResponseService
from consult.search.interfaces import ISearchService
from consult.signals.interfaces import ISignalService
from consult.verification.interfaces import IDigitalSignatureVerifier, IVerifier
from consult.verification.registry import verifiers

SERVICES = (
    IAccountService,
    IClock,
    ICommentImports,
    IAppealImports,
    IConsultationService,
    IContentService,
    IDigitalSignatureVerifier,
    IFeedbackService,
    IFindingsService,
    IJuryService,
    IMailService,
    INotificationService,
    IRateLimiter,
    IOrganisationService,
    IPetitionAnswering,
    IPetitionService,
    IAppealService,
    IAppealApiKeys,
    IResponseService,
    ISearchService,
    ISignalService,
    IWorkspaceService,
)


def registered_interfaces(registry):
    """The interfaces service factories are registered against (pyramid_services)."""
    return [
        item["introspectable"]["type"]
        for item in registry.introspector.get_category("pyramid_services")
    ]


def methods(interface):
    return {
        name: interface[name]
        for name in interface.names(all=True)
        if isinstance(interface[name], Method)
    }


@pytest.fixture
def request_(wsgi_app):
    """A request of the configured application, as a view gets it: its root
    from the database, its own explicit transaction."""
    manager = transaction.TransactionManager(explicit=True)
    manager.begin()
    env = prepare(
        request=Request.blank("/", environ={"tm.manager": manager}), registry=wsgi_app.registry
    )
    env["request"].root = env["root"]
    yield env["request"]
    manager.abort()
    env["closer"]()


@pytest.mark.parametrize("interface", SERVICES, ids=lambda interface: interface.__name__)
def test_the_service_provides_its_interface(request_, interface):
    assert verifyObject(interface, request_.find_service(interface))


def test_every_registered_service_is_checked(wsgi_app):
    assert sorted(registered_interfaces(wsgi_app.registry), key=str) == sorted(SERVICES, key=str)


def test_no_service_is_registered_against_an_empty_interface(wsgi_app):
    empty = [
        interface.__identifier__
        for interface in registered_interfaces(wsgi_app.registry)
        if not methods(interface)
    ]
    assert not empty, f"these interfaces declare no method: {empty}"


def test_every_declared_method_says_what_it_does(wsgi_app):
    undocumented = [
        f"{interface.__name__}.{name}"
        for interface in registered_interfaces(wsgi_app.registry)
        for name, method in methods(interface).items()
        if not (method.getDoc() or "").strip()
    ]
    assert not undocumented


def test_every_verifier_provides_the_verifier_interface(wsgi_app):
    found = verifiers(wsgi_app.registry)
    assert {verifier.name for verifier in found} >= {"email", "census", "staff"}
    for verifier in found:
        assert verifyObject(IVerifier, verifier)
