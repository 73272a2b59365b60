"""The Open311 GeoReport v2 endpoints under /open311/v2/ (appeals.open311
says what they show). Errors are the spec's: a JSON array of
{"code", "description"} with the HTTP status as the code.

The POST is made by a partner's server or application, with no session:
its `api_key` stands for the CSRF token (consult.csrf.signed_instead), and
a request without a valid key changes nothing."""

from pyramid.view import view_config

from ...csrf import signed_instead
from ...i18n import _
from ...resources import root_factory
from ..events import AppealFiled
from ..interfaces import AppealError, IAppealApiKeys
from ..open311 import (
    Open311Error,
    filing,
    public_appeal,
    requests,
    service_definition,
    service_request,
    services,
)
from .common import service_of

PREFIX = "/open311/v2"


def _error(request, status, description):
    request.response.status_int = status
    return [{"code": status, "description": request.localizer.translate(description)}]


def _answer(request, make):
    """`make()`'s result, or the spec's error of its Open311Error."""
    try:
        return make()
    except Open311Error as error:
        return _error(request, error.status, error.description)


def _language(request):
    return request.locale_name


@view_config(route_name="open311_services", request_method="GET", renderer="json")
def services_view(request):
    return services(service_of(request).appeals, _language(request))


@view_config(route_name="open311_service", request_method="GET", renderer="json")
def service_view(request):
    appeals = service_of(request).appeals
    return _answer(request, lambda: service_definition(appeals, request.matchdict["code"]))


@view_config(route_name="open311_requests", request_method="GET", renderer="json")
def requests_view(request):
    service = service_of(request)
    appeals, language = service.appeals, _language(request)
    return _answer(
        request,
        lambda: [
            service_request(appeal, appeals, language)
            for appeal in requests(appeals, request.GET, service.clock.now())
        ],
    )


@view_config(route_name="open311_request", request_method="GET", renderer="json")
def request_view(request):
    appeals = service_of(request).appeals
    return _answer(
        request,
        lambda: [
            service_request(
                public_appeal(appeals, request.matchdict["id"]), appeals, _language(request)
            )
        ],
    )


@view_config(
    route_name="open311_requests",
    request_method="POST",
    renderer="json",
    # A partner's server posts with its key and no session: the key checked
    # below stands for the CSRF token.
    require_csrf=False,
)
def file_request(request):
    params = request.POST
    plain = (params.get("api_key") or "").strip()
    if not plain:
        return _error(request, 400, _("api_key is required."))
    key = request.find_service(IAppealApiKeys).holder(plain)
    if key is None:
        return _error(request, 403, _("This api_key is not valid."))
    author = request.root["principals"].get(key.userid)
    if author is None:
        return _error(request, 403, _("This api_key is not valid."))
    service = service_of(request)
    try:
        arguments = filing(params, service.appeals, service.territories)
        appeal = service.file(author, **arguments)
    except Open311Error as error:
        request.tm.doom()
        return _error(request, error.status, error.description)
    except AppealError as error:
        request.tm.doom()
        return _error(request, 400, error.message)
    signed_instead(request)
    request.registry.notify(AppealFiled(request, appeal))
    return [{"service_request_id": appeal.name, "service_notice": None, "account_id": None}]


def includeme(config):
    config.add_route("open311_services", PREFIX + "/services.json", factory=root_factory)
    config.add_route("open311_service", PREFIX + "/services/{code}.json", factory=root_factory)
    config.add_route("open311_requests", PREFIX + "/requests.json", factory=root_factory)
    config.add_route("open311_request", PREFIX + "/requests/{id}.json", factory=root_factory)
