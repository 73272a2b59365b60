"""What applicants give, made comparable and unlinkable: addresses and
phone numbers in a canonical form, keyed hashes of the IIN and the household
scoped to one jury, and the signed tokens in invitation links."""

import re
import unicodedata

from ... import hashing


def keyed_hash(secret, purpose, jury, value):
    """The keyed hash (consult.hashing) of an applicant's `value` for
    `purpose` ("iin", "household"), scoped to one jury: equal values give
    equal keys within the jury (the uniqueness checks) but cannot be linked
    across juries."""
    return hashing.keyed_hash(secret, f"consult.juries.{purpose}", jury.uid, value)


_ABBREVIATIONS = {
    # street
    "ул": "street",
    "улица": "street",
    "көшесі": "street",
    "көше": "street",
    "к-сі": "street",
    "st": "street",
    "str": "street",
    "street": "street",
    # avenue
    "пр": "avenue",
    "пр-т": "avenue",
    "проспект": "avenue",
    "даңғылы": "avenue",
    "даңғ": "avenue",
    "ave": "avenue",
    "avenue": "avenue",
    "prospekt": "avenue",
    # micro-district
    "мкр": "district",
    "микрорайон": "district",
    "шағынаудан": "district",
    "ы/а": "district",
    "md": "district",
    "microdistrict": "district",
    # flat
    "кв": "flat",
    "квартира": "flat",
    "пәтер": "flat",
    "apt": "flat",
    "flat": "flat",
    "apartment": "flat",
}
_STREET_KINDS = {"street", "avenue"}
# Words that only say what the next number is: "дом 5" is "5".
_FILLERS = {
    "д",
    "дом",
    "үй",
    "house",
    "h",
    "no",
    "г",
    "город",
    "қ",
    "қаласы",
    "city",
    "обл",
    "область",
    "облысы",
    "region",
    "республика",
    "казахстан",
    "қазақстан",
    "kazakhstan",
    "rk",
    "рк",
}


def normalize_address(address):
    """A canonical form of an address, so that spelling variants of one home
    give one household key: case, ё/е, punctuation, spacing and the usual
    abbreviations in Kazakh, Russian and English are ignored."""
    text = unicodedata.normalize("NFKC", address or "").casefold().replace("ё", "е")
    text = re.sub(r"(\d)\s*([a-zа-яәғқңөұүһі])\b", r"\1\2", text)  # "5 а" -> "5а"
    words = re.findall(r"[\w/-]+", text)
    tokens = []
    for word in words:
        word = word.strip("-/")
        if not word or word in _FILLERS:
            continue
        word = _ABBREVIATIONS.get(word, word)
        # Kazakh puts the kind of street after its name, Russian before:
        # the kind is dropped (a street and an avenue of the same name, with
        # the same numbers, would be taken for one home; rare and harmless).
        if word not in _STREET_KINDS:
            tokens.append(word)
    return " ".join(tokens)


def normalize_phone(phone):
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    return "+" + digits if digits else ""


# -- tokens in invitation links ------------------------------------------------------------


def token_signature(secret, jury, applicant_id, nonce):
    """The signature that ends an invitation token (see `make_token`)."""
    return hashing.keyed_hash(
        secret, "consult.juries.invitation", jury.uid, f"{applicant_id}:{nonce}"
    )[:32]


def make_token(secret, jury, applicant):
    return f"{applicant.id}.{applicant.invitation_nonce}." + token_signature(
        secret, jury, applicant.id, applicant.invitation_nonce
    )
