"""Responses: the ministry's reasoned answer to every comment, its deadlines
and the staff's queue of comments waiting for one."""


def includeme(config):
    # Here, not at the top: consultations.models imports this package (the
    # register), and the services import consultations (the cycle between them).
    from .interfaces import IResponseService
    from .services import response_service_factory

    config.register_service_factory(response_service_factory, IResponseService)
    config.scan(".views")
    config.include(".evolve")
