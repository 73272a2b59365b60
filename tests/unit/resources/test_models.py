import pytest

from consult.resources.models import Folder


def test_folder_counts_without_loading_children():
    folder = Folder()
    folder.add("a", Folder())
    folder.add("b", Folder())
    assert len(folder) == 2
    assert list(folder) == ["a", "b"]
    assert folder["a"].__parent__ is folder and folder["a"].__name__ == "a"
    folder.remove("a")
    assert len(folder) == 1 and "a" not in folder


@pytest.mark.parametrize("name", ["", "a/b", "@@view"])
def test_folder_refuses_bad_names(name):
    with pytest.raises(ValueError):
        Folder().add(name, Folder())


def test_folder_refuses_taken_name():
    folder = Folder()
    folder.add("a", Folder())
    with pytest.raises(KeyError):
        folder.add("a", Folder())
