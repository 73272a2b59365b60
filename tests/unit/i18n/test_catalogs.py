"""Every user-facing string is translated in all three catalogs, and the
catalogs are built from the current sources."""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).resolve().parents[3] / "src" / "consult"
LOCALE = PACKAGE / "i18n" / "locale"


def message_ids(path):
    with open(path, "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def test_template_lists_every_string_in_the_sources(tmp_path):
    pot_create = Path(sys.executable).with_name("pot-create")
    output = tmp_path / "fresh.pot"
    subprocess.run(
        [str(pot_create), "--domain", "consult", "--output", str(output), str(PACKAGE)],
        check=True,
        capture_output=True,
    )
    missing = message_ids(output) - message_ids(LOCALE / "consult.pot")
    assert not missing, f"run `make extract-messages`; new strings: {sorted(missing)[:10]}"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_string_is_translated(language):
    with open(LOCALE / language / "LC_MESSAGES" / "consult.po", "rb") as handle:
        catalog = read_po(handle)
    wanted = message_ids(LOCALE / "consult.pot")
    # English msgids are the English text: an entry with an empty msgstr
    # falls back to it, so English needs the entries, not copies of them.
    needs_text = language != "en"
    untranslated = sorted(
        message_id
        for message_id in wanted
        if not catalog.get(message_id)
        or catalog.get(message_id).fuzzy
        or (needs_text and not catalog.get(message_id).string)
    )
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"


@pytest.mark.parametrize("domain", ["colander", "deform"])
def test_form_libraries_speak_kazakh(domain):
    """colander and deform ship no Kazakh catalog; consult ships one."""
    path = LOCALE / "kk" / "LC_MESSAGES" / f"{domain}.po"
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    assert all(message.string for message in catalog if message.id)
