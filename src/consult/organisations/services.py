"""Organisations: creating them, finding the one a ministry's name means,
searching them, and their staff's roles."""

import re
import unicodedata

from zope.interface import implementer

from ..i18n import LANGUAGES, _
from .interfaces import IOrganisationService, OrganisationError
from .models import KINDS, LEVELS, STAFF_ROLES, Organisation
from .territories import load_ministries, load_territories

NAME = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


# The country's name, which a ministry's full name carries and a short one
# leaves out: names are compared without it.
COUNTRY = re.compile(
    r"\b(?:of the republic of kazakhstan|республики казахстан|қазақстан республикасының)\b"
)


def _key(text):
    """A name compared without case, punctuation, runs of spaces or the
    country's name."""
    text = COUNTRY.sub(" ", unicodedata.normalize("NFKC", text or "").casefold())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _address(title, taken):
    """An address for an organisation made from its names: the English one's
    words, else a numbered one."""
    words = re.sub(r"[^a-z0-9]+", "-", _key(title.get("en", "")).encode("ascii", "ignore").decode())
    base = words.strip("-")[:60].strip("-") or "organisation"
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    return name


@implementer(IOrganisationService)
class OrganisationService:
    def __init__(self, organisations):
        self.organisations = organisations

    def territories(self):
        return load_territories()

    def create(self, name, title, kind, level, kato=None):
        title = self._checked(title, kind, level, kato)
        if not name:
            name = _address(title, self.organisations)
        if not NAME.match(name):
            raise OrganisationError(
                _("The address may use only lowercase Latin letters, digits and hyphens.")
            )
        if name in self.organisations:
            raise OrganisationError(_("Another organisation uses this address already."))
        return self.organisations.add(name, Organisation(title, kind, level, kato))

    def update(self, organisation, title, kind, level, kato=None):
        title = self._checked(title, kind, level, kato, editing=organisation)
        organisation.title = title
        organisation.kind = kind
        organisation.level = level
        organisation.kato = kato

    def _checked(self, title, kind, level, kato, editing=None):
        """The names without blanks, once every rule holds for them."""
        title = {
            language: text.strip() for language, text in title.items() if text and text.strip()
        }
        if not title:
            raise OrganisationError(_("Give the organisation a name in at least one language."))
        if kind not in KINDS or level not in LEVELS:
            raise OrganisationError(_("Choose the organisation's kind and level."))
        if kato is not None:
            territory = load_territories().get(kato)
            if territory is None:
                raise OrganisationError(
                    _("There is no territory with the KATO code ${code}.", mapping={"code": kato})
                )
            # A territory's organisations work at its level (an oblast's akimat).
            if territory.level != level:
                raise OrganisationError(_("Choose a territory of the organisation's level."))
        # A consultation's ministry text finds its organisation by name
        # (for_ministry): two organisations of one name could not be told apart.
        same = self._named({_key(text) for text in title.values()}, editing)
        if same is not None:
            raise OrganisationError(
                _(
                    "Another organisation has this name already: ${name}.",
                    mapping={"name": next(iter(same.title.values()))},
                )
            )
        return title

    def _named(self, keys, skip=None):
        for organisation in self.organisations.values():
            if organisation is skip:
                continue
            if keys & {_key(text) for text in organisation.title.values()}:
                return organisation
        return None

    def for_ministry(self, title):
        keys = {_key(text) for text in (title or {}).values()} - {""}
        if not keys:
            return None
        found = self._named(keys)
        if found is not None:
            return found
        for body in load_ministries():
            names = {_key(text) for text in [*body["title"].values(), *body["aliases"]]}
            if keys & names:
                existing = self.organisations.get(body["name"]) or self._named(names)
                if existing is not None:
                    return existing
                return self.create(body["name"], body["title"], body["kind"], "republic")
        ministry = any("ministr" in key or "минист" in key for key in keys)
        return self.create(
            _address(title, self.organisations),
            {language: title.get(language, "") for language in LANGUAGES},
            "ministry" if ministry else "other",
            "republic",
        )

    def choices(self):
        stored = {
            organisation.name: organisation.title for organisation in self.organisations.values()
        }
        names = {_key(text) for title in stored.values() for text in title.values()}
        shipped = {
            body["name"]: body["title"]
            for body in load_ministries()
            if body["name"] not in stored
            and not names & {_key(text) for text in body["title"].values()}
        }
        return {**stored, **shipped}

    def chosen(self, name):
        found = self.organisations.get(name)
        if found is not None:
            return found
        for body in load_ministries():
            if body["name"] == name:
                return self.for_ministry(body["title"])
        return None

    def search(self, query="", level=None):
        words = _key(query).split()
        found = []
        for organisation in self.organisations.values():
            if level and organisation.level != level:
                continue
            names = " ".join(_key(text) for text in organisation.title.values())
            if all(word in names for word in words):
                found.append(organisation)
        return found

    def grant_role(self, organisation, principal, role):
        if role not in STAFF_ROLES:
            raise OrganisationError(_("Choose one of the organisation's roles."))
        if principal is None:
            raise OrganisationError(
                _("No account uses this e-mail address. Ask the person to register first.")
            )
        organisation.grant_local_role(principal.id, role)

    def revoke_role(self, organisation, userid, role):
        if role not in organisation.local_roles.get(userid, ()):
            raise OrganisationError(_("This person does not have that role here."))
        organisation.revoke_local_role(userid, role)


def organisation_service_factory(context, request):
    return OrganisationService(request.root["organisations"])
