"""The account's own part of a person's data file (views_self.my_data)."""


def account_data(request, principal):
    return {
        "email": principal.email,
        "first_name": principal.first_name,
        "last_name": principal.last_name,
        "name_shown_to_others": principal.public_name,
        "show_full_name": principal.show_full_name,
        "language": principal.language,
        "created": principal.created,
        "confirmed": principal.confirmed_at,
        "roles": sorted(principal.roles),
        "sessions": [{"began": when} for when in (principal.sessions or {}).values()],
    }
