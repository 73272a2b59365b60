"""The change feed: the application's log of what each committed
transaction changed (`log.ChangeLog`, `root.search_changes`), written from
the events the capabilities announce (`subscribers`) and read by the
background workers that follow the database (the search feeder, the
campaign worker)."""


def includeme(config):
    config.include(".subscribers")
