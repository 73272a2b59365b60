"""Evolution steps of the content (registered in the one ordered list,
resources.evolution)."""

from datetime import UTC, datetime

from .catalog import ContentCatalog
from .models import ContentFolder
from .site import SiteSettings
from .starter import add_starter_pages


def evolve_17_content(root):
    """The top folder of the web editors' content (`/pages/`), its catalog,
    the site's settings, and the pages every site needs (the rules of
    discussion, the privacy notice, how consultations work, contact),
    published, for the editors to change."""
    if getattr(root, "content_catalog", None) is None:
        root.content_catalog = ContentCatalog()
    if getattr(root, "site_settings", None) is None:
        root.site_settings = SiteSettings()
    if "pages" not in root:
        top = ContentFolder("", "Pages", datetime.now(UTC))
        top.state = "published"
        root.add("pages", top)
        root.content_catalog.index(top)
        add_starter_pages(root)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(17, evolve_17_content)
