"""consult: a deliberation and public-consultation CMS."""


def main(global_config, **settings):
    """The WSGI application (paste entry point)."""
    # Imported here, not at the top: importing any consult module (the
    # lottery's subprocess, the console scripts) would otherwise load every
    # capability through config.
    from .collector import tune_collector
    from .config import configure

    # configure checks every setting before it opens the database.
    app = configure(settings).make_wsgi_app()
    # The language model is loaded by now (i18n.detection.load_models, on
    # ApplicationCreated), before the collector freezes what is alive.
    tune_collector(app.registry.consult_settings)
    return app
