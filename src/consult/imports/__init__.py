"""Offline comments: letters, e-mails, cards from public hearings and Polis
exports, imported into a consultation's record (`consult import-comments`).

`formats` reads a CSV file into rows (or rejections with their reasons)
through a column mapping, with `dates` reading the dates real exports
write; `services` adds the rows to a consultation in
batches, each comment with a stable import key so that a re-run adds only
what is missing."""
