"""Evolution steps: every change to a persistent class ships one, and a new
database is created already evolved (it runs every step from 0)."""

import logging

log = logging.getLogger(__name__)


def evolve_1_containers(root):
    """Create the top-level containers."""
    from ..accounts.models import Principals
    from ..consultations.models import Consultations

    if "principals" not in root:
        root.add("principals", Principals())
    if "consultations" not in root:
        root.add("consultations", Consultations())


def evolve_2_comment_languages(root):
    """Record the language of every existing comment."""
    from ..i18n.detection import detect_language

    for consultation in root["consultations"].values():
        for comment in consultation.comments.comments.values():
            if comment.__dict__.get("language") is None:
                comment.language = detect_language(comment.text)


def evolve_3_search_change_log(root):
    """Add the change log the search index feeders read."""
    from ..changes.log import ChangeLog

    if getattr(root, "search_changes", None) is None:
        root.search_changes = ChangeLog()


def evolve_4_responses(root):
    """Give every consultation a response register (answers to comments)."""
    from ..responses.models import ResponseRegister

    for consultation in root["consultations"].values():
        if consultation.__dict__.get("responses") is None:
            consultation.responses = ResponseRegister()
            consultation.responses.__parent__ = consultation


def evolve_5_juries(root):
    """Add the citizens' juries container."""
    from ..juries.models import Juries

    if "juries" not in root:
        root.add("juries", Juries())


def evolve_6_change_log_shards(root):
    """Spread the search change log over several BTrees (fewer conflicts)."""
    if root.search_changes is not None:
        root.search_changes.add_shards()


def evolve_7_jury_workspaces(root):
    """Give every jury its private workspace (evidence, agenda, threads,
    recommendations)."""
    juries = root.get("juries")
    for jury in juries.values() if juries is not None else ():
        jury.add_workspace()


def evolve_8_activity_logs(root):
    """Give every consultation an activity log for the burst signals."""
    from ..signals.models import evolve_signals_activity_logs

    evolve_signals_activity_logs(root)


def evolve_9_lazy_comment_parts(root):
    """Index supports by person; drop comments' empty support, report and
    moderation records."""
    from ..feedback.evolution import evolve_lazy_comment_parts

    evolve_lazy_comment_parts(root)


def evolve_10_comment_threads(root):
    """Index threads and reply lists by the comments themselves, so that a
    page reads its comments from its own thread's buckets."""
    from ..feedback.evolution import evolve_comment_threads

    evolve_comment_threads(root)


def evolve_11_public_campaign_members(root):
    """List the published members of public campaigns in their own tree,
    which thread pages ask instead of the index of every clustered comment."""
    from BTrees.LLBTree import LLBTree

    for consultation in root["consultations"].values():
        index = getattr(consultation, "campaigns", None)
        if index is None or getattr(index, "public_members", None) is not None:
            continue
        index.public_members = LLBTree()
        for cluster in index.clusters.values():
            index.follow_publicity(cluster, was_public=False)
        log.info(
            "%s: %d comments in public campaigns", consultation.__name__, len(index.public_members)
        )


def evolve_12_audit_log(root):
    """Add the audit log (an append-only hash chain of record-relevant actions)."""
    from ..audit.models import AuditLog

    if "audit" not in root:
        root.add("audit", AuditLog())


def evolve_13_juror_name_choices(root):
    """Jurors named on a jury's page by their choice of form (the public
    name unless they chose the full one); count applications not kept."""
    from ..juries.evolution import evolve_juror_name_choices

    evolve_juror_name_choices(root)


def evolve_14_review_queue(root):
    """Index the comments awaiting review after reports; show again the
    answered ones that reports had hidden (they wait in the queue, shown)."""
    from ..feedback.evolution import evolve_review_queue

    shown = evolve_review_queue(root)
    log.info("%d answered comments hidden by reports are shown again", shown)


def evolve_15_principal_sessions(root):
    """Give every account its tree of live sessions (accounts.sessions)."""
    from ..accounts.evolution import evolve_principal_sessions

    evolve_principal_sessions(root)


def evolve_16_hash_key(root):
    """Note that the keyed hashes stored so far (census list, jury
    applications) were made with consult.session_secret, which
    consult.hash_secret replaces for them."""
    from ..hashing import evolve_hash_key

    evolve_hash_key(root)


STEPS = [
    evolve_1_containers,
    evolve_2_comment_languages,
    evolve_3_search_change_log,
    evolve_4_responses,
    evolve_5_juries,
    evolve_6_change_log_shards,
    evolve_7_jury_workspaces,
    evolve_8_activity_logs,
    evolve_9_lazy_comment_parts,
    evolve_10_comment_threads,
    evolve_11_public_campaign_members,
    evolve_12_audit_log,
    evolve_13_juror_name_choices,
    evolve_14_review_queue,
    evolve_15_principal_sessions,
    evolve_16_hash_key,
]
LATEST = len(STEPS)


def evolve(root):
    """Run the steps this database has not seen yet; returns the ones run."""
    ran = []
    while root.generation < LATEST:
        step = STEPS[root.generation]
        log.info("evolving to generation %d: %s", root.generation + 1, step.__doc__)
        step(root)
        root.generation += 1
        ran.append(step.__name__)
    return ran
