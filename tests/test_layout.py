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
