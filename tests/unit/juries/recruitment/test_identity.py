from datetime import date, timedelta

import factories

from consult.juries.models import Juries
from consult.juries.recruitment.identity import keyed_hash, normalize_address, normalize_phone


def test_address_variants_give_one_household():
    same = [
        "г. Алматы, ул. Абая, д. 5 А, кв. 12",
        "Алматы улица абая 5а квартира 12",
        "АЛМАТЫ,  Абая көшесі 5а, пәтер 12",
    ]
    assert len({normalize_address(a) for a in same}) == 1
    assert normalize_address("Алматы, ул. Абая 5а, кв. 13") != normalize_address(same[0])


def test_keyed_hashes_depend_on_the_secret_and_the_jury(service, jury):
    now = service.clock.now()
    data = {
        "remit": {"en": "Schools?"},
        "panel_size": 15,
        "recruitment_opens": now - timedelta(days=1),
        "recruitment_closes": now + timedelta(days=9),
        "sessions": [date(2026, 4, 4)],
        "features": ("gender",),
    }
    other = service.create(
        Juries(),
        "schools",
        "citizens-juries",
        data,
        factories.principal("org@example.kz", "Dana", "O", created=now),
    )
    value = "900517301235"
    assert keyed_hash("secret", "iin", jury, value) == keyed_hash("secret", "iin", jury, value)
    assert keyed_hash("other", "iin", jury, value) != keyed_hash("secret", "iin", jury, value)
    assert keyed_hash("secret", "iin", other, value) != keyed_hash("secret", "iin", jury, value)
    assert keyed_hash("secret", "household", jury, value) != keyed_hash(
        "secret", "iin", jury, value
    )
    assert value not in keyed_hash("secret", "iin", jury, value)


def test_phone_numbers_take_one_form():
    assert normalize_phone("8 (701) 555-00-00") == "+77015550000"
    assert normalize_phone("+7 701 555 0000") == "+77015550000"
    assert normalize_phone("") == ""
