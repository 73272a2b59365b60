"""The recommendations the findings are made of: found by id, listed in
order, and frozen as plain rows (`snapshot`) when the findings are
submitted."""


def recommendations_of(jury):
    """The workspace's recommendations that are not withdrawn, by number."""
    workspace = jury.workspace
    if workspace is None:
        return []
    found = [r for r in workspace.recommendations.values() if not r.withdrawn]
    return sorted(found, key=lambda r: (r.number, r.created))


def find_recommendation(jury, recommendation_id):
    workspace = jury.workspace
    if workspace is None or not recommendation_id:
        return None
    found = workspace.recommendations.get(recommendation_id)
    if found is not None and getattr(found, "id", None) == recommendation_id:
        return found
    for recommendation in workspace.recommendations.values():
        if recommendation.id == recommendation_id:
            return recommendation
    return None


def snapshot(jury):
    """The recommendations as the findings will freeze them (plain dicts)."""
    jurors = len(jury.panel())
    rows = []
    for recommendation in recommendations_of(jury):
        votes = recommendation.tally()
        rows.append(
            {
                "id": recommendation.id,
                "number": recommendation.number,
                "title": recommendation.title,
                "text": recommendation.text,
                "language": recommendation.language,
                "reasoning": recommendation.reasoning,
                "minority": recommendation.minority,
                "votes": dict(votes),
                "shares": {
                    vote: round(share, 4) for vote, share in recommendation.shares().items()
                },
                "cast": sum(votes.values()),
                "jurors": jurors,
            }
        )
    return rows
