"""Reports: the public outcome report of a consultation (HTML, CSV, JSON,
PDF) and the staff's export of comments with their answers (CSV, XLSX)."""


def includeme(config):
    config.scan(".views")
