"""The settings of petitions, with Kazakhstan's defaults (Law "On public
control", 2023): 50 sponsors before moderation, 20 working days of
moderation, and per addressee the signatures that oblige an answer: the
Government 50 000, a city akimat 2 500, a city maslikhat 5 000, an oblast
akimat 1 % of its residents, an oblast maslikhat 2 %. The collection period
(6 months in 2022 reports) and the answer's deadline are not confirmed for
the final law: operators set them."""

from .kinds import OPTIONAL, Kind, Setting, whole


def parse_threshold(text):
    """("count", n) for "2500", ("share", 0.01) for "1%" (of the residents
    of the addressee's territory)."""
    text = text.strip()
    if text.endswith("%"):
        try:
            share = float(text[:-1]) / 100
        except ValueError:
            raise ValueError("must be a whole number or a percentage like 1%") from None
        if not 0 < share <= 1:
            raise ValueError("must be a percentage above 0 and at most 100")
        return ("share", share)
    return ("count", whole(1).parse(text))


THRESHOLD = Kind("a whole number, or a percentage of the residents like `1%`", parse_threshold)

# The addressees whose rules differ (petitions.models.ADDRESSEES):
# (category, signatures, collection days, answer's working days).
_ADDRESSEES = (
    ("government", "50000", "180", "30"),
    ("city_akimat", "2500", "180", "30"),
    ("city_maslikhat", "5000", "180", "30"),
    ("oblast_akimat", "1%", "180", "30"),
    ("oblast_maslikhat", "2%", "180", "30"),
    ("district_akimat", "1%", "180", "30"),
    ("district_maslikhat", "2%", "180", "30"),
    ("local_body", "1%", "180", "30"),
)


def _per_addressee(category, signatures, days, answer_days):
    who = category.replace("_", " ")
    return (
        Setting(
            f"consult.petitions.threshold.{category}",
            THRESHOLD,
            signatures,
            f"signatures that oblige an answer from a {who} (`n` or `p%` of residents)",
        ),
        Setting(
            f"consult.petitions.collection_days.{category}",
            whole(1),
            days,
            f"days a petition to a {who} collects signatures",
        ),
        Setting(
            f"consult.petitions.answer_working_days.{category}",
            whole(1),
            answer_days,
            f"working days a {who} has to answer a petition that reached its threshold",
        ),
    )


# The verification level whose signatures count toward an addressee's
# threshold. The law's portal counts only eGov digital signatures (level 3);
# the default is identity (2: the census list or a staff check), which
# already makes one signature one real person (an e-mail address, level 1,
# does not: one person has many) and which a site without the NCALayer
# signature verifier can reach. Set 3 where digital signatures are checked.
SIGNATURE_LEVELS = tuple(
    Setting(
        f"consult.petitions.signature_level.{category}",
        whole(0),
        "2",
        f"verification level (1 e-mail, 2 identity, 3 digital signature) of the signatures "
        f"counted toward a {category.replace('_', ' ')}'s threshold",
    )
    for category, *_defaults in _ADDRESSEES
)

PETITIONS = (
    "Petitions",
    (
        Setting(
            "consult.petitions.sponsors",
            whole(1),
            "50",
            "sponsors a petition needs (reachable by its link only) before moderation",
        ),
        Setting(
            "consult.petitions.moderation_working_days",
            whole(1),
            "20",
            "working days moderators have to approve or reject a petition",
        ),
        Setting(
            "consult.petitions.author_level",
            whole(0),
            "2",
            "verification level (1 e-mail, 2 identity, 3 signature) to draft a petition",
        ),
        Setting(
            "consult.workdays.transfers",
            OPTIONAL,
            "",
            "a CSV of the Government's transfers of days off (none: the shipped table)",
        ),
        *(setting for row in _ADDRESSEES for setting in _per_addressee(*row)),
        *SIGNATURE_LEVELS,
        # With the page cache's 5 + 30 s (consult.cache.*), a public count
        # is at most 55 s old: the 60 s the petitions promise.
        Setting(
            "consult.petitions.counts_seconds",
            whole(0),
            "20",
            "seconds a process reuses a petition's counts per level, territory and hour "
            "(0: read them on every request)",
        ),
    ),
)
