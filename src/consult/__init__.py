"""consult: a deliberation and public-consultation CMS."""


def main(global_config, **settings):
    """The WSGI application (paste entry point)."""
    from .collector import collector_tuning
    from .config import configure

    tune_collector = collector_tuning(settings)
    app = configure(settings).make_wsgi_app()
    tune_collector()
    return app
