"""Evolution steps of the juries (run by resources.evolution)."""

from BTrees.Length import Length


def evolve_juror_name_choices(root):
    """Jurors choose how they are named (Applicant.name_shown) instead of
    only whether (`show_name`): a juror who agreed to be named before the
    choice existed chose no form of the name, so gets the site's rule for
    citizens, first name and the initial of the surname. Applications not
    kept are counted (Applicants.refused) from now on."""
    juries = root.get("juries")
    for jury in juries.values() if juries is not None else ():
        applicants = jury.applicants
        # getattr, not __dict__: it loads a ghost (neither class has a default).
        if getattr(applicants, "refused", None) is None:
            applicants.refused = Length()
        for applicant in applicants.values():
            if getattr(applicant, "name_shown", None) is not None:
                continue
            agreed = getattr(applicant, "show_name", False)
            if "show_name" in applicant.__dict__:
                del applicant.show_name
            applicant.name_shown = "initial" if agreed else "hidden"
