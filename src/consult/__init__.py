"""consult: a deliberation and public-consultation CMS."""


def main(global_config, **settings):
    """The WSGI application (paste entry point)."""
    # Imported here, not at the top: importing any consult module (the
    # lottery's subprocess, the console scripts) would otherwise load every
    # capability through config.
    from .collector import tune_collector
    from .config import configure
    from .i18n.detection import load_models

    # configure checks every setting before it opens the database.
    app = configure(settings).make_wsgi_app()
    # Every comment's language is detected: the model is loaded before the
    # first request rather than by the first comment (and before the
    # collector freezes what is alive).
    load_models()
    tune_collector(app.registry.consult_settings)
    return app
