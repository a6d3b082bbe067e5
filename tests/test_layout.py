"""Our top-level packages must be this repo's, not PyPI's `translate` or `digest`."""

import importlib

import pytest

from conftest import REPO


@pytest.mark.parametrize("name", ["parallax", "spiders", "translate", "store", "digest"])
def test_top_level_packages_come_from_this_repo(name):
    mod = importlib.import_module(name)
    assert mod.__file__.startswith(str(REPO) + "/" + name + "/")


def test_no_clashing_pypi_distributions_installed():
    from importlib.metadata import PackageNotFoundError, distribution

    for dist in ("translate", "digest"):
        with pytest.raises(PackageNotFoundError):
            distribution(dist)


def test_our_cache_folder_never_shadows_a_package(monkeypatch):
    """Regression: jieba's cache lived in $TMP/parallax, so `python -m parallax` run from $TMP
    imported that folder as a namespace package and the demo site went missing."""
    import subprocess
    import sys
    import tempfile

    from translate.segment import cache_dir

    monkeypatch.delenv("PARALLAX_CACHE_DIR", raising=False)
    cache_dir()
    proc = subprocess.run(
        [sys.executable, "-c", "import parallax, translate; print(parallax.__file__, translate.__file__)"],
        cwd=tempfile.gettempdir(), capture_output=True, text=True, timeout=60,
    )
    assert proc.stdout.split() == [str(REPO / "parallax" / "__init__.py"), str(REPO / "translate" / "__init__.py")]
