"""Citizens' juries: set-up, recruitment, the stratified lottery, the
invitations of the people drawn, the private workspace, and the findings with
the ministry's answers.

    recruitment/  set-up, features and quotas, applications, invitations
    lottery/      the draw over plain data, its child process, the worker
    workspace/    the panel's private workspace and its pages
    findings/     the findings, the ministry's answers and their pages
    views/        the public pages, the organisers' pages and the draws

The persistent classes shared by all of them (`models`), the events, the
jury service's interface and the census features stay at this level."""


def includeme(config):
    # Imported here, not at the top: the draw's child process (`python -m
    # consult.juries.lottery`) imports this package, and the services would
    # load the web stack for it (seconds).
    from ..accounts.interfaces import IActivitySection
    from ..settings import settings_of
    from .activity import applications_section
    from .findings.interfaces import IFindingsService
    from .findings.services import findings_service_factory
    from .interfaces import IJuryService
    from .lottery.runner import make_runner
    from .services import jury_service_factory
    from .workspace.interfaces import IWorkspaceService
    from .workspace.services import workspace_service_factory

    config.register_service_factory(jury_service_factory, IJuryService)
    config.register_service_factory(findings_service_factory, IFindingsService)
    config.register_service_factory(workspace_service_factory, IWorkspaceService)
    # After the feedback's sections of the activity page (their names sort first).
    config.registry.registerUtility(applications_section, IActivitySection, name="40-juries")
    config.registry["consult.jury_runner"] = make_runner(settings_of(config))
    # Its upload forms declare their own body bound (`body_limit`).
    config.include("consult.bodies")
    config.scan(".views")
    config.scan(".workspace.views")
    config.scan(".findings.views")
    config.include(".subscribers")
    config.include(".evolve")
