"""Posting the demo's written comments through FeedbackService, at the
times they would have arrived, with their replies and supports.

A comment is a dict: ``key``, ``on`` (a Green Paper question "q2", an
article "3" or a paragraph "3.2"), ``author`` (a key of the people),
``stance``, ``text``, ``supports`` (how many others support it) and, for a
reply, ``reply_to`` (the key of an earlier comment of the same thread)."""

from datetime import timedelta


def target_of(consultation, place):
    """The comment target named by `place` ("q2", "3" or "3.2")."""
    if place.startswith("q"):
        return consultation.stages["green"].questions[int(place[1:]) - 1].target
    number, _dot, paragraph = place.partition(".")
    article = consultation.current_draft()[number]
    if not paragraph:
        return article.target
    return article.paragraph_target(article.paragraphs[int(paragraph) - 1])


def stage_of(item):
    return "green" if item["on"].startswith("q") else "white"


def arrival_times(items, stages):
    """When each comment arrives: spread evenly, in order, over the open
    days of its stage (`stages`: {kind: (opens at, duration)})."""
    kinds = [stage_of(item) for item in items]
    seen = dict.fromkeys(stages, 0)
    times = []
    for kind in kinds:
        opens_at, duration = stages[kind]
        times.append(opens_at + duration * seen[kind] / kinds.count(kind) + timedelta(minutes=7))
        seen[kind] += 1
    return times


def supporters(rng, people, author, count):
    """`count` of `people` other than `author`, in a random order."""
    others = [person for person in people if person.id != author.id]
    return rng.sample(others, k=min(count, len(others)))


def post_comments(feedback, clock, consultation, items, people, stages, rng):
    """{key: Comment} of `items` posted by `people` ({key: Principal});
    `clock` is the FixedClock that `feedback` reads."""
    posted = {}
    for item, when in zip(items, arrival_times(items, stages), strict=True):
        clock.when = when
        author = people[item["author"]]
        comment = feedback.post(
            consultation,
            target_of(consultation, item["on"]),
            author,
            item["text"],
            item["stance"],
            parent=posted.get(item.get("reply_to")),
        )
        posted[item["key"]] = comment
        for supporter in supporters(rng, people.values(), author, item["supports"]):
            feedback.support(comment, supporter)
    return posted
