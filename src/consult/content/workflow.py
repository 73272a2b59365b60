"""The publication workflow (Plone's simple publication workflow): private →
pending review → published, and back. Editors create and submit; a reviewer
publishes or sends back with a comment; a published item is retracted by a
reviewer. The permissions are granted to roles in resources.models.SITE_ACL
("edit" to editors, "review" to reviewers)."""

from dataclasses import dataclass

from ..i18n import _


@dataclass(frozen=True)
class Step:
    name: str
    sources: tuple
    target: str
    permission: str
    title: object
    needs_comment: bool = False


STEPS = {
    step.name: step
    for step in (
        Step("submit", ("private",), "pending", "edit", _("Submit for review")),
        Step("withdraw", ("pending",), "private", "edit", _("Withdraw the submission")),
        Step("publish", ("private", "pending"), "published", "review", _("Publish")),
        Step(
            "send_back",
            ("pending",),
            "private",
            "review",
            _("Send back to the editor"),
            needs_comment=True,
        ),
        Step("retract", ("published",), "private", "review", _("Retract")),
    )
}

STATE_TITLES = {
    "private": _("Private"),
    "pending": _("Pending review"),
    "published": _("Published"),
}


def steps_from(state):
    """The steps that start in `state`, in a fixed order."""
    return [step for step in STEPS.values() if state in step.sources]
