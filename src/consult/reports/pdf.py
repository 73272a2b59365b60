"""The printable report: WeasyPrint renders the print variant of the report
page to PDF.

WeasyPrint needs Pango (and fonts with Cyrillic and Kazakh letters) at run
time; it is imported only when a PDF is asked for, so the rest of the site
runs without them. The print page carries its style sheet inline and fetches
nothing: only `data:` URLs may be loaded, never a file or a network address."""


def _fetcher():
    import weasyprint  # optional at run time: Pango (module docstring)

    if hasattr(weasyprint, "URLFetcher"):  # WeasyPrint 66 and later
        return weasyprint.URLFetcher(allowed_protocols=("data",))

    def refuse(url, timeout=10, ssl_context=None):
        if not url.startswith("data:"):
            raise ValueError(f"the printed report loads nothing: {url}")
        return weasyprint.default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)

    return refuse


def render_document(html, base_url):
    """The laid-out document (its `pages` can be counted) of the print page."""
    import weasyprint  # optional at run time: Pango (module docstring)

    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=_fetcher()).render()


def render_pdf(html, base_url):
    """The PDF bytes of the print page."""
    return render_document(html, base_url).write_pdf()
