"""The argos engine end to end with a tiny real-format model built here: install, list, load,
translate through argostranslate's package/tokenizer/sentencizer and CTranslate2, names right."""

import json
import zipfile

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from parallax.errors import describe
from tinymodel import build_package
from translate.argos_packages import find_model, install_model, list_models
from translate.engines import get_engine, planned_key
from translate.errors import ModelError
from translate.registry import Company, Product, Registry
from translate.translator import Translator

pytestmark = pytest.mark.slow  # builds a model, loads CTranslate2 and starts processes

REG = Registry([
    Company(id="landspace", name_en="LandSpace", name_zh="蓝箭航天", type="private",
            products=(Product(zh="朱雀二号", en="Zhuque-2"),)),
    Company(id="ispace", name_en="iSpace", name_zh="星际荣耀", type="private"),
])


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    d = tmp_path_factory.mktemp("tinymodel")
    return {"0.1": build_package(d, "0.1"), "0.2": build_package(d, "0.2")}


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory, tiny_models):
    """One installed model shared by the session: argos loads a model once per process."""
    d = tmp_path_factory.mktemp("models")
    install_model(tiny_models["0.1"], d)
    return d


def test_install_and_list_via_cli(tiny_models, _isolated_home):
    runner = CliRunner()
    r = runner.invoke(cli, ["models", "list"])
    assert r.exit_code == 0 and "no models installed" in r.output
    r = runner.invoke(cli, ["models", "install", str(tiny_models["0.1"])])
    assert r.exit_code == 0, r.output
    assert r.output.startswith("installed translate-zh_en-0.1 (zh->en)")
    r = runner.invoke(cli, ["models", "install", str(tiny_models["0.2"])])  # replaces 0.1
    [row] = json.loads(runner.invoke(cli, ["models", "list", "--json"]).output)
    assert (row["name"], row["version"], row["label"]) == ("translate-zh_en", "0.2", "translate-zh_en-0.2")
    assert row["path"] == str(_isolated_home / "models" / "translate-zh_en-0_2")
    assert not (_isolated_home / "models" / "translate-zh_en-0_1").exists()
    folder = _isolated_home / "models" / "translate-zh_en-0_2"
    assert row["size_bytes"] == sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) > 0


def test_install_rejects_bad_files(tmp_path):
    bad = tmp_path / "x.argosmodel"
    bad.write_text("not a zip")
    with pytest.raises(ModelError, match="not a zip archive"):
        install_model(bad, tmp_path / "m")
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("pkg/metadata.json", json.dumps({"from_code": "zh", "to_code": "en"}))
    with pytest.raises(ModelError, match="no model/model.bin"):
        install_model(bad, tmp_path / "m")
    assert list_models(tmp_path / "m") == []
    r = CliRunner().invoke(cli, ["models", "install", str(tmp_path / "missing.argosmodel")])
    assert r.exit_code == 2 and r.output.startswith("Error: ") and "file not found" in r.output


def test_engine_choice(tmp_path, models_dir):
    assert get_engine("auto", tmp_path).name == "gloss"
    with pytest.raises(ModelError) as e:
        get_engine("argos", tmp_path)
    assert describe(e.value) == (f"no zh->en translation model installed in {tmp_path} "
                                  "(hint: install one with `parallax models install zh-en`, "
                                  "or offline `parallax models install FILE.argosmodel`)")
    eng = get_engine("auto", models_dir)
    assert (eng.name, eng.model, eng.key) == ("argos", "translate-zh_en-0.1", "argos|translate-zh_en-0.1")
    assert get_engine("argos", models_dir) is eng  # one model load per process
    assert find_model(models_dir).version == "0.1"
    # selecting a model does not walk its files for the size only `models list` shows
    assert "size_bytes" not in vars(find_model(models_dir))
    # the key a run plans under is the key of the engine it would get, without loading one
    assert planned_key("auto", models_dir) == planned_key("argos", models_dir) == eng.key
    assert planned_key("auto", tmp_path) == planned_key("gloss", models_dir) == get_engine("auto", tmp_path).key == "gloss|-"
    assert planned_key("argos", tmp_path) == "argos|-"


def test_argos_translation_keeps_names(models_dir):
    eng = get_engine("argos", models_dir)
    texts = ["蓝箭航天的朱雀二号成功入轨。星际荣耀完成融资。", "星际荣耀发射。\n\n蓝箭航天试车。", "Plain English."]
    out = Translator(eng, REG).translate_many(texts)
    for t in out[:2]:
        assert t.engine in ("argos", "gloss")  # gloss only when the guard had to replace the output
        assert t.model == ("translate-zh_en-0.1" if t.engine == "argos" else None)
        assert not any("\u4e00" <= ch <= "\u9fff" for ch in t.text_en)
        assert "XZ" not in t.text_en
    assert out[0].text_en.count("LandSpace") == 1 and out[0].text_en.count("Zhuque-2") == 1
    assert out[0].text_en.count("iSpace") == 1
    assert out[0].companies == ["landspace", "ispace"]
    assert out[1].text_en.count("\n") == 2 and out[1].companies == ["ispace", "landspace"]
    assert out[1].text_en.split("\n")[0].count("iSpace") == 1
    assert (out[2].text_en, out[2].engine) == ("Plain English.", "none")


def test_raw_engine_is_deterministic_and_batched(models_dir):
    eng = get_engine("argos", models_dir)
    one = eng.translate_batch(["星际荣耀发射。"])
    both = eng.translate_batch(["蓝箭航天试车。", "星际荣耀发射。"])
    assert both[1] == one[0] and isinstance(one[0], str)
    sents = eng.split("第一句。第二句！\n\n第三句")
    assert sents == [["第一句。", "第二句！"], [], ["第三句"]]


def test_translate_cli_with_model(models_dir, tmp_path):
    cfg = tmp_path / "config.yaml"
    cfg.write_text(f"translate: {{engine: argos, models_dir: {models_dir}}}\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["--config", str(cfg), "translate", "--json", "--text", "蓝箭航天发射火箭。"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.output)
    assert set(row) == {"source", "text_en", "engine", "model", "companies", "facts", "facts_missing"}
    assert row["source"] == "蓝箭航天发射火箭。" and "landspace" in row["companies"]
    assert "LandSpace" in row["text_en"]
    # the plain output names the model once, on stderr, so stdout stays one English line per input
    r = CliRunner().invoke(cli, ["--config", str(cfg), "translate", "--text", "蓝箭航天发射火箭。"])
    assert r.exit_code == 0, r.output
    assert r.stderr.splitlines() == [f"parallax: translated by Argos model {row['model']}"]
    assert len(r.stdout.splitlines()) == 1 and "LandSpace" in r.stdout


def test_translate_cli_gloss_labelled(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("运载火箭成功入轨\nSpaceX\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["translate", str(f), "--engine", "gloss"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["[gloss] launch vehicle successfully reached orbit", "SpaceX"]
    assert r.stderr == ""
    r = CliRunner().invoke(cli, ["translate"])
    assert r.exit_code == 2 and "nothing to translate" in r.output


NO_NETWORK = r"""
import socket, sys
attempts = []
def refuse(self, address, *a, **k):
    attempts.append(address)
    raise OSError("network disabled in test")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = lambda address, *a, **k: refuse(None, address)
from pathlib import Path
from translate.engines import get_engine, planned_key
from translate.argos_packages import install_model
from translate.translator import Translator
d = Path(sys.argv[2])
install_model(sys.argv[1], d)
[t] = Translator(get_engine("argos", d)).translate_many(["蓝箭航天发射。"])
import argostranslate.settings as s
print(attempts, t.engine in ("argos", "gloss"), s.chunk_type.name, str(s.package_data_dir) == str(d.resolve()))
"""


def test_import_and_translation_never_touch_the_network(tiny_models, tmp_path):
    """A fresh process: argos is configured before import, so nothing tries to download anything."""
    import subprocess
    import sys

    from conftest import REPO

    r = subprocess.run([sys.executable, "-c", NO_NETWORK, str(tiny_models["0.1"]), str(tmp_path / "models")],
                       capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "[] True SPACY True"
    assert "Downloading" not in r.stderr and "rror" not in r.stderr


def test_runaway_decoding_stops_near_the_input_length(tmp_path):
    """A model that never emits </s> decodes to 2x the input + 16 tokens, not to 256."""
    pkg = build_package(tmp_path, eos_bias=-20.0)
    install_model(pkg, tmp_path / "models")
    engine = get_engine("argos", tmp_path / "models")
    tokens = engine.encode(["蓝箭航天完成融资。", "火箭"])
    out = engine.generate(tokens)
    limit = 2 * max(len(t) for t in tokens) + 16
    assert max(len(h) for h in out) <= limit < 256


FACT_SENTENCES = [
    "北京时间2027年3月15日10时30分，长征二号F遥二十运载火箭在酒泉卫星发射中心点火升空。",
    "星际荣耀完成新一轮融资，金额超过十亿元人民币，投后估值约120亿元，国家开发银行参与。",
    "航天员汤洪波、唐胜杰第三次出舱，累计在轨工作6.5小时，同比增长12%。",
    "东方空间在广州南沙建设的总装基地占地2.8万平方米，一箭九星发射定于11月底。",
    "这是该型火箭第九次发射，公司股票代码688333，已建成5G地面站30座。",
]


def test_fact_guard_with_a_real_format_model(models_dir):
    """The random-weight model keeps some tokens and loses others: every fact of every sentence is
    either in the English or listed in facts_missing, for every kind of fact."""
    from store.model import FACT_KINDS

    out = Translator(get_engine("argos", models_dir), REG).translate_many(FACT_SENTENCES)
    kinds = set()
    for t in out:
        assert t.facts, t.source
        for f in t.facts:
            kinds.add(f.kind)
            assert (f.en.casefold() in t.text_en.casefold()) != (f in t.facts_missing), (f, t.text_en)
        assert ("facts:missing" in t.flags) == bool(t.facts_missing)
        assert "XZ" not in t.text_en
    assert kinds == set(FACT_KINDS)
