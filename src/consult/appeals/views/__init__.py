"""The appeals' pages: filing and the public list (filing), one appeal and
what its author and the public do with it (appeal), the rating from the
answer's mail without signing in (rating), the organisation's
work (staff), categories and routing rules (admin)."""
