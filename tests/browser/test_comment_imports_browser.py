"""An editor imports letters received by post from the consultation's page:
the file is checked by the background worker while the page reloads itself
(no script), the report lists what would be imported and what cannot be,
then the import runs and the page follows it to its end."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

LETTERS = (
    "Ref,Name,Comment,Received,Article,How\n"
    "17,Нурлан К.,Пятнадцать присяжных — мало.,20.02.2025,3,Письмо\n"
    "18,Aigerim S.,Jurors should be paid.,2025-02-21 09:30,,e-mail\n"
    "19,,A letter without a name.,21.02.2025,1,Письмо\n"
)


def submit(page, name):
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_an_editor_checks_then_imports_a_file_of_letters(
    editor, consultation, page, sign_in, assert_accessible, tmp_path
):
    letters = tmp_path / "letters.csv"
    letters.write_text(LETTERS, encoding="utf-8")
    sign_in(page, *editor)
    page.goto(f"/consultations/{consultation}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Import comments received offline").click()
    assert_accessible(page)
    page.get_by_label("CSV or Excel file").set_input_files(letters)
    page.get_by_label("Columns").fill(
        "id=Ref,author=Name,text=Comment,date=Received,article=Article,channel=How"
    )
    page.get_by_label("The file's own channel names").fill("Письмо=post")
    submit(page, "Check the file")
    expect(page).to_have_url(re.compile(r"/comment-import\?job="))

    # The page reloads itself until the worker has checked the file.
    expect(page.get_by_text("Rows that would be imported: 2")).to_be_visible(timeout=30_000)
    expect(page.locator("#rows-rejected ~ * tr").nth(1)).to_contain_text("no author name")
    expect(page.locator("main")).to_contain_text("“Письмо” → Post: 1")
    assert_accessible(page)

    submit(page, "Import 2 rows")
    expect(page.get_by_role("status")).to_contain_text("The import is finished.", timeout=30_000)
    expect(page.get_by_text("Rows imported: 2")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/consultations/{consultation}/draft/3")
    expect(page.locator("main")).to_contain_text("Пятнадцать присяжных — мало.")
