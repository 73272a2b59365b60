"""Names in addresses, made from titles in any of the site's languages."""

from slugify import slugify

# Kazakh letters transliterated as in the Latin alphabet of 2021; the others
# of Cyrillic are python-slugify's own.
KAZAKH = [
    [cyrillic, latin]
    for cyrillic, latin in zip("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "agqnouuhiAGQNOUUHI", strict=True)
]
RESERVED = {
    "add", "atom", "contents", "dates", "delete", "diff", "download", "edit", "history",
    "media", "paste", "preview", "rename", "revert", "scale", "settings", "translate",
    "trash", "upload", "versions", "workflow",
}  # fmt: skip


def name_from(title, taken, fallback="item"):
    """A free name for `title` among `taken` (a container: `in` works)."""
    base = slugify(title or "", max_length=60, word_boundary=True, replacements=KAZAKH)
    base = base or fallback
    if base in RESERVED:
        base = f"{base}-page"
    name, number = base, 2
    while name in taken:
        name = f"{base}-{number}"
        number += 1
    return name
