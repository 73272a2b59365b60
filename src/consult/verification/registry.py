"""Verifiers registered by name in the Pyramid registry."""

from pyramid.renderers import render

from ..i18n import _
from .interfaces import EMAIL, IVerifier

LEVEL_TITLES = {
    1: _("A confirmed e-mail address"),
    2: _("A verified identity"),
    3: _("A digital signature"),
}


def add_verifier(config, verifier):
    """`config.add_verifier(verifier)`: register (or replace, by name) a
    verifier providing IVerifier."""
    if not IVerifier.providedBy(verifier):
        raise TypeError(f"{verifier!r} does not provide IVerifier")

    def register():
        config.registry.registerUtility(verifier, IVerifier, name=verifier.name)

    config.action(("consult.verifier", verifier.name), register)


def verifiers(registry):
    """Every registered verifier, weakest first, then by name."""
    found = [utility for _name, utility in registry.getUtilitiesFor(IVerifier)]
    return sorted(found, key=lambda verifier: (verifier.level, verifier.name))


def get_verifier(registry, name):
    return registry.queryUtility(IVerifier, name=name or "")


def levels(registry):
    """[(level, [verifiers of that level])] for every level a consultation
    may require, weakest first: each level some verifier offers, from the
    e-mail level up."""
    by_level = {}
    for verifier in verifiers(registry):
        if verifier.level >= EMAIL:
            by_level.setdefault(verifier.level, []).append(verifier)
    return sorted(by_level.items())


def level_title(level):
    return LEVEL_TITLES.get(level, _("Level ${level}", mapping={"level": level}))


def verification_panel(request, error=None):
    """The verification part of the account page (request method)."""
    from .views import panel_values  # views imports this module: a cycle inside verification

    return render(
        "consult:templates/verification/panel.pt",
        panel_values(request, error=error),
        request=request,
    )
