"""The settings of appeals, with the law's values: the Administrative
Procedural Code of Kazakhstan (art. 76) gives 15 working days to consider
an appeal from its registration, allows one reasoned extension of up to two
months that the applicant is told of within 3 working days, and 3 working
days to forward an appeal sent to a body that is not competent."""

from .kinds import OPTIONAL, RATIO, Setting, whole

APPEALS = (
    "Appeals",
    (
        Setting(
            "consult.appeals.answer_working_days",
            whole(1),
            "15",
            "working days to answer an appeal, counted from its registration",
        ),
        Setting(
            "consult.appeals.extension_max_months",
            whole(1),
            "2",
            "months an extension may add to an appeal's term, at most",
        ),
        Setting(
            "consult.appeals.forward_working_days",
            whole(1),
            "3",
            "working days a body that is not competent has to forward an appeal",
        ),
        Setting(
            "consult.appeals.reopen_days",
            whole(1),
            "30",
            "days during which anyone may reopen a public appeal marked fixed",
        ),
        Setting(
            "consult.appeals.similar_threshold",
            RATIO,
            "0.3",
            "how alike (Jaccard of words, 0–1) an open appeal must be to be suggested",
        ),
        Setting(
            "consult.appeals.fallback_organisation",
            OPTIONAL,
            "",
            "address of the organisation receiving appeals no routing rule covers "
            "(none: such appeals are refused with a message)",
        ),
        Setting(
            "consult.appeals.attachments_max",
            whole(0),
            "5",
            "photos and documents a person may attach to an appeal (0: none); the filing "
            "form's body bound is this times attachment_max_mb plus 1 MB, and nginx's "
            "client_max_body_size and waitress's max_request_body_size must allow it",
        ),
        Setting(
            "consult.appeals.attachment_max_mb",
            whole(1),
            "10",
            "megabytes one attachment of an appeal may have, at most",
        ),
        Setting(
            "consult.appeals.page_size",
            whole(1),
            "20",
            "appeals on one page of a list or a queue",
        ),
    ),
)
