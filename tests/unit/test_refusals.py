"""Every refusal a person can act on is a `Refusal`: its message
(translatable) and the field it belongs to, declared once."""

import ast
from pathlib import Path

import pytest

from consult.accounts.interfaces import AccountError
from consult.archives import ArchiveDamaged, ArchiveRefused
from consult.consultations.interfaces import ConsultationError
from consult.consultations.parsing import DraftParseError
from consult.feedback.interfaces import FeedbackError, VerificationRequired
from consult.i18n import _
from consult.juries.findings.interfaces import FindingsError
from consult.juries.interfaces import JuryError
from consult.juries.recruitment.custom_features import FeatureError
from consult.juries.workspace.interfaces import ConcurrentEdit, WorkspaceError
from consult.refusals import Refusal
from consult.responses.interfaces import ResponseError
from consult.signals.interfaces import SignalError
from consult.verification.census import CensusFileError
from consult.verification.interfaces import VerificationError

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "consult"
REFUSALS = (
    AccountError,
    ArchiveRefused,
    CensusFileError,
    ConsultationError,
    DraftParseError,
    FeatureError,
    FeedbackError,
    FindingsError,
    JuryError,
    ResponseError,
    SignalError,
    VerificationError,
)
#: Classes that carry a `message` of their own and are not refusals.
NOT_REFUSALS = {
    # The lottery's own English account of a failed draw, for the organisers' log.
    "LotteryError",
}

MESSAGE = _("Please write at least ${limit} characters.", mapping={"limit": 30})


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda cls: cls.__name__)
def test_each_refusal_is_a_refusal_and_a_value_error(refusal):
    assert issubclass(refusal, Refusal) and issubclass(refusal, ValueError)
    error = refusal(MESSAGE)
    assert error.message is MESSAGE


def test_a_refusal_keeps_its_message_and_its_field():
    error = Refusal(MESSAGE, "reason")
    assert error.message is MESSAGE and error.field == "reason"
    assert Refusal(MESSAGE).field is None
    # Logs and the command line read the sentence, its values filled in.
    assert str(error) == "Please write at least 30 characters."
    assert str(Refusal("plain text")) == "plain text"


def test_the_refusals_of_a_capability_keep_their_own_names():
    with pytest.raises(FeedbackError):
        raise VerificationRequired(MESSAGE)
    with pytest.raises(JuryError):
        raise WorkspaceError(MESSAGE, "title", forbidden=True)
    with pytest.raises(ArchiveRefused):
        raise ArchiveDamaged(MESSAGE)
    with pytest.raises(FeedbackError):
        raise FeedbackError(MESSAGE)
    assert not issubclass(FeedbackError, JuryError)


def test_the_special_refusals_keep_what_they_add():
    forbidden = WorkspaceError(MESSAGE, "title", forbidden=True)
    assert (forbidden.message, forbidden.field, forbidden.forbidden) == (MESSAGE, "title", True)
    assert WorkspaceError(MESSAGE).forbidden is False
    concurrent = ConcurrentEdit("the latest revision", 3)
    assert isinstance(concurrent, WorkspaceError) and concurrent.field == "text"
    assert (concurrent.latest, concurrent.count, concurrent.forbidden) == (
        "the latest revision",
        3,
        False,
    )
    assert "Someone saved this recommendation" in concurrent.message
    assert FeatureError(MESSAGE).field == "values"
    assert FeatureError(MESSAGE, "name_ru").field == "name_ru"
    census = CensusFileError(MESSAGE, errors=[(2, MESSAGE)], bad_rows=1)
    assert (census.message, census.errors, census.bad_rows) == (MESSAGE, [(2, MESSAGE)], 1)
    assert VerificationRequired(MESSAGE).verify is True


def _assigns_message(function):
    return any(
        isinstance(node, ast.Attribute)
        and node.attr == "message"
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
        and isinstance(node.ctx, ast.Store)
        for node in ast.walk(function)
    )


def test_no_error_class_copies_the_refusals_init():
    """A new refusal subclasses Refusal rather than storing `message` itself."""
    copies = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.ClassDef) or node.name in NOT_REFUSALS | {"Refusal"}:
                continue
            if any(
                isinstance(item, ast.FunctionDef)
                and item.name == "__init__"
                and _assigns_message(item)
                for item in node.body
            ):
                copies.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert not copies, f"subclass consult.refusals.Refusal instead: {copies}"
