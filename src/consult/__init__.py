"""consult: a deliberation and public-consultation CMS."""


def main(global_config, **settings):
    """The WSGI application (paste entry point)."""
    from .config import configure

    return configure(settings).make_wsgi_app()
