"""Accounts: principals, sign-in, sessions, roles."""

from ..settings import settings_of
from . import passwords
from .interfaces import IAccountService, IPersonalData
from .personal_data import account_data
from .security import SecurityPolicy
from .services import account_service_factory


def includeme(config):
    passwords.configure(settings_of(config))

    config.include(".sessions")
    config.include(".subscribers")
    config.include(".sections")
    config.set_security_policy(SecurityPolicy())
    config.register_service_factory(account_service_factory, IAccountService)
    config.scan(".views")
    config.scan(".views_principals")
    config.scan(".views_self")
    config.scan(".views_activity")
    config.registry.registerUtility(account_data, IPersonalData, name="account")
    config.include(".evolve")
