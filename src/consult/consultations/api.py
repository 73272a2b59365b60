"""What the staff-only JSON endpoints of a consultation share."""

from ..i18n import _


class StaffOnly(Exception):
    """The JSON error to answer with: `status` and `body`."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status = status
        self.body = body


def staff_consultation(request, forbidden):
    """The consultation named by the route's `slug`, if the person is its
    staff; else raises StaffOnly with a 404 or a 403 carrying `forbidden`."""
    consultation = request.root["consultations"].get(request.matchdict["slug"])
    if consultation is None:
        raise StaffOnly(
            404, {"error": request.localizer.translate(_("There is no such consultation."))}
        )
    if not request.has_permission("view_staff", consultation):
        raise StaffOnly(403, {"error": request.localizer.translate(forbidden)})
    return consultation


def answer_refusal(request, refusal):
    request.response.status = refusal.status
    return refusal.body
