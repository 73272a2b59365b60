"""The panel's private workspace: its persistent parts (`models`), the
workflows and who may do what (`services`, `agenda`, `access`), the
attachments' checks, the forms and the pages (`views`).

Databases written before this package existed name its persistent classes
`consult.juries.workspace.<Class>` (the module `workspace.py` then), so they
are found here too."""

from .models import (  # noqa: F401  (persistent pickles name this path)
    Agenda,
    AgendaItem,
    Attachment,
    EvidenceItem,
    EvidenceLibrary,
    Findings,
    MinistryAnswer,
    Post,
    Recommendation,
    Recommendations,
    Revision,
    Thread,
    Threads,
    Workspace,
)
