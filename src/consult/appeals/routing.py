"""The appeals' categories and the rules that route an appeal to an
organisation by category and territory (a mixin of AppealService)."""

import re

from ..i18n import _
from .interfaces import require
from .models import Category

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
ANY = "*"


class Routing:
    """Needs `appeals`, `territories`, `organisations` and `_setting`."""

    def save_category(self, code, title, parent=None):
        categories = self.appeals.categories
        require(
            CODE.match(code or ""), _("A category's code is lowercase Latin letters and digits.")
        )
        title = {language: text.strip() for language, text in title.items() if (text or "").strip()}
        require(title, _("Give the category a name in at least one language."))
        parent = parent or None
        require(parent is None or parent in categories.items, _("Choose a known parent category."))
        require(
            parent is None or code not in categories.chain(parent),
            _("A category cannot be placed under itself."),
        )
        existing = categories.get(code)
        if existing is None:
            categories.items[code] = Category(code, title, parent)
            return categories.items[code]
        existing.title, existing.parent = title, parent
        return existing

    def territory_chain(self, kato):
        found = []
        while kato in self.territories and kato not in found:
            found.append(kato)
            kato = self.territories[kato].parent
        return found

    def set_rule(self, category, kato, organisation):
        require(
            category == ANY or self.appeals.categories.get(category) is not None,
            _("Choose a known category."),
        )
        require(kato == ANY or kato in self.territories, _("Choose a known territory."))
        require(organisation in self.organisations, _("Choose a known organisation."))
        self.appeals.rules[(category, kato)] = organisation

    def remove_rule(self, category, kato):
        if (category, kato) not in self.appeals.rules:
            return False
        del self.appeals.rules[(category, kato)]
        return True

    def route(self, category, kato):
        rules = self.appeals.rules
        for code in [*self.appeals.categories.chain(category), ANY]:
            for place in [*self.territory_chain(kato), ANY]:
                if (code, place) in rules:
                    return rules[(code, place)], (code, place)
        return self._setting("fallback_organisation"), None
