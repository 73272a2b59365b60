"""`python -m consult.settings docs/operations.md` (make settings-doc)."""

import sys

from .docs import write_settings_doc

write_settings_doc(sys.argv[1])
