"""The jury's private workspace: evidence library, agenda (with its
iCalendar file), deliberation threads, draft recommendations with their
revisions and votes, and the members page where organisers invite experts.

Every view needs `jury_workspace`, which only this jury's organisers,
jurors and invited experts hold (`Jury.__acl__`); what each of them may
change is the service's decision (`workspace.services`)."""
