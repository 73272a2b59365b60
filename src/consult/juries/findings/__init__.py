"""A jury's findings and the ministry's answers: the service (`services`),
the recommendations they freeze (`recommendations`), and the pages
(`views`). The persistent Findings and MinistryAnswer live with the
workspace they close (`juries.workspace.models`)."""
