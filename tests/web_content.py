"""The web editors' content in tests: a service working as a console
command would (its events reach the change feed), and a site without the
starter pages for tests about other things that search words those pages
share ("jury", "comment", "consultation")."""

from consult.content.services import ContentService


def content_service(root, clock):
    """A ContentService outside a request: its ContentChanged reach the change
    feed; the audit log, which wants a request, hears nothing."""
    return ContentService(root, clock)


def remove_starter_pages(root):
    """Take the starter pages out of the tree before anything is indexed."""
    top = root["pages"]
    for name in list(top.keys()):
        root.content_catalog.unindex(top.remove(name))
