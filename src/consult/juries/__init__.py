"""Citizens' juries: set-up, recruitment, the stratified lottery and the
invitations of the people drawn."""


def includeme(config):
    from .services import IJuryService, jury_service_factory, make_runner

    config.register_service_factory(jury_service_factory, IJuryService)
    config.registry["consult.jury_runner"] = make_runner(config.get_settings())
    config.scan(".views")
