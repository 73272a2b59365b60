"""Jury pages: public (list, jury page, application, invitation answers),
organising (set-up, quotas, applicants) and the draw."""
