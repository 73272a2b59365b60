"""Comments in other languages than kk/ru/en, in every engine (the `index`
fixture is parametrized over memory, whoosh and tantivy): German found by an
inflected form, Chinese and Japanese by a word inside a run of characters,
and the stems of one language never mistaken for another's."""

from consult.search.interfaces import SearchDocument, SearchQuery


def doc(id, text, language):
    return SearchDocument(
        id=id, kind="comment", language=language, title="", text=text, url=f"/c/{id}/"
    )


DOCUMENTS = [
    doc("de1", "Die Steuern der Gemeinden sind zu hoch.", "de"),
    doc("de2", "Die Gemeinde sollte mehr Bürger fragen.", "de"),
    doc("en1", "Taxes are too high for families in the cities.", "en"),
    doc("en2", "Steu is the name of the new tax office.", "en"),
    doc("zh1", "至少他們比計程車乾淨，有禮貌，而且又便宜方便", "zh"),
    doc("zh2", "uber就是叫派計程車，談不上運用閒置資源或是共乘", "zh"),
    doc("zh3", "我覺得共乘是可行的，計畫程序的車也好", "zh"),
    # Labelled English by the detection of before: found all the same.
    doc("zh4", "計程車的高收益，還要繼續漲價", "en"),
    doc("ja1", "タクシーの規制を見直すべきです。", "ja"),
    doc("ru1", "Налоги в городах слишком высоки.", "ru"),
]


def found(index, text, **filters):
    result = index.search(SearchQuery(text, filters=filters, per_page=100))
    return sorted(hit.document.id for hit in result.hits)


def test_a_german_comment_is_found_by_an_inflected_form(index):
    index.add(DOCUMENTS)
    index.commit()
    assert found(index, "Steuer") == ["de1"]
    assert found(index, "Gemeinden") == ["de1", "de2"]
    assert found(index, "Gemeinde Steuern") == ["de1"]


def test_german_stems_never_match_english_words(index):
    index.add(DOCUMENTS)
    index.commit()
    assert "en2" not in found(index, "Steuern")  # German "steu", English "steu"


def test_taxi_finds_the_chinese_comments_that_contain_it(index):
    index.add(DOCUMENTS)
    index.commit()
    assert found(index, "計程車") == ["zh1", "zh2", "zh4"]
    assert found(index, "共乘") == ["zh2", "zh3"]
    assert found(index, "計程車", language="zh") == ["zh1", "zh2"]
    [hit] = index.search(SearchQuery("計程車 乾淨")).hits
    assert hit.snippet.startswith("至少他們比<mark>計程車</mark><mark>乾淨</mark>")


def test_a_japanese_comment_is_found_by_a_word(index):
    index.add(DOCUMENTS)
    index.commit()
    assert found(index, "タクシー") == ["ja1"]
    assert found(index, "規制") == ["ja1"]
    assert found(index, "バス") == []


def test_the_language_facet_counts_every_language(index):
    index.add(DOCUMENTS)
    index.commit()
    result = index.search(SearchQuery("計程車 OR", per_page=100))
    assert result.total == 0
    result = index.search(SearchQuery("計程車", per_page=100))
    assert result.facets["language"] == {"zh": 2, "en": 1}
