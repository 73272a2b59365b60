"""`request.find_service`, kept once per request.

pyramid_services builds a `wired` container for each request and looks
every service up through it: two zope adapter registries made per request
(one for the request, one per context asked), and each lookup a walk through
them. A comment POST asks for services about ten times (the clock for the
session check, the feedback, notification, signal, limit services, each
from several places); at 100 000 comments that machinery was 6-9 % of the
POST's CPU (benchmarks/README.md, "CPU per request").

Every consult service is registered without a context (`register_service`,
`register_service_factory` with `context=None`), so `wired` calls each
factory with no context and keeps one instance per request. This does the
same with a dictionary on the request: the factory is found in
pyramid_services' registry (so a test's `config.register_service(fake,
IClock)` is honoured as before), called as `factory(None, request)`, and its
instance kept for the rest of the request. A retried request is a new
request, with new services. A lookup with a context, or for a service
registered for a context, goes through pyramid_services unchanged."""

from pyramid_services import IServiceRegistry, ProxyFactory
from pyramid_services import find_service as find_in_container
from zope.interface import Interface

_marker = object()
KEPT = "_consult_services"


def find_service(request, iface=Interface, context=_marker, name=""):
    """The service `iface` (named `name`) for this request, made at the
    first ask and kept."""
    if context is not _marker:
        return find_in_container(request, iface, context, name)
    kept = request.__dict__.get(KEPT)
    if kept is None:
        kept = request.__dict__[KEPT] = {}
    key = (iface, name)
    service = kept.get(key, _marker)
    if service is _marker:
        service = kept[key] = _made(request, iface, name)
    return service


def _made(request, iface, name):
    registry = request.registry.getUtility(IServiceRegistry)
    factory = registry.find_factory(iface, context=None, name=name)
    if not isinstance(factory, ProxyFactory):
        # Registered for a context, or in a way consult does not use: the
        # container decides, as it always did.
        return find_in_container(request, iface, getattr(request, "context", None), name)
    return factory.factory(None, request)
