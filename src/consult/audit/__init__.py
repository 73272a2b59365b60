"""The audit log: every security- or record-relevant action, appended to a
hash chain in ZODB (models.py) by a subscriber of RecordedEvent
(subscribers.py); administrators browse it at /audit, anyone reads its head
at /transparency, and `consult audit verify` checks the chain."""


def includeme(config):
    config.include(".subscribers")
    config.scan(".views")
    config.include(".evolve")
