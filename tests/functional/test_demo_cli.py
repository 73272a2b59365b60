"""`consult initialize --demo` and `consult reindex` on the demo, through the
console command and a real FileStorage. The demo is built once per run
(tests/functional/conftest.py) and each test works on its own copy."""

import pytest
import transaction
from unit.scripts.test_cli import open_app_root

from consult.scripts.cli import main


def test_demo_builds_a_real_consultation_once(built_demo, demo, tmp_path, capsys):
    _directory, first = built_demo
    assert "editor@demo.consult.kz" in first and "Comments on citizens' juries:" in first
    main(["initialize", "--ini", demo, "--demo"])
    assert "exists already" in capsys.readouterr().out
    db, connection, root = open_app_root(tmp_path)
    consultation = root["consultations"]["citizens-juries"]
    draft = consultation.current_draft()
    assert draft.article_count() >= 6
    assert set(draft["3"].heading) == {"kk", "ru", "en"}
    assert len(consultation.comments) > 40
    assert consultation.comments.count(draft["3"].target) > 0
    # The seed passages are stage documents in all three languages.
    concept = consultation.stages["green"].documents[0]
    assert "15" in concept.body["kk"] and "Зеленая книга" in concept.body["ru"]
    assert "Green Paper" in concept.body["en"]
    connection.close()
    db.close()
    transaction.abort()


def test_demo_credits_the_polis_data(demo, tmp_path):
    db, connection, root = open_app_root(tmp_path)
    assert any(
        "CC BY 4.0" in credit and "Computational Democracy Project" in credit
        for credit in root.attributions
    )
    connection.close()
    db.close()


@pytest.mark.parametrize("backend", ["whoosh", "tantivy"])
def test_reindex_makes_the_demo_searchable_in_three_languages(demo, tmp_path, capsys, backend):
    from consult.search.backends import load_index
    from consult.search.generations import IndexDirectory
    from consult.search.interfaces import SearchQuery

    assert main(["reindex", "--ini", demo, "--backend", backend, "--quiet"]) == 0
    out = capsys.readouterr().out
    done = int(out.split("Indexed ")[1].split()[0])
    assert done > 150
    generation = IndexDirectory(tmp_path / "search").current()
    assert generation.backend == backend
    assert generation.read_watermark() is not None
    index = load_index(backend, str(generation.index_path))
    try:
        assert index.count() == done
        # Inflected forms in each language find the seed passages and the bill.
        for words, language in [
            ("гражданских жюри", "ru"),
            ("азаматтық қазылар алқасы", "kk"),
            ("citizens jury", "en"),
        ]:
            result = index.search(SearchQuery(words, filters={"language": language}))
            assert result.total > 0, words
            assert "<mark>" in result.hits[0].snippet
        # Real Polis comments are found, with their public author name only.
        comments = index.search(SearchQuery("proportional", filters={"kind": "comment"}))
        assert comments.total > 0
        assert all("@" not in hit.document.author for hit in comments.hits)
    finally:
        index.close()
