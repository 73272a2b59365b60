"""Accounts: principals, sign-in, roles."""


def includeme(config):
    from . import passwords
    from .security import SecurityPolicy
    from .services import IAccountService, account_service_factory

    passwords.configure(config.registry.settings)

    config.set_security_policy(SecurityPolicy())
    config.register_service_factory(account_service_factory, IAccountService)
    config.scan(".views")
