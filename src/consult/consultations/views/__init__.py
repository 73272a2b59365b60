"""Views of consultations, one module per area: listing (home page, list,
new consultation), reading (the public pages), editing (staff forms) and
importing (a draft bill from a file or pasted text). `common` holds what
they share."""
