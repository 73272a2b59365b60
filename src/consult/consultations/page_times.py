"""What a consultation's pages show that changes with time alone, for the
validators of its shared pages (consult.caching, consult.revisions): each
stage's status (upcoming, open, closed), and with it the consultation's
state, the comment forms and the wording of the stages' dates. A page's ETag
then changes when a stage opens or closes, at that instant, and a cache
need not ask for every page again on a short clock for it."""

STAGES = ("green", "white")


def stage_statuses(consultation, now):
    return " ".join(consultation.stages[kind].status(now) for kind in STAGES)
