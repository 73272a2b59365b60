"""What the capabilities above notifications tell it (petitions): those
cannot be heard by name, since notifications may not import them, so they
announce a subclass of `NewsForPeople`, naming the people it concerns and
what to tell them, and notifications delivers it as each person chose."""

from ..events import Event


class NewsForPeople(Event):
    """Tell each of `people` (userids) `subject` and `body` (translation
    strings; ${name} is left for the recipient's first name), linking to
    `link`; `kind` is one of notifications.kinds.KINDS."""

    kind = None

    def __init__(self, request, people, subject, body, link):
        super().__init__(request)
        self.people = people
        self.subject = subject
        self.body = body
        self.link = link
