"""A request as `caching.page_etag` reads it, without the application: the
cache settings' defaults, no utilities, the test's clock."""

from types import SimpleNamespace


def etag_request(clock, root, context, path, language="en", accept="text/html"):
    return SimpleNamespace(
        registry=SimpleNamespace(
            consult_settings={
                "consult.cache.etag_seconds": 60,
                "consult.cache.counted_etag_seconds": 600,
            },
            queryUtility=lambda _interface: None,
        ),
        find_service_factory=lambda _interface: lambda _context, _request: clock,
        locale_name=language,
        headers={"Accept": accept},
        path_qs=path,
        root=root,
        context=context,
    )
