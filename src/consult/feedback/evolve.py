"""Evolution steps of the comments (registered in the one ordered list,
resources.evolution): most walk every comment, so the changes are parked in
a savepoint every EVOLVE_BATCH comments and the connection's cache is let
shrink."""

import logging
from datetime import UTC, datetime

from BTrees.LLBTree import LLBTree, LLTreeSet
from BTrees.OOBTree import OOBTree

from ..events import notify_outside_requests
from ..i18n.detection import LANGUAGES, detect_any_language, detect_language
from .activity import has_account, people_activity, time_key
from .comments import VISIBLE, Addendum, ModerationRecord, TextVersion
from .events import CommentModerated, CommentRelabelled

log = logging.getLogger(__name__)

EVOLVE_BATCH = 10_000  # comments between savepoints


def _every_batch(jar):
    """A function to call once a comment: every EVOLVE_BATCH calls it parks
    the changes so far in a savepoint and lets the cache shrink (a million
    comments do not fit in memory at once). Nothing without a connection."""
    count = 0

    def each():
        nonlocal count
        count += 1
        if jar is not None and count % EVOLVE_BATCH == 0:
            jar.transaction_manager.savepoint(True)
            jar.cacheGC()

    return each


def evolve_comment_threads(root):
    """Give every comment store its threads and reply lists of comments."""
    for consultation in root["consultations"].values():
        store = consultation.comments
        if store.thread_comments is not None:
            continue
        store.add_thread_comments(_every_batch(store._p_jar))


def evolve_lazy_comment_parts(root):
    """Index supports by person; drop comments' empty support, report and moderation records."""
    for consultation in root["consultations"].values():
        store = consultation.comments
        if store.supported_by is None:
            store.supported_by = OOBTree()
        each = _every_batch(store._p_jar)
        for comment in store.comments.values():
            each()
            comment._p_activate()
            own = comment.__dict__  # what this comment stores, not the class defaults
            if "supporters" in own:
                if len(own["supporters"]):
                    for userid in own["supporters"]:
                        ids = store.supported_by.get(userid)
                        if ids is None:
                            ids = store.supported_by[userid] = LLTreeSet()
                        ids.add(comment.id)
                else:
                    del comment.supporters
                    if "support_count" in own:
                        del comment.support_count
            if "reports" in own and not len(own["reports"]):
                del comment.reports
                if "report_count" in own:
                    del comment.report_count
            if "moderation" in own and not len(own["moderation"]):
                del comment.moderation


def evolve_review_queue(root, now=None):
    """Index the comments awaiting review after reports (the moderators'
    queue reads the index), and show again the answered comments that
    reports had hidden: reports no longer hide a comment the ministry has
    answered, they send it to the queue (issue 15, item 12). Reads the hidden
    comments only: a few, not every comment. Returns how many were shown again."""
    now = now or datetime.now(UTC)
    shown = 0
    for consultation in root["consultations"].values():
        store = consultation.comments
        if store.under_review is not None:
            continue
        store.under_review = LLBTree()
        hidden = store.by_state.get("hidden")
        for comment_id in list(hidden.values()) if hidden is not None else ():
            comment = store.comments[comment_id]
            if not comment.awaiting_review:
                continue
            store.flag_for_review(comment)
            if store.is_answered(comment):
                store.set_state(comment, VISIBLE)
                notify_outside_requests(CommentModerated(None, comment))
                comment.record(
                    ModerationRecord(
                        "escalated",
                        None,
                        now,
                        "answered, so shown again after reports until a moderator reviews it",
                    )
                )
                shown += 1
    return shown


def evolve_reported_queue(root):
    """Put every comment with a report no moderator has decided on in the
    queue of reported comments (before, only those whose reports weighed
    enough to hide them reached a moderator), and give every store its
    queue of appeals. Walks every comment: reports were indexed nowhere.
    Returns how many comments entered the queue."""
    queued = 0
    for consultation in root["consultations"].values():
        store = consultation.comments
        if store.reported is not None:
            continue
        store.reported = LLBTree()
        store.appealed = LLBTree()
        each = _every_batch(store._p_jar)
        for comment in store.comments.values():
            each()
            if comment.state != "withdrawn" and comment.open_reports():
                store.note_report(comment)
                queued += 1
    return queued


def evolve_people_activity(root):
    """Index each person's comments, supports and reports site-wide
    (feedback.activity). Comments come from each store's index by author;
    supports from its index by supporter (a support's time was not kept: it
    is filed at its comment's time); reports were indexed nowhere, so every
    comment is read. Returns {kind: entries indexed}."""
    index = people_activity(root, create=True)
    counts = dict.fromkeys(("comments", "supports", "reports"), 0)
    for consultation in root["consultations"].values():
        store, slug = consultation.comments, consultation.slug
        for userid, tree in store.by_author.items():
            if not has_account(userid):
                continue
            person = index.of(userid, create=True)
            for sort_key, comment_id in tree.items():
                person.add("comments", sort_key // 1000, slug, comment_id)
                counts["comments"] += 1
        each = _every_batch(store._p_jar)
        for comment in store.comments.values():
            each()
            for userid in comment.supporters:
                index.of(userid, create=True).add(
                    "supports", time_key(comment.created), slug, comment.id
                )
                counts["supports"] += 1
            for userid, (_reason, when, *_weight) in comment.reports.items():
                index.of(userid, create=True).add("reports", time_key(when), slug, comment.id)
                counts["reports"] += 1
    return counts


def _detected_anew(language, text):
    """The language `detect_any_language` finds in `text` where the old
    labelling could not have given it (neither kk, ru nor en: a German text
    was `en`, a Chinese one `ru`); else `language`. Kazakh, Russian and
    English labels stay as they were, since answers were given and
    translations asked for by them."""
    found = detect_any_language(text or "")
    if language is None or (found != language and found not in LANGUAGES):
        return found
    return language


def relabel_comment(comment):
    """Give `comment`, its earlier texts and its addenda the language they
    are in when the old labels said kk, ru or en for another; True when the
    comment's own label changed (its search document is analysed by it).
    Earlier texts and addenda are immutable: they are replaced."""
    language = _detected_anew(comment.language, comment.text)
    changed = language != comment.language
    if changed:
        comment.language = language
    for position, version in enumerate(comment.earlier_texts):
        found = _detected_anew(version.language, version.text)
        if found != version.language:
            comment.earlier_texts[position] = TextVersion(
                version.text, version.stance, found, version.written, version.replaced
            )
    addenda = tuple(
        Addendum(a.text, found, a.when) if found != a.language else a
        for a, found in ((a, _detected_anew(a.language, a.text)) for a in comment.addenda)
    )
    if addenda != tuple(comment.addenda):
        comment.addenda = addenda
    return changed


def evolve_relabelled_languages(root):
    """Relabel every comment by `relabel_comment`; each comment whose label
    changed gets an entry in the change feed (CommentRelabelled), so that an
    index built before the step (`consult reindex` ahead of the upgrade)
    analyses it anew. Returns {language: comments relabelled to it}."""
    relabelled = {}
    for consultation in root["consultations"].values():
        store = consultation.comments
        each = _every_batch(store._p_jar)
        for comment in store.comments.values():
            each()
            if relabel_comment(comment):
                notify_outside_requests(CommentRelabelled(None, comment))
                relabelled[comment.language] = relabelled.get(comment.language, 0) + 1
    return relabelled


def evolve_2_comment_languages(root):
    """Record the language of every existing comment."""
    for consultation in root["consultations"].values():
        for comment in consultation.comments.comments.values():
            if comment.__dict__.get("language") is None:
                comment.language = detect_language(comment.text)


def evolve_9_lazy_comment_parts(root):
    """Index supports by person; drop comments' empty support, report and
    moderation records."""
    evolve_lazy_comment_parts(root)


def evolve_10_comment_threads(root):
    """Index threads and reply lists by the comments themselves, so that a
    page reads its comments from its own thread's buckets."""
    evolve_comment_threads(root)


def evolve_14_review_queue(root):
    """Index the comments awaiting review after reports; show again the
    answered ones that reports had hidden (they wait in the queue, shown)."""
    shown = evolve_review_queue(root)
    log.info("%d answered comments hidden by reports are shown again", shown)


def evolve_18_reported_queue(root):
    """Every comment with reports not decided on yet enters the moderators'
    queue of reported comments; stores get their queue of appeals."""
    queued = evolve_reported_queue(root)
    log.info("%d reported comments entered the moderators' queue", queued)


def evolve_21_people_activity(root):
    """Index each person's comments, supports and reports site-wide, for
    their activity page and their data file."""
    counts = evolve_people_activity(root)
    log.info("people's activity indexed: %s", counts)


def evolve_25_relabelled_languages(root):
    """Give the comments stored before any language was detected (German
    labelled en, Chinese ru...) the language they are in, for search and the
    counts by language."""
    relabelled = evolve_relabelled_languages(root)
    log.info("comments relabelled, by their new language: %s", relabelled)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(2, evolve_2_comment_languages)
    config.add_evolution_step(9, evolve_9_lazy_comment_parts)
    config.add_evolution_step(10, evolve_10_comment_threads)
    config.add_evolution_step(14, evolve_14_review_queue)
    config.add_evolution_step(18, evolve_18_reported_queue)
    config.add_evolution_step(21, evolve_21_people_activity)
    config.add_evolution_step(25, evolve_25_relabelled_languages)
