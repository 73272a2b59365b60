"""The sections other capabilities add to a person's account page."""

from .events import AccountPageShown


def account_sections(request):
    """[AccountSection] for the signed-in person ([] for a visitor), in the
    order the subscribers added them."""
    if request.identity is None:
        return []
    event = AccountPageShown(request, request.identity)
    request.registry.notify(event)
    return event.sections


def includeme(config):
    config.add_request_method(account_sections, "account_sections", reify=True)
