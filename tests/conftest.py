from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Models, caches and the default config never come from the developer's own machine."""
    home = tmp_path_factory.mktemp("parallax-home")
    monkeypatch.setenv("PARALLAX_HOME", str(home))
    monkeypatch.delenv("PARALLAX_CONFIG", raising=False)
    yield home


@pytest.fixture
def week47_archive():
    """An in-memory archive holding the week-47 digest fixture (see digestdata.load_fixture)."""
    from digestdata import load_fixture
    from store.archive import Archive

    a = Archive.memory()
    load_fixture(a)
    yield a
    a.close()
