"""Citizens' juries: set-up, recruitment, the stratified lottery, the
invitations of the people drawn, the private workspace, and the findings with
the ministry's answers."""


def includeme(config):
    from ..settings import settings_of
    from .draws import make_runner
    from .findings import findings_service_factory
    from .interfaces import IFindingsService, IJuryService, IWorkspaceService
    from .services import jury_service_factory
    from .workspace_services import workspace_service_factory

    config.register_service_factory(jury_service_factory, IJuryService)
    config.register_service_factory(findings_service_factory, IFindingsService)
    config.register_service_factory(workspace_service_factory, IWorkspaceService)
    config.registry["consult.jury_runner"] = make_runner(settings_of(config))
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.include(".evolve")
