"""What a signer signs with a digital signature."""

from consult.petitions.digital_signing import text_to_sign


def test_the_text_to_sign_is_title_text_and_what_is_asked():
    class Petition:
        title, text, asks = " Title ", "Text\n\nmore", "Asks\n"

    assert text_to_sign(Petition()) == "Title\n\nText\n\nmore\n\nAsks"
