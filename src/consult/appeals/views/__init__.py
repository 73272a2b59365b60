"""The appeals' pages: filing and the public list (filing), one appeal and
what its author and the public do with it (appeal), the organisation's
work (staff), categories and routing rules (admin)."""
