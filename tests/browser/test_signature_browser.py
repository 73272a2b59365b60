"""Verifying by digital signature as a person does it, with a test CA as the
NCA root: the account page leads to the text to sign; where NCALayer does
not answer the page says so and the signature is pasted; the account is
then at level 3. Every page passes an accessibility scan."""

from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import expect
from signing_ca import TestCA, sign

from consult import iin

pytestmark = pytest.mark.browser

AIGERIM = iin.make(date(1990, 5, 17), "f", 12)


@pytest.fixture(scope="module")
def ca():
    return TestCA()


@pytest.fixture
def settings(settings, ca, tmp_path):
    return dict(
        settings,
        **{
            "consult.verification.nca_roots": ca.write_root(tmp_path / "root.pem"),
            "consult.verification.nca_intermediates": ca.write_intermediate(
                tmp_path / "intermediate.cer"
            ),
        },
    )


def test_verifying_with_a_pasted_signature(citizen, page, ca, sign_in, assert_accessible):
    email_address, password = citizen
    sign_in(page, email_address, password)
    page.goto("/account")
    page.get_by_role("link", name="Verify with your digital signature").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify with your digital signature")
    assert_accessible(page)
    # The script offers NCALayer; it does not run here, and the page says so.
    page.get_by_role("button", name="Sign with NCALayer").click()
    expect(page.get_by_role("status")).to_contain_text("NCALayer did not answer")
    text = page.locator("#text-to-sign").text_content()
    cert, key = ca.person(AIGERIM, start=datetime.now(UTC) - timedelta(days=1))
    page.get_by_label("Your signature (CMS, base64)").fill(sign(text, cert, key))
    page.get_by_role("button", name="Send the signature").click()
    expect(page.get_by_text("Thank you: you are verified")).to_be_visible()
    expect(page.locator("#verification")).to_contain_text("A digital signature")
    assert_accessible(page)
    assert AIGERIM not in page.content()
