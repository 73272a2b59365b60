"""Images and files inserted by reference: a path on this site survives the
sanitiser; bytes pasted as a `data:` address never do."""

from bs4 import BeautifulSoup

from consult.content.rendering import render_markdown


def images(html):
    return BeautifulSoup(html, "html.parser").find_all("img")


def test_an_image_reference_on_this_site_is_kept():
    html = render_markdown("![Map of the hearings](/pages/news/map/@@scale?name=large)")
    (image,) = images(html)
    assert image["src"] == "/pages/news/map/@@scale?name=large"
    assert image["alt"] == "Map of the hearings"


def test_a_file_reference_on_this_site_is_kept():
    html = render_markdown("[Draft law](/pages/draft-law/@@download)")
    link = BeautifulSoup(html, "html.parser").find("a")
    assert link["href"] == "/pages/draft-law/@@download"


def test_a_data_address_is_stripped_from_markdown_and_from_html():
    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    for text in (
        f"![pasted]({pixel})",
        f'<img src="{pixel}" alt="pasted">',
        "[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="data:text/html,<script>alert(1)</script>">open</a>',
    ):
        html = render_markdown(text)
        # markdown-it leaves a link it refuses as text: harmless words.
        for element in BeautifulSoup(html, "html.parser").find_all(True):
            for name in ("src", "href"):
                assert "data:" not in element.get(name, ""), text
        assert len(images(html)) == text.count("pasted")
