"""The verifier registry: built-ins, a verifier added by another package
through `config.add_verifier`, and the levels a consultation may require."""

import pytest
from pyramid import testing
from zope.interface import implementer

from consult.verification.interfaces import IVerifier
from consult.verification.registry import get_verifier, levels, verifiers


@implementer(IVerifier)
class SignatureVerifier:
    """What a national digital-signature verifier would look like."""

    name = "signature"
    title = "Digital signature"
    level = 3
    self_service = True

    def schema(self):
        return None

    def status(self, principal):
        return None

    def verify(self, request, principal, data):
        raise NotImplementedError


@pytest.fixture
def config():
    config = testing.setUp(settings={"consult.session_secret": "s"})
    config.include("consult.verification")
    yield config
    testing.tearDown()


def test_built_in_verifiers(config):
    config.commit()
    assert [(v.name, v.level) for v in verifiers(config.registry)] == [
        ("email", 1),
        ("census", 2),
        ("staff", 2),
    ]
    assert [level for level, _found in levels(config.registry)] == [1, 2]


def test_another_package_adds_a_verifier(config):
    config.add_verifier(SignatureVerifier())
    config.commit()
    assert [v.name for v in verifiers(config.registry)] == ["email", "census", "staff", "signature"]
    assert isinstance(get_verifier(config.registry, "signature"), SignatureVerifier)
    assert [(level, [v.name for v in found]) for level, found in levels(config.registry)] == [
        (1, ["email"]),
        (2, ["census", "staff"]),
        (3, ["signature"]),
    ]


def test_a_verifier_can_be_replaced_by_name(config):
    replacement = SignatureVerifier()
    replacement.name = "census"
    config.commit()
    config.add_verifier(replacement)
    config.commit()
    assert get_verifier(config.registry, "census") is replacement


def test_only_verifiers_are_accepted(config):
    with pytest.raises(TypeError):
        config.add_verifier(object())


def test_unknown_names(config):
    config.commit()
    assert get_verifier(config.registry, "nope") is None
    assert get_verifier(config.registry, None) is None
