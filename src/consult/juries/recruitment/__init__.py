"""Recruiting a jury: its set-up (settings, features, quotas), the
applications with the checks that keep one per person and per household
(`identity`, `iin`), and the invitations of the people drawn. Each part is a
piece of juries.services.JuryService; the forms are in `schemas`."""
