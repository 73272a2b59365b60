"""Setting a jury up: its settings, its features (the census ones and the
organisers' own) and its quotas. Part of juries.services.JuryService."""

from datetime import timedelta

from ...i18n import _
from ...layout import LOCAL_ZONE
from ..features import FEATURES, census_quotas
from ..interfaces import JuryError
from ..lottery import data as lottery_data
from ..models import Jury
from .custom_features import FeatureError, make_feature

MIN_PANEL, MAX_PANEL = 15, 25


class JurySetup:
    """The set-up part of the jury service; reads `self.clock`."""

    def check_settings(self, data):
        if not MIN_PANEL <= data["panel_size"] <= MAX_PANEL:
            raise JuryError(
                _(
                    "A panel has from ${min} to ${max} members.",
                    mapping={"min": MIN_PANEL, "max": MAX_PANEL},
                ),
                "panel_size",
            )
        if data["recruitment_closes"] <= data["recruitment_opens"]:
            raise JuryError(_("Recruitment must close after it opens."), "recruitment_closes")
        if not data["features"]:
            raise JuryError(_("Choose at least one feature to stratify by."), "features")
        if not any((data["remit"] or {}).values()):
            raise JuryError(
                _("Write the question put to the jury in at least one language."), "remit_ru"
            )
        deadline = data.get("answer_deadline")
        if deadline is not None:
            # The deadline is the end of a day; that day must follow the last session.
            day = (deadline - timedelta(seconds=1)).astimezone(LOCAL_ZONE).date()
            if data["sessions"] and day <= max(data["sessions"]):
                raise JuryError(
                    _("The ministry answers after the last session: choose a later deadline."),
                    "answer_deadline",
                )
            if deadline <= data["recruitment_closes"]:
                raise JuryError(
                    _("The ministry answers after recruitment closes: choose a later deadline."),
                    "answer_deadline",
                )

    def create(self, juries, name, consultation, data, creator):
        self.check_settings(data)
        if name in juries:
            raise JuryError(_("This address is taken; choose another."), "name")
        quotas = census_quotas(data["features"], data["panel_size"])
        jury = Jury(
            consultation,
            data["remit"],
            data["panel_size"],
            data["recruitment_opens"],
            data["recruitment_closes"],
            data["sessions"],
            data["features"],
            quotas,
            self.clock.now(),
            creator.id,
        )
        jury.algorithm = data.get("algorithm") or lottery_data.DEFAULT_ALGORITHM
        jury.answer_deadline = data.get("answer_deadline")
        juries.add_jury(name, jury)
        jury.grant_local_role(creator.id, "organiser")
        return jury

    def update(self, jury, data):
        # The form chooses among the default features; the organisers' own
        # stay in use until removed (remove_feature).
        chosen = set(data["features"])
        data = dict(
            data,
            features=tuple(key for key in FEATURES if key in chosen)
            + tuple(feature.key for feature in jury.custom_features),
        )
        self.check_settings(data)
        if jury.applicants and tuple(data["features"]) != jury.features:
            raise JuryError(
                _(
                    "The features cannot change once people have applied: their "
                    "answers would no longer match."
                ),
                "features",
            )
        resized = data["panel_size"] != jury.panel_size
        jury.remit = dict(data["remit"])
        jury.panel_size = data["panel_size"]
        jury.recruitment_opens = data["recruitment_opens"]
        jury.recruitment_closes = data["recruitment_closes"]
        jury.sessions = tuple(data["sessions"])
        jury.algorithm = data.get("algorithm") or jury.algorithm
        if "answer_deadline" in data:
            jury.answer_deadline = data["answer_deadline"]
        if tuple(data["features"]) != jury.features or resized:
            jury.features = tuple(data["features"])
            jury.quotas = census_quotas(jury.features, jury.panel_size, lookup=jury.feature)
        return jury

    def _refuse_if_applied(self, jury, field):
        if jury.applicants:
            raise JuryError(
                _(
                    "The features cannot change once people have applied: their "
                    "answers would no longer match."
                ),
                field,
            )

    def add_feature(self, jury, names, values_text):
        """Define a feature of the organisers' own (names: language -> name;
        values as features.VALUES_HELP says) and stratify by it: its quotas
        come from its shares, the other features' quotas are kept."""
        self._refuse_if_applied(jury, "values")
        taken = set(FEATURES) | {feature.key for feature in jury.custom_features}
        try:
            feature = make_feature(names, values_text, taken)
        except FeatureError as error:
            raise JuryError(error.message, error.field) from None
        jury.custom_features = (*jury.custom_features, feature)
        jury.features = (*jury.features, feature.key)
        jury.quotas = {**jury.quotas, **census_quotas((feature,), jury.panel_size)}
        return feature

    def remove_feature(self, jury, key):
        """Remove one of the organisers' own features, and its quotas."""
        self._refuse_if_applied(jury, None)
        if key not in {feature.key for feature in jury.custom_features}:
            raise JuryError(
                _(
                    "This feature is not one of this jury's own: choose the default "
                    "features in the settings."
                )
            )
        if jury.features == (key,):
            raise JuryError(_("Choose at least one feature to stratify by."))
        jury.custom_features = tuple(f for f in jury.custom_features if f.key != key)
        jury.features = tuple(f for f in jury.features if f != key)
        jury.quotas = {f: values for f, values in jury.quotas.items() if f != key}

    def set_quotas(self, jury, quotas):
        """Replace the quotas, after checking them: 0 <= min <= max <= panel
        size, and for each feature the minimums add up to at most the panel
        and the maximums to at least it."""
        checked = {}
        for feature in jury.features:
            values = {}
            for value in jury.feature(feature).keys:
                low, high = quotas[feature][value]
                if low < 0 or high < low or high > jury.panel_size:
                    raise JuryError(
                        _(
                            "${feature}: each minimum must be from 0 to its maximum, "
                            "and each maximum at most the panel size (${size}).",
                            mapping={"feature": feature, "size": jury.panel_size},
                        ),
                        feature,
                    )
                values[value] = (low, high)
            if sum(v[0] for v in values.values()) > jury.panel_size:
                raise JuryError(
                    _(
                        "${feature}: the minimums add up to more than the panel (${size}).",
                        mapping={"feature": feature, "size": jury.panel_size},
                    ),
                    feature,
                )
            if sum(v[1] for v in values.values()) < jury.panel_size:
                raise JuryError(
                    _(
                        "${feature}: the maximums add up to less than the panel (${size}).",
                        mapping={"feature": feature, "size": jury.panel_size},
                    ),
                    feature,
                )
            checked[feature] = values
        jury.quotas = checked
        return checked
