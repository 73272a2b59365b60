"""`request.find_service` as consult registers it (consult.service_lookup):
one instance per request made by the registered factory, a test's fake
honoured, a lookup with a context left to pyramid_services."""

import pytest
from pyramid.config import Configurator
from pyramid.request import Request, apply_request_extensions
from zope.interface import Interface, implementer

from consult.service_lookup import find_service


class ICounter(Interface):
    pass


class IMissing(Interface):
    pass


@implementer(ICounter)
class Counter:
    def __init__(self, request):
        self.request = request


def app_registry(register):
    config = Configurator()
    config.include("pyramid_services")
    config.add_request_method(find_service, "find_service")
    register(config)
    config.commit()
    return config.registry


def request_of(registry):
    request = Request.blank("/")
    request.registry = registry
    apply_request_extensions(request)
    return request


def counting_registry():
    made = []

    def factory(context, request):
        made.append(context)
        return Counter(request)

    registry = app_registry(lambda config: config.register_service_factory(factory, ICounter))
    return registry, made


def test_a_service_is_made_once_a_request_by_its_factory_without_a_context():
    registry, made = counting_registry()
    request = request_of(registry)
    first = request.find_service(ICounter)
    assert request.find_service(ICounter) is first
    assert first.request is request
    assert made == [None]


def test_each_request_gets_its_own_service():
    registry, made = counting_registry()
    first, second = request_of(registry), request_of(registry)
    assert first.find_service(ICounter) is not second.find_service(ICounter)
    assert len(made) == 2


def test_a_registered_instance_is_what_every_request_finds():
    fake = Counter(None)
    registry = app_registry(lambda config: config.register_service(fake, ICounter))
    assert request_of(registry).find_service(ICounter) is fake
    assert request_of(registry).find_service(ICounter) is fake


def test_a_lookup_with_a_context_goes_through_pyramid_services():
    registry, made = counting_registry()
    request = request_of(registry)
    service = request.find_service(ICounter, context=object())
    assert isinstance(service, Counter)
    # The container's instance, not the one kept by the plain lookups.
    assert request.find_service(ICounter) is not service


def test_an_unregistered_service_is_a_lookup_error():
    registry, _made = counting_registry()
    with pytest.raises(LookupError):
        request_of(registry).find_service(IMissing)
