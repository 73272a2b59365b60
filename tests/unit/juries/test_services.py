from datetime import UTC, date, datetime, timedelta

import factories
import pytest
from pyramid.authorization import ACLHelper, Everyone

from consult import iin
from consult.accounts.models import Principals
from consult.clock import FixedClock
from consult.juries.features import DEFAULT_FEATURES, FEATURES, census_quotas
from consult.juries.interfaces import JuryError
from consult.juries.lottery import seeds
from consult.juries.models import Juries
from consult.juries.recruitment.identity import make_token
from consult.juries.services import JuryService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Mailer:
    def __init__(self):
        self.sent = []
        self.languages = []  # the language each message was sent in

    def send(self, to, subject, body, language=None):
        self.languages.append(language)
        self.sent.append((to, subject, body))


@pytest.fixture
def service():
    principals = Principals()
    return JuryService(
        FixedClock(NOW),
        "secret",
        mailer=Mailer(),
        principals=principals,
        link=lambda jury, name, query: f"/{name or ''}?{(query or {}).get('token')}",
    )


@pytest.fixture
def jury(service):
    return factories.jury(Juries(), service)


def application(number, **changes):
    data = {
        "name": f"Person {number}",
        "email": f"p{number}@example.kz",
        "phone": "87015550000",
        "iin": iin.make(date(1980, 1, 1), "m", number * 3)
        or iin.make(date(1980, 1, 2), "m", number * 3),
        "address": f"Astana, Abai avenue {number}",
        "answers": {"gender": "female", "language": "kk"},
    }
    data.update(changes)
    return data


def test_the_regions_are_the_current_official_list():
    regions = FEATURES["region"].values
    assert len(regions) == 20  # 17 regions and 3 cities of national significance
    names = {v.names["en"] for v in regions}
    assert {
        "Abai Region",
        "Jetisu Region",
        "Ulytau Region",
        "Astana (city)",
        "Almaty (city)",
        "Shymkent (city)",
    } <= names
    assert sum(v.share for v in regions) == pytest.approx(1)


@pytest.mark.parametrize("size", [15, 20, 25])
def test_census_quotas_are_consistent(size):
    quotas = census_quotas(DEFAULT_FEATURES, size)
    for values in quotas.values():
        assert sum(low for low, _ in values.values()) <= size
        assert sum(high for _, high in values.values()) >= size
        assert all(0 <= low <= high <= size for low, high in values.values())


def test_panel_size_is_checked(service, jury):
    with pytest.raises(JuryError):
        service.check_settings(
            {
                "panel_size": 14,
                "recruitment_opens": NOW,
                "recruitment_closes": NOW + timedelta(1),
                "features": ("gender",),
                "remit": {"en": "x"},
            }
        )


def test_one_application_per_person_and_household(service, jury):
    applicant = service.apply(jury, application(1), "ru")
    assert applicant.iin_key != application(1)["iin"]
    assert "Abai" not in repr(vars(applicant))
    # The same IIN, or the same home spelt otherwise: not kept, and no error.
    assert service.apply(jury, application(2, iin=application(1)["iin"]), "ru") is None
    assert service.apply(jury, application(3, address="astana  ABAI avenue 1"), "ru") is None
    assert len(jury.applicants) == 1 and jury.applicants.refused() == 2
    # Mistakes in the form itself are still refused, with the field.
    with pytest.raises(JuryError) as raised:
        service.apply(jury, application(4, iin="900517301236"), "ru")
    assert raised.value.field == "iin"
    with pytest.raises(JuryError):  # 17 years old
        service.apply(jury, application(5, iin=iin.make(date(2008, 6, 1), "f", 5)), "ru")
    with pytest.raises(JuryError) as raised:
        service.apply(jury, application(6, answers={"gender": "female"}), "ru")
    assert raised.value.field == "language"
    assert len(jury.applicants) == 1


def test_every_address_given_gets_the_same_receipt_and_the_first_applicant_the_truth(service, jury):
    sent = service.mailer.sent
    service.apply(jury, application(1), "ru")
    kept_receipt = sent[-1]
    assert len(sent) == 1 and kept_receipt[0] == "p1@example.kz"

    service.apply(jury, application(2, iin=application(1)["iin"]), "ru")
    receipt, notice = sent[1:]
    assert receipt[0] == "p2@example.kz"
    assert receipt[1] == kept_receipt[1]
    assert receipt[2].mapping == dict(kept_receipt[2].mapping, name="Person 2")
    assert str(receipt[2]) == str(kept_receipt[2])
    assert notice[0] == "p1@example.kz"
    assert "another application with the IIN you gave" in notice[2]
    assert notice[2].mapping["name"] == "Person 1"

    service.apply(jury, application(3, address="Astana, Abai ave. 1"), "ru")
    receipt, notice = sent[3:]
    assert receipt[0] == "p3@example.kz" and str(receipt[2]) == str(kept_receipt[2])
    assert notice[0] == "p1@example.kz"
    assert "from the home address you gave" in notice[2]
    # Nothing of the second and third applicants reaches the first.
    assert "Person 2" not in repr(sent[2]) and "Person 3" not in repr(sent[4])
    assert "p2@" not in repr(sent[2]) and "p3@" not in repr(sent[4])


def test_quotas_are_checked(service, jury):
    with pytest.raises(JuryError):
        service.set_quotas(
            jury,
            {
                "gender": {"female": (10, 12), "male": (6, 8)},
                "language": {"kk": (0, 15), "ru": (0, 15)},
            },
        )
    with pytest.raises(JuryError):
        service.set_quotas(
            jury,
            {
                "gender": {"female": (0, 5), "male": (0, 5)},
                "language": {"kk": (0, 15), "ru": (0, 15)},
            },
        )
    service.set_quotas(
        jury,
        {"gender": {"female": (7, 8), "male": (7, 8)}, "language": {"kk": (0, 15), "ru": (0, 15)}},
    )
    assert jury.quotas["gender"]["female"] == (7, 8)


def test_the_seed_is_announced_as_a_hash_and_the_pool_is_pseudonymous(service, jury):
    for number in range(1, 4):
        service.apply(jury, application(number), "ru")
    with pytest.raises(JuryError):  # recruitment still open
        service.announce_draw(jury, "maximin")
    service.clock.advance(timedelta(days=10))
    draw = service.announce_draw(jury, "nash")
    assert draw.seed_hash == seeds.seed_hash(draw.seed)
    with pytest.raises(JuryError):  # one at a time
        service.announce_draw(jury, "maximin")
    service.start_draw(jury, draw)
    text = repr(draw.inputs)
    for applicant in jury.applicants.values():
        assert applicant.id not in text and applicant.name not in text
        assert applicant.email not in text
    assert sorted(draw.pseudonyms.values()) == sorted(jury.applicants.keys())
    assert draw.inputs["algorithm"] == "nash"


def test_invitation_tokens(service, jury):
    applicant = service.apply(jury, application(1), "en")
    applicant.status = "selected"
    assert service.invite(jury) == [applicant]
    token = make_token("secret", jury, applicant)
    assert service.redeem(jury, token) is applicant
    for forged in (
        token[:-1] + ("0" if token[-1] != "0" else "1"),
        "",
        "x.y.z",
        make_token("other secret", jury, applicant),
    ):
        with pytest.raises(JuryError):
            service.redeem(jury, forged)
    principal = service.accept(jury, applicant, "initial", "long password here")
    assert principal.confirmed and "juror" in jury.local_roles[principal.id]
    with pytest.raises(JuryError):
        service.redeem(jury, token)
    invitation = service.mailer.sent[-1]
    assert invitation[0] == "p1@example.kz" and "drawn" in invitation[1]


def test_the_jury_acl_keeps_applicant_data_to_its_organisers(jury):
    helper = ACLHelper()
    organiser = jury.created_by
    assert helper.permits(jury, [Everyone, f"user:{organiser}"], "manage_jury")
    for principals in (
        [Everyone],
        [Everyone, "user:someone", "role:organiser"],
        [Everyone, "role:editor", "role:juror"],
    ):
        assert not helper.permits(jury, principals, "manage_jury")
    assert helper.permits(jury, [Everyone, "role:administrator"], "manage_jury")
