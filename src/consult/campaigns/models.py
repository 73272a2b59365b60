"""Clusters of near-identical comments in one consultation.

`CampaignIndex` (on the consultation, `consultation.campaigns`) keeps, for
each LSH band key, the first comment that had it: a new comment is compared
with at most one comment per band, so the work per comment stays constant
however large a campaign grows. A comment joins the cluster of a matching
comment (or founds one with it). Clusters count their published members in
time order, so the public pages can show one representative and the count."""

import random

from BTrees.Length import Length
from BTrees.LLBTree import LLBTree, LLTreeSet
from BTrees.LOBTree import LOBTree
from persistent import Persistent

PUBLIC_SIZE = 10  # from this many published members a cluster is shown once, with the count


class Cluster(Persistent):
    __parent__ = None

    def __init__(self, cluster_id, created):
        self.id = cluster_id
        self.__name__ = str(cluster_id)
        self.members = LLTreeSet()  # every comment ever clustered here
        self.size = Length()
        self.published = LLBTree()  # sort_key -> comment id, published members in time order
        self.published_count = Length()
        self.first_seen = created
        self.last_seen = created

    def add(self, comment):
        if comment.id in self.members:
            return False
        self.members.add(comment.id)
        self.size.change(1)
        self.first_seen = min(self.first_seen, comment.created)
        self.last_seen = max(self.last_seen, comment.created)
        return True

    def follow_state(self, comment):
        """Count `comment` as published or not, as it is now (idempotent)."""
        if comment.visible:
            if comment.sort_key not in self.published:
                self.published[comment.sort_key] = comment.id
                self.published_count.change(1)
        elif self.published.pop(comment.sort_key, None) is not None:
            self.published_count.change(-1)

    def representative_id(self):
        """The earliest published member, or None."""
        return self.published.values()[0] if self.published_count() else None

    @property
    def is_public_campaign(self):
        return self.published_count() >= PUBLIC_SIZE


class CampaignIndex(Persistent):
    __parent__ = None
    __name__ = "campaigns"

    def __init__(self):
        self.bands = LLBTree()  # band key -> the first comment id with it
        self.cluster_of = LLBTree()  # comment id -> cluster id
        # comment id -> cluster id, for the published members of public
        # campaigns only: what every thread page asks of each comment it
        # shows, from a tree only as large as the public campaigns (cluster_of
        # holds every clustered comment, and is keyed by random ids too).
        self.public_members = LLBTree()
        self.clusters = LOBTree()  # cluster id -> Cluster
        self.seen = LLTreeSet()  # comment ids compared already
        self.count = Length()  # clusters

    def __getitem__(self, name):
        try:
            return self.clusters[int(name)]
        except (ValueError, OverflowError):
            raise KeyError(name) from None

    def by_size(self):
        """The clusters, largest (by published members) first."""
        return sorted(
            self.clusters.values(),
            key=lambda cluster: (-cluster.published_count(), -cluster.size(), cluster.id),
        )

    def cluster_for(self, comment_id):
        cluster_id = self.cluster_of.get(comment_id)
        return None if cluster_id is None else self.clusters[cluster_id]

    def public_campaign_of(self, comment_id):
        """The public campaign whose published member `comment_id` is, or None."""
        cluster_id = self.public_members.get(comment_id)
        return None if cluster_id is None else self.clusters[cluster_id]

    def new_cluster(self, created, rng=random):
        while True:
            cluster_id = rng.randrange(1, 2**53)
            if cluster_id not in self.clusters:
                break
        cluster = self.clusters[cluster_id] = Cluster(cluster_id, created)
        cluster.__parent__ = self
        self.count.change(1)
        return cluster

    def join(self, cluster, comment):
        if cluster.add(comment):
            self.cluster_of[comment.id] = cluster.id
        self.follow_state(cluster, comment)

    def follow_state(self, cluster, comment):
        """Count `comment` as published in `cluster` or not, as it is now, and
        keep `public_members` in step when that makes or unmakes a campaign."""
        was_public = cluster.is_public_campaign
        cluster.follow_state(comment)
        self.follow_publicity(cluster, was_public)
        if cluster.is_public_campaign and was_public:
            if cluster.published.get(comment.sort_key) == comment.id:
                self.public_members[comment.id] = cluster.id
            else:
                self.public_members.pop(comment.id, None)
        elif was_public:  # and no longer: the comment just left `published`
            self.public_members.pop(comment.id, None)

    def follow_publicity(self, cluster, was_public):
        """List or unlist all of `cluster`'s published members when it has just
        become a public campaign or stopped being one."""
        public = cluster.is_public_campaign
        if public and not was_public:
            self.public_members.update(
                [(comment_id, cluster.id) for comment_id in cluster.published.values()]
            )
        elif was_public and not public:
            for comment_id in cluster.published.values():
                self.public_members.pop(comment_id, None)
