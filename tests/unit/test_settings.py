"""The one settings table: typed values and their defaults, errors that name
the setting, unknown names refused, the environment's overrides, the shipped
ini files, and docs/operations.md generated from it."""

import configparser
import re
from datetime import timedelta
from pathlib import Path

import pytest
from limits import RateLimitItemPerMinute

from consult import settings as table
from consult.settings import (
    BEGIN,
    END,
    TABLE,
    PublicURLError,
    SettingError,
    Settings,
    as_settings,
    default_of,
    read_settings,
    settings_markdown,
    with_environment,
)

REPO = Path(__file__).resolve().parents[2]
REQUIRED = {
    "zodbconn.uri": "memory://",
    "consult.session_secret": "cookie-key",
    "consult.hash_secret": "hash-key",
    "consult.public_url": "https://consult.gov.kz/",
}
SHIPPED = (
    "development.ini",
    "testing.ini",
    "etc/production.ini",
    "etc/consult-zeo.ini",
    "etc/consult-relstorage.ini",
)


def read(**values):
    return read_settings(
        dict(REQUIRED, **{name.replace("__", "."): value for name, value in values.items()})
    )


def test_the_defaults_are_typed():
    values = read()
    assert isinstance(values, Settings) and set(values) == set(TABLE)
    assert values["consult.comments_per_page"] == 20
    assert values["consult.reports_to_hide"] == 3.0
    assert values["consult.secure_cookies"] is False
    assert values["consult.search.feed_thread"] is True
    assert values["consult.public_url"] == "https://consult.gov.kz"
    assert values["consult.source_url"] is None and values["consult.search.path"] is None
    assert values["consult.gc.thresholds"] is None
    assert values["consult.previous_hash_secret"] is None
    # The limits on guessing apply by default, those on posting do not.
    assert values["consult.limits.signin"] == (
        RateLimitItemPerMinute(5),
        RateLimitItemPerMinute(10, 10),
    )
    assert values["consult.limits.comment"] == ()
    assert values["consult.argon2.memory_cost"] == 65536  # argon2-cffi's own
    assert default_of("consult.search.min_interval_seconds") == 0.5


def test_every_default_reads_as_what_it_declares():
    values = read()
    for name, setting in TABLE.items():
        if setting.default:
            assert setting.kind.parse(setting.default) == values[name], name
        assert setting.help and "\n" not in setting.help, name


def test_values_are_read_and_typed():
    values = read(
        consult__comments_per_page="50",
        consult__report_weight__email="1.5",
        consult__secure_cookies="Yes",
        consult__gc__thresholds="20000 20 20",
        consult__limits__comment="10/minute; 100/day",
        consult__limits__signin="",
        consult__session__idle_minutes="5",
    )
    assert values["consult.comments_per_page"] == 50
    assert values["consult.report_weight.email"] == 1.5
    assert values["consult.secure_cookies"] is True
    assert values["consult.gc.thresholds"] == (20000, 20, 20)
    assert [str(item) for item in values["consult.limits.comment"]] == [
        "10 per 1 minute",
        "100 per 1 day",
    ]
    # An empty limit switches it off; an empty number takes the default.
    assert values["consult.limits.signin"] == ()
    assert read(consult__comments_per_page="")["consult.comments_per_page"] == 20
    assert values["consult.session.idle_minutes"] == 5.0


@pytest.mark.parametrize(
    "name, value, reason",
    [
        ("consult.comments_per_page", "twenty", "must be a whole number"),
        ("consult.comments_per_page", "0", "must be at least 1"),
        ("consult.max_comment_length", "1e4", "must be a whole number"),
        ("consult.reports_to_hide", "0", "must be more than 0"),
        ("consult.reports_to_hide", "nan", "must be a number"),
        ("consult.report_weight.identity", "-1", "must not be less than 0"),
        ("consult.signals.new_share", "1.5", "between 0 and 1"),
        ("consult.secure_cookies", "maybe", "must be true or false"),
        ("consult.campaigns.worker", "ture", "must be true or false"),
        ("pyramid.default_locale_name", "de", "must be one of ru, kk, en"),
        ("consult.limits.comment", "ten a minute", "must be limits such as"),
        ("consult.limits.storage", "redis", "storage URI"),
        ("consult.search.backend", "elastic", "whoosh"),
        ("consult.gc.thresholds", "20000 20", "three positive whole numbers"),
        ("consult.session.lifetime_hours", "-3", "must be more than 0"),
        ("consult.verification.nca_roots", "/nowhere/root.pem", "no file at /nowhere/root.pem"),
    ],
)
def test_a_bad_value_is_refused_with_the_setting_s_name(name, value, reason):
    with pytest.raises(SettingError) as refused:
        read(**{name.replace(".", "__"): value})
    assert name in str(refused.value) and reason in str(refused.value)
    assert repr(value) in str(refused.value)


@pytest.mark.parametrize(
    "name", ["consult.session_secret", "consult.hash_secret", "consult.public_url", "zodbconn.uri"]
)
def test_a_required_setting_is_named_with_its_environment_variable(name):
    with pytest.raises(SettingError, match=f"{re.escape(name)} must be set") as refused:
        read_settings({key: value for key, value in REQUIRED.items() if key != name})
    variable = TABLE[name].environment
    assert f"(or {variable})" in str(refused.value)
    # Empty counts as missing.
    with pytest.raises(SettingError, match=f"{re.escape(name)} must be set"):
        read_settings(dict(REQUIRED, **{name: "  "}))


def test_the_public_url_keeps_its_own_error():
    with pytest.raises(PublicURLError, match="is not an address"):
        read(consult__public_url="ftp://consult.gov.kz")


def test_an_unknown_consult_setting_is_refused_with_a_suggestion():
    with pytest.raises(SettingError) as refused:
        read_settings(dict(REQUIRED, **{"consult.max_coment_length": "5000"}))
    message = str(refused.value)
    assert "consult.max_coment_length is not a setting of consult" in message
    assert "did you mean consult.max_comment_length?" in message
    # Other libraries' settings are theirs.
    read_settings(
        dict(
            REQUIRED,
            **{
                "pyramid.reload_templates": "true",
                "mail.host": "smtp",
                "here": "/srv",
                "__file__": "/srv/site.ini",
            },
        )
    )


def test_every_problem_is_named_at_once():
    with pytest.raises(SettingError) as refused:
        read_settings(
            {
                "zodbconn.uri": "memory://",
                "consult.comments_per_page": "x",
                "consult.reports_to_hide": "-1",
                "consult.typo": "1",
                "consult.public_url": "http://localhost",
            }
        )
    message = str(refused.value)
    assert message.startswith("5 settings are wrong:")
    for name in (
        "consult.comments_per_page",
        "consult.reports_to_hide",
        "consult.typo",
        "consult.session_secret",
        "consult.hash_secret",
    ):
        assert name in message


def test_services_given_text_read_it_through_the_table():
    assert as_settings({})["consult.max_addenda"] == 5
    assert as_settings({"consult.max_addenda": "2"})["consult.max_addenda"] == 2
    values = read()
    assert as_settings(values) is values
    with pytest.raises(SettingError, match="consult.max_addenda"):
        as_settings({"consult.max_addenda": "two"})


def test_the_environment_overrides_the_ini(monkeypatch):
    monkeypatch.setenv("CONSULT_HASH_SECRET", "from-the-environment")
    monkeypatch.setenv("CONSULT_PREVIOUS_HASH_SECRET", "the-old-one")
    monkeypatch.delenv("CONSULT_SESSION_SECRET", raising=False)
    raw = with_environment({"consult.hash_secret": "in-the-ini", "consult.session_secret": "kept"})
    assert raw["consult.hash_secret"] == "from-the-environment"
    assert raw["consult.previous_hash_secret"] == "the-old-one"
    assert raw["consult.session_secret"] == "kept"


def test_the_typed_values_cannot_be_changed():
    values = read()
    with pytest.raises(TypeError):
        values["consult.comments_per_page"] = 5
    with pytest.raises(KeyError, match="not in consult.settings.TABLE"):
        values["consult.comments_per_pages"]


def test_the_sessions_and_report_weights_read_the_table():
    from consult.accounts.sessions import SessionRules
    from consult.feedback.report_weight import ReportWeights

    values = read(consult__session__lifetime_hours="0.5", consult__report_weight__email="0.5")
    assert SessionRules.from_settings(values).lifetime == timedelta(minutes=30)
    assert ReportWeights.from_settings(values).email == 0.5


def _shipped(path):
    parser = configparser.ConfigParser(
        defaults={"here": str((REPO / path).parent), "http_port": "6543"}
    )
    parser.read(REPO / path)
    return {
        name: value
        for name, value in parser["app:main"].items()
        if name not in ("here", "http_port", "use")
    }


@pytest.mark.parametrize("path", SHIPPED)
def test_every_shipped_ini_names_only_settings_of_the_table(path, monkeypatch):
    for setting in TABLE.values():
        if setting.environment:
            monkeypatch.delenv(setting.environment, raising=False)
    raw = _shipped(path)
    secrets = {"consult.session_secret", "consult.hash_secret", "consult.public_url"}
    if path.startswith("etc/"):
        # Production-like: the secrets and the address are required, empty in the file.
        assert {name for name in secrets if not raw.get(name)} == secrets
        with pytest.raises(SettingError, match="consult.hash_secret must be set"):
            read_settings(with_environment(raw))
        for name in secrets:
            monkeypatch.setenv(
                TABLE[name].environment, "https://consult.gov.kz" if name.endswith("url") else "key"
            )
        monkeypatch.setenv("CONSULT_ZODB_URI", "memory://")
    else:
        assert raw["consult.hash_secret"] and raw["consult.session_secret"]
        assert raw["consult.hash_secret"] != raw["consult.session_secret"]
    read_settings(with_environment(raw))


def test_the_operators_list_is_generated_from_the_table():
    """docs/operations.md lists every setting as the table declares it."""
    text = (REPO / "docs" / "operations.md").read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    assert start >= 0 and end > start, "docs/operations.md lost its settings markers"
    assert text[start : end + len(END)] == settings_markdown(), (
        "docs/operations.md's list of settings differs from src/consult/settings.py: "
        "run `make settings-doc` and commit the result"
    )
    for name in TABLE:
        assert f"| `{name}` |" in text


def test_no_module_reads_a_consult_setting_around_the_table():
    """Every `consult.*` value is read from the typed table, with the
    table's default: none from the ini's text with a default of its own."""
    source = REPO / "src" / "consult"
    around = re.compile(r"""\.get\(\s*f?["']consult\.|registry\.settings\[\s*f?["']consult\.""")
    readers = [
        f"{path.relative_to(source)}:{number}"
        for path in source.rglob("*.py")
        if path.name != "settings.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if around.search(line)
    ]
    assert readers == []
    assert table.__doc__ and "make settings-doc" in table.__doc__


def test_the_search_engines_named_in_the_settings_are_those_search_knows():
    from consult.search.backends import BACKENDS
    from consult.settings import SEARCH_ENGINES

    assert set(SEARCH_ENGINES) == set(BACKENDS)
