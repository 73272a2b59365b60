"""How much one report counts towards hiding a comment.

Three reports from accounts opened minutes earlier used to hide a comment,
even one the ministry had answered (issue 15, item 12): an account costs an
e-mail address. A report now weighs what its author's account is worth:

    consult.report_weight.new_account_hours = 24   younger accounts weigh at most...
    consult.report_weight.new_account = 0          ...this
    consult.report_weight.email = 1                a confirmed address
    consult.report_weight.identity = 2             a verified identity (census, staff, signature)

and a comment is hidden when the weight of its reports since the last
review reaches `consult.reports_to_hide` (FeedbackService.report). Every
report is kept and shown to the moderators, whatever it weighs. The
settings' defaults and checks (numbers, none negative) are in
consult.settings."""

from dataclasses import dataclass
from datetime import timedelta

from ..settings import as_settings
from ..verification.interfaces import EMAIL, IDENTITY
from ..verification.models import level_of

PREFIX = "consult.report_weight."


@dataclass(frozen=True)
class ReportWeights:
    new_account: timedelta = timedelta(hours=24)
    new_account_weight: float = 0.0
    email: float = 1.0
    identity: float = 2.0

    @classmethod
    def from_settings(cls, settings):
        """The weights the settings give (ValueError naming a setting that
        is not a number, or is negative)."""
        settings = as_settings(settings)
        return cls(
            new_account=timedelta(hours=settings[PREFIX + "new_account_hours"]),
            new_account_weight=settings[PREFIX + "new_account"],
            email=settings[PREFIX + "email"],
            identity=settings[PREFIX + "identity"],
        )

    def weight_of(self, person, now):
        """What a report by `person` (a principal) made at `now` weighs."""
        if person is None:
            return 0.0
        level = level_of(person)
        if level >= IDENTITY:
            weight = self.identity
        elif level >= EMAIL:
            weight = self.email
        else:
            weight = 0.0
        created = getattr(person, "created", None)
        if created is None or now - created < self.new_account:
            weight = min(weight, self.new_account_weight)
        return weight
