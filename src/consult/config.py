"""Assemble the application: one place for the WSGI app, console scripts and tests."""
import os

from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory
from pyramid.settings import asbool

from .accounts.sessions import SessionRules
from .templating import serialise_compilation
from .urls import SETTING as PUBLIC_URL
from .urls import read_public_url

# Settings that may come from the environment instead of the ini file,
# so that secrets never have to live in a committed file.
ENVIRONMENT_OVERRIDES = {
    "CONSULT_SESSION_SECRET": "consult.session_secret",
    "CONSULT_ZODB_URI": "zodbconn.uri",
    "CONSULT_MAIL_DIRECTORY": "mail.debug_directory",
    "CONSULT_PUBLIC_URL": "consult.public_url",
}

DEFAULTS = {
    # Conflicts are resolved by re-running the request; under a burst of
    # posts a request may need more than two retries (issue 6's benchmark).
    "retry.attempts": "5",
    "tm.manager_hook": "pyramid_tm.explicit_manager",
    # An unsafe request without its CSRF token never commits (csrf.py).
    "tm.commit_veto": "consult.csrf.commit_veto",
    "pyramid.default_locale_name": "ru",
    # The weight of reports that hides a comment (one report of a confirmed
    # account weighs 1; consult.feedback.report_weight).
    "consult.reports_to_hide": "3",
    "consult.report_weight.new_account_hours": "24",
    "consult.report_weight.new_account": "0",
    "consult.report_weight.email": "1",
    "consult.report_weight.identity": "2",
    "consult.edit_window_minutes": "15",
    "consult.comments_per_page": "20",
    "consult.max_comment_length": "10000",
    # Addenda: what an author adds under a comment whose text is frozen.
    "consult.max_addendum_length": "2000",
    "consult.max_addenda": "5",
    "consult.search.backend": "whoosh",
}


def with_environment(settings):
    """`settings` with those the environment gives (ENVIRONMENT_OVERRIDES)
    put in their place: the site and the console scripts read the same."""
    settings = dict(settings)
    for variable, key in ENVIRONMENT_OVERRIDES.items():
        if os.environ.get(variable):
            settings[key] = os.environ[variable]
    return settings


def configure(settings=None):
    serialise_compilation()
    settings = with_environment(dict(DEFAULTS, **(settings or {})))
    secret = settings.get("consult.session_secret")
    if not secret:
        raise ValueError("consult.session_secret must be set (or CONSULT_SESSION_SECRET)")
    # Links in mail and downloads are built from it, never from the Host header.
    settings[PUBLIC_URL] = read_public_url(settings.get(PUBLIC_URL))

    config = Configurator(settings=settings)
    session_rules = SessionRules.from_settings(settings)
    config.set_session_factory(
        SignedCookieSessionFactory(
            secret,
            # A session lasts `consult.session.idle_minutes` (20) from the last
            # request (accounts.sessions checks it on the injected clock; this
            # is the cookie's own backstop on the system clock); its cookie is
            # signed again at most every 2 minutes (Pyramid's rule of thumb, a
            # tenth of the timeout), not on every page as with reissue_time=0.
            timeout=int(session_rules.idle.total_seconds()),
            reissue_time=int(session_rules.refresh.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=asbool(settings.get("consult.secure_cookies", False)),
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
    config.include("pyramid_chameleon")

    config.include(".i18n")
    config.include(".clock")
    config.include(".mail")
    config.include(".resources")
    config.include(".audit")
    config.include(".layout")
    config.include(".limits")
    config.include(".accounts")
    config.include(".verification")
    config.include(".consultations")
    config.include(".feedback")
    config.include(".responses")
    config.include(".juries")
    config.include(".reports")
    config.include(".search")
    config.include(".campaigns")
    config.include(".signals")
    config.include(".errors")
    # Bodies are bounded per view and checked before anything parses them;
    # every response carries the security headers (docs/security.md, 6 and 7).
    config.include(".bodies")
    config.include(".headers")

    config.add_static_view("static", "consult:static", cache_max_age=3600)
    config.add_static_view("deform-static", "deform:static", cache_max_age=3600)
    config.commit()
    return config
