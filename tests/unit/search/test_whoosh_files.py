"""Reading whoosh's files whole (`whoosh_files`): the same postings and
column values as whoosh's own readers give."""

from datetime import UTC, datetime, timedelta

from consult.search.interfaces import SearchDocument
from consult.search.whoosh_files import column_values, read_postings
from consult.search.whoosh_index import WhooshIndex

T0 = datetime(2025, 5, 1, 12, 0, tzinfo=UTC)


def doc(id, text, language="ru", **fields):
    return SearchDocument(
        id=id, kind="comment", language=language, title="", text=text, url=f"/c/{id}/", **fields
    )


def test_postings_read_by_block_are_the_matcher_postings(tmp_path):
    """`read_postings` decodes whoosh's posting blocks itself: the same
    docnums and frequencies as whoosh's matcher, over several blocks."""
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add(
            [
                doc(f"c{i}", "парк " * (1 + i % 4) + ("дорога" if i % 7 == 0 else ""))
                for i in range(700)
            ]
        )
        index.commit()
        reader = index._readers.state().leaves[0].reader
        for stem in ("парк", "дорог", "нет"):
            docnums, weights = read_postings(reader, "terms", stem)
            expected = []
            if ("terms", stem) in reader:
                matcher = reader.postings("terms", stem)
                while matcher.is_active():
                    expected.append((matcher.id(), matcher.weight()))
                    matcher.next()
            assert list(zip(docnums, weights, strict=True)) == expected
        assert len(read_postings(reader, "terms", "парк")[0]) == 700
    finally:
        index.close()


def test_columns_read_in_one_piece_are_whooshs_columns(tmp_path):
    index = WhooshIndex(tmp_path / "whoosh")
    try:
        index.add(
            [
                doc(
                    f"c{i}",
                    "Петиция",
                    stance=("for", "", "against")[i % 3],
                    consultation=f"консультация-{i % 4}",
                    created=T0 + timedelta(hours=i),
                )
                for i in range(300)
            ]
            + [doc("undated", "Петиция")]
        )
        index.commit()
        reader = index._readers.state().leaves[0].reader
        for name in ("id", "kind", "language", "consultation", "stance", "article", "created"):
            assert column_values(reader, name) == list(reader.column_reader(name))
    finally:
        index.close()
