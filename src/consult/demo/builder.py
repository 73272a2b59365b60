"""Build the demo site from real text and written comments, through the
same services staff and citizens use, with the services' clocks moved back
so that each consultation's stages lie where its story needs them:

- "Introducing citizens' juries" (demo/citizens_juries.py): the seed
  conference papers, a draft bill in three languages, comments in Kazakh,
  Russian and English, its White Paper open now; with `jury`, its citizens'
  jury too (demo/jury.py);
- "Draft law on online petitions" (demo/petitions.py): closed, every
  comment answered, a second version of the draft, the outcome published;
- "Electoral reform" (demo/electoral_reform.py): English, with real Polis
  comments (CC BY 4.0, see data/polis/README.md);
- appeals to the akimat of Astana, one answered (demo/appeals.py).
"""

import random

from ..consultations.services import ConsultationService
from . import content
from .appeals import build_appeals
from .citizens_juries import build_juries_consultation
from .electoral_reform import build_electoral_reform
from .jury import build_jury
from .people import DEMO_ACCOUNTS, Participants, ensure_accounts
from .petitions import build_petitions_consultation
from .site import build_site

__all__ = ["DEMO_ACCOUNTS", "build_demo"]


def build_demo(root, clock, progress=print, comments=None, seed=2026, jury=False):
    """Create the demo consultations (with `comments`, at most that many
    comments on the citizens' juries; with `jury`, its citizens' jury, whose
    real draw takes a minute or two: `consult initialize --demo` asks for
    it) unless they exist; True if they were created."""
    if content.consultation_info()["slug"] in root["consultations"]:
        return False
    rng = random.Random(seed)
    now = clock.now()
    people = ensure_accounts(root["principals"], now, progress)
    editor = people["editor@demo.consult.kz"]
    participants = Participants(root["principals"], now, rng)

    service = ConsultationService(root["consultations"], clock)
    for tag, names in content.tag_names().items():
        service.name_tag(tag, names)
    consultation = build_juries_consultation(
        root,
        clock,
        editor,
        people["moderator@demo.consult.kz"],
        participants,
        rng,
        progress,
        comments,
    )
    build_petitions_consultation(root, clock, editor, participants, rng, progress)
    build_electoral_reform(root, clock, editor, participants, rng, progress)
    build_site(root, clock, editor, people["reviewer@demo.consult.kz"], progress)
    build_appeals(
        root, clock, people["citizen@demo.consult.kz"], people["moderator@demo.consult.kz"]
    )
    if content.POLIS_ATTRIBUTION not in root.attributions:
        root.attributions = root.attributions + (content.POLIS_ATTRIBUTION,)
    if jury:
        build_jury(
            root, consultation, clock, editor, people["juror@demo.consult.kz"], progress=progress
        )
    return True
