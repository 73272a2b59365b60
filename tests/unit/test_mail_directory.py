"""The development mailer's directory: a process that starts after another
has created it (several processes on one database) still starts."""

import os

from pyramid_mailer.mailer import DebugMailer

from consult import mail


def test_an_existing_directory_is_used(tmp_path, monkeypatch):
    directory = tmp_path / "mail"

    # The race: the directory appears between DebugMailer's check and its
    # makedirs. consult creates it first (exist_ok), so the check finds it.
    def racing_makedirs(path, *args, **kwargs):
        os.makedirs(path)  # the other process creates it first...
        raise FileExistsError(path)  # ...and this one's makedirs fails

    monkeypatch.setattr("pyramid_mailer.mailer.makedirs", racing_makedirs)
    mailer = mail.make_mailer({"mail.debug_directory": str(directory)})
    assert isinstance(mailer, DebugMailer) and directory.is_dir()
