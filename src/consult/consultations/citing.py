"""What readers cite a paragraph of a draft by: the number its own text
opens with, which is not always its place in the article. An article that
opens with an unnumbered sentence and lists items "1)" to "5)" has its item
"1)" second: the place alone is one off from what the reader sees."""

import re

# "2." (a numbered paragraph) or "1)" (an item of a list, as in an article
# of definitions), at the start of the text.
OWN_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)*)(\.|\))\s")


def paragraph_label(paragraph):
    """ "2" for "2. ...", "1)" for "1) ..." (every language numbers alike),
    else the paragraph's place in its article."""
    for language in sorted(paragraph.text):
        found = OWN_NUMBER.match(paragraph.text[language])
        if found:
            return found.group(1) + (")" if found.group(2) == ")" else "")
    return str(paragraph.number)
