"""Finding content without walking the tree: by uid, a translation by its
group and language, an old address by the item now behind it, and what is
in the trash. One `ContentCatalog` per site, `root.content_catalog` (made by
evolution step 17)."""

from datetime import timedelta

from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from persistent import Persistent
from pyramid.traversal import find_root, resource_path

from ..timekeys import key_for

# How long a deleted item can be restored.
TRASH_DAYS = 30


def catalog_of(resource):
    return find_root(resource).content_catalog


def _normal_path(path):
    path = (path or "").strip()
    return path.rstrip("/") if path not in ("", "/") else path


class TrashEntry(Persistent):
    """A deleted item, where it was (`folder_uid`, `name`, `path`), who deleted
    it and when."""

    def __init__(self, item, folder_uid, name, path, when, who):
        self.item = item
        self.folder_uid = folder_uid
        self.name = name
        self.path = path
        self.when = when
        self.who = who

    def expires(self):
        return self.when + timedelta(days=TRASH_DAYS)


class ContentCatalog(Persistent):
    def __init__(self):
        self.items = OOBTree()  # uid -> item (in the tree or in the trash)
        self.count = Length()
        self.groups = OOBTree()  # translation group -> ((language, uid), ...)
        self.redirects = OOBTree()  # an old path -> uid of the item moved away from it
        self.trash = OOBTree()  # key -> TrashEntry
        self.related = OOBTree()  # a site path -> uids of items about it
        self.related_of = OOBTree()  # uid -> the path it is indexed under

    # Items and translations

    def index(self, item):
        if item.uid not in self.items:
            self.count.change(1)
        self.items[item.uid] = item
        self.join(item, item.translation_group)

    def unindex(self, item):
        if self.items.pop(item.uid, None) is not None:
            self.count.change(-1)
        self.leave(item)

    def get(self, uid):
        return self.items.get(uid)

    def join(self, item, group):
        """Make `item` the translation in its language of `group`."""
        self.leave(item)
        item.translation_group = group
        members = dict(self.groups.get(group, ()))
        members[item.language] = item.uid
        self.groups[group] = tuple(sorted(members.items()))

    def leave(self, item):
        group = item.translation_group
        members = dict(self.groups.get(group, ()))
        if members.get(item.language) == item.uid:
            del members[item.language]
            if members:
                self.groups[group] = tuple(sorted(members.items()))
            else:
                self.groups.pop(group, None)

    def translations(self, item):
        """{language: item} of the item's group, itself included (items in the
        trash left out)."""
        found = {}
        for language, uid in self.groups.get(item.translation_group, ()):
            other = self.items.get(uid)
            if other is not None and not other.trashed:
                found[language] = other
        return found

    def translation(self, item, language):
        return self.translations(item).get(language)

    # What an item is about (`related`: a consultation's, petition's or
    # jury's path), for the explainers listed on that page

    def relate(self, item):
        path = _normal_path(getattr(item, "related", ""))
        before = self.related_of.get(item.uid, "")
        if before == path:
            return
        if before:
            remaining = tuple(uid for uid in self.related.get(before, ()) if uid != item.uid)
            if remaining:
                self.related[before] = remaining
            else:
                self.related.pop(before, None)
            del self.related_of[item.uid]
        if path:
            self.related[path] = (*self.related.get(path, ()), item.uid)
            self.related_of[item.uid] = path

    def about(self, path):
        """The items (anywhere, in any state) whose `related` is `path`."""
        found = (self.items.get(uid) for uid in self.related.get(_normal_path(path), ()))
        return [item for item in found if item is not None and not item.trashed]

    # Old addresses

    def remember_address(self, path, item):
        """`path` now leads to `item` (it was renamed or moved away from there)."""
        self.redirects[path] = item.uid

    def forget_address(self, path):
        self.redirects.pop(path, None)

    def moved_to(self, path):
        """(item, rest) for the longest remembered old path that begins
        `path` and whose item is still in the tree, else (None, "")."""
        parts = path.rstrip("/").split("/")
        for end in range(len(parts), 1, -1):
            uid = self.redirects.get("/".join(parts[:end]))
            item = self.items.get(uid) if uid is not None else None
            if item is not None and not item.trashed and item.__parent__ is not None:
                return item, "/".join(parts[end:])
        return None, ""

    # The trash

    def throw_away(self, item, when, who):
        folder = item.__parent__
        path = resource_path(item)
        entry = TrashEntry(item, folder.uid, item.__name__, path, when, who)
        folder.remove(item.__name__)
        item.trashed = True
        key = key_for(when.timestamp())
        while key in self.trash:
            key += 1
        self.trash[key] = entry
        return key

    def trashed(self):
        """[(key, TrashEntry)], the latest first."""
        return list(self.trash.items())[::-1]

    def take_back(self, key):
        entry = self.trash.pop(key)
        entry.item.trashed = False
        return entry

    def expired(self, now):
        """The keys of entries older than TRASH_DAYS."""
        return [key for key, entry in self.trash.items() if entry.expires() <= now]
