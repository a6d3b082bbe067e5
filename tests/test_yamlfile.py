"""Our YAML reader: libyaml's speed, yaml.safe_load's safety and results."""

from pathlib import Path

import pytest
import yaml

from translate.yamlfile import LOADER, load_yaml

REPO = Path(__file__).resolve().parents[1]


def test_libyaml_is_used_where_pyyaml_has_it():
    assert LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


def test_never_builds_python_objects():
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml("!!python/object/apply:os.system ['echo pwned']")


@pytest.mark.parametrize("path", sorted(str(p.relative_to(REPO)) for p in (REPO / "translate").rglob("*.yaml")))
def test_every_data_file_reads_as_safe_load_reads_it(path):
    text = (REPO / path).read_text(encoding="utf-8")
    assert load_yaml(text) == yaml.safe_load(text)
