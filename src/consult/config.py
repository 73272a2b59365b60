"""Assemble the application: one place for the WSGI app, console scripts and tests."""

from functools import cache

from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory

from .accounts.sessions import SessionRules
from .form_bodies import Request
from .service_lookup import find_service
from .settings import TABLE, read_settings, with_environment
from .templating import serialise_compilation
from .urls import SETTING as PUBLIC_URL

# Settings that may come from the environment instead of the ini file, so
# that secrets never have to live in a committed file (declared in the table).
ENVIRONMENT_OVERRIDES = {
    setting.environment: name for name, setting in TABLE.items() if setting.environment
}

# The libraries' settings consult gives a default to (pyramid_retry, pyramid_tm,
# Pyramid): they read them as text from the registry's settings.
DEFAULTS = {
    name: setting.default
    for name, setting in TABLE.items()
    if not name.startswith("consult.") and setting.default
}


def configure(settings=None):
    serialise_compilation()
    settings = with_environment(dict(DEFAULTS, **(settings or {})))
    # Every setting is checked here, before a database is opened or a thread
    # started: a bad one stops the start with its name (consult.settings).
    values = read_settings(settings)
    # Links in mail and downloads are built from it, never from the Host header.
    settings[PUBLIC_URL] = values[PUBLIC_URL]

    # Text forms parsed without cgi.FieldStorage (consult.form_bodies).
    config = Configurator(settings=settings, request_factory=Request)
    config.registry.consult_settings = values
    session_rules = SessionRules.from_settings(values)
    config.set_session_factory(
        SignedCookieSessionFactory(
            values["consult.session_secret"],
            # A session lasts `consult.session.idle_minutes` (20) from the last
            # request (accounts.sessions checks it on the injected clock; this
            # is the cookie's own backstop on the system clock); its cookie is
            # signed again at most every 2 minutes (Pyramid's rule of thumb, a
            # tenth of the timeout), not on every page as with reissue_time=0.
            timeout=int(session_rules.idle.total_seconds()),
            reissue_time=int(session_rules.refresh.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=values["consult.secure_cookies"],
        )
    )
    # Every unsafe request carries a CSRF token; deform forms check theirs in
    # the schema instead, so that a stale token re-renders the form with the
    # user's text rather than losing it.
    config.set_default_csrf_options(require_csrf=True)

    # Order matters: retry wraps the transaction, which wraps the connection.
    config.include("pyramid_retry")
    config.include("pyramid_tm")
    config.include(".csrf")
    config.include("pyramid_zodbconn")
    config.include("pyramid_services")
    # Services kept per request in a dictionary instead of a container
    # (consult.service_lookup). Here, not in an includeme: an action of the
    # configuration itself overrides pyramid_services' own `find_service`.
    config.add_request_method(find_service, "find_service")
    config.include("pyramid_chameleon")

    config.include(".i18n")
    config.include(".clock")
    config.include(".mail")
    # The keys of stored hashes; the resources check them against the database's.
    config.include(".hashing")
    config.include(".resources")
    config.include(".audit")
    # The change feed records what the capabilities announce, for the search
    # feeder and the campaign worker.
    config.include(".changes")
    config.include(".layout")
    config.include(".limits")
    config.include(".accounts")
    config.include(".verification")
    config.include(".organisations")
    config.include(".petitions")
    # Appeals to state bodies, routed to organisations; their author hears
    # of each stage through the notifications' service.
    config.include(".appeals")
    config.include(".consultations")
    config.include(".feedback")
    config.include(".responses")
    config.include(".juries")
    config.include(".content")
    # Hears what the capabilities above announce; tells the people concerned.
    config.include(".notifications")
    config.include(".reports")
    config.include(".search")
    config.include(".campaigns")
    # The import page and its background worker.
    config.include(".imports")
    config.include(".signals")
    config.include(".errors")
    # Bodies are bounded per view and checked before anything parses them;
    # every response carries the security headers (docs/security.md, 6 and 7).
    config.include(".bodies")
    config.include(".headers")
    # Anonymous pages' validators and shared-cache headers (etc/nginx.conf).
    config.include(".caching")

    config.add_static_view("static", "consult:static", cache_max_age=3600)
    config.add_static_view("deform-static", "deform:static", cache_max_age=3600)
    config.commit()
    return config


# The packages whose evolve.py registers evolution steps (each one's includeme
# includes it too); a test keeps this list and the application's in step.
EVOLVING = (
    "resources",
    "accounts",
    "consultations",
    "organisations",
    "verification",
    "petitions",
    "appeals",
    "feedback",
    "responses",
    "juries",
    "content",
    "notifications",
    "changes",
    "campaigns",
    "signals",
    "audit",
)


#: The settings an evolution step reads (e.g. appeals' step 34 counts
#: working days with the site's calendar).
EVOLUTION_SETTINGS = ("consult.workdays.transfers",)


def evolution_steps(values=None):
    """The application's evolution steps (resources.evolution.EvolutionSteps),
    registered by the capabilities as in the application, for the console
    commands and tests, which open a database without the whole application;
    the typed settings `values` (settings.read_settings) that a step reads
    (EVOLUTION_SETTINGS) reach it."""
    if values is None:
        return _evolution_steps(None)
    return _evolution_steps(tuple((name, values[name]) for name in EVOLUTION_SETTINGS))


@cache
def _evolution_steps(values):
    config = Configurator()
    if values is not None:
        config.registry.consult_settings = dict(values)
    for package in EVOLVING:
        config.include(f"consult.{package}.evolve")
    config.commit()
    return config.registry.evolution_steps
