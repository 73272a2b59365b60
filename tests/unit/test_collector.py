import gc

import pytest

from consult.collector import parse_thresholds, tune_collector


@pytest.fixture
def restored_collector():
    """Put Python's collector back as it was: other tests share the process."""
    thresholds = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


def test_thresholds_are_three_positive_numbers():
    assert parse_thresholds("20000 20 20") == (20000, 20, 20)
    assert parse_thresholds("  700\t10 10 ") == (700, 10, 10)
    assert parse_thresholds("") is None
    assert parse_thresholds(None) is None


@pytest.mark.parametrize(
    "value", ["20000 20", "20000 20 20 20", "a b c", "0 10 10", "700 -1 10", "700, 10, 10"]
)
def test_bad_thresholds_name_the_setting(value):
    with pytest.raises(ValueError, match="consult.gc.thresholds must be three positive"):
        parse_thresholds(value)


def test_nothing_changes_unless_the_ini_asks(restored_collector):
    before = gc.get_threshold()
    tune_collector({})
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_the_ini_sets_thresholds_and_freezes_what_is_alive(restored_collector):
    tune_collector({"consult.gc.thresholds": "12345 17 19", "consult.gc.freeze": "true"})
    assert gc.get_threshold() == (12345, 17, 19)
    frozen = gc.get_freeze_count()
    assert frozen > 1000  # at least this test run's modules and functions
    # What is frozen is no longer among the objects a collection walks.
    assert len(gc.get_objects()) < frozen


def _main(settings):
    from consult import main

    app = main({}, **settings)
    app.registry.search_feeder.stop()
    app.registry.campaign_worker.stop()
    app.registry.import_worker.stop()
    for database in app.registry._zodb_databases.values():
        database.close()


def test_the_paste_entry_point_tunes_the_collector(restored_collector, settings):
    _main({**settings, "consult.gc.thresholds": "5000 15 15", "consult.gc.freeze": "true"})
    assert gc.get_threshold() == (5000, 15, 15)
    assert gc.get_freeze_count() > 0


def test_the_paste_entry_point_refuses_bad_thresholds(restored_collector, settings):
    with pytest.raises(ValueError, match="consult.gc.thresholds"):
        _main({**settings, "consult.gc.thresholds": "many"})


def test_bad_thresholds_are_refused_before_the_database_is_opened(
    restored_collector, settings, tmp_path
):
    data_fs = tmp_path / "Data.fs"
    with pytest.raises(ValueError, match="consult.gc.thresholds"):
        _main(
            {**settings, "zodbconn.uri": f"file://{data_fs}", "consult.gc.thresholds": "20000 20"}
        )
    assert not data_fs.exists()
