"""Argos models one command away: `models available` and `models install zh-en` through argostranslate's
own index code, against a loopback package index (ARGOS_PACKAGE_INDEX) serving the tiny real-format
model; a download is verified before it is installed; without the index, one line says what to do."""

import json
import shutil
import zipfile

import pytest
from click.testing import CliRunner

from httpserver import serve_directory
from parallax.cli import cli
from tinymodel import build_package
from translate.argos_packages import list_models
from translate.engines import get_engine

pytestmark = pytest.mark.slow  # builds models, starts servers

HINT = ("(hint: download the .argosmodel file another way and run `parallax models install FILE.argosmodel`; "
        "ARGOS_PACKAGE_INDEX names another index)")


def entry(version, link, src="zh", dst="en", **extra):
    return {"package_version": version, "argos_version": "1.11", "from_code": src, "from_name": "Chinese",
            "to_code": dst, "to_name": "English", "type": "translate", "links": [f"__BASE__/{link}"], **extra}


@pytest.fixture(scope="module")
def index_site(tmp_path_factory):
    """An index listing two zh->en versions, an en->zh package, and packages `available` leaves out."""
    root = tmp_path_factory.mktemp("index")
    build_package(root, "0.1")
    build_package(root, "0.2")
    shutil.copy(root / "translate-zh_en-0_2.argosmodel", root / "mislabelled.argosmodel")
    _damaged(root / "translate-zh_en-0_2.argosmodel", root / "damaged.argosmodel", "translate-zh_en-0_2/model/model.bin")
    index = [
        entry("0.1", "translate-zh_en-0_1.argosmodel"),
        entry("0.2", "translate-zh_en-0_2.argosmodel"),
        {**entry("1.0", "en_zh.argosmodel", "en", "zh"), "from_name": "English", "to_name": "Chinese"},
        entry("1.0", "en_de.argosmodel", "en", "de"),
        entry("1.0", "sbd.argosmodel", "zh", "en", type="sbd"),
    ]
    (root / "index.json").write_text(json.dumps(index), encoding="utf-8")
    hits: list[str] = []
    with serve_directory(root, log=hits) as base:
        yield root, base, hits


@pytest.fixture
def index(index_site, monkeypatch):
    root, base, hits = index_site
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", base + "/")
    return root, base, hits


def _damaged(src, dest, member):
    """A copy of src, stored uncompressed, with one byte of member flipped: the zip opens, the
    member fails its CRC check (a download cut short or corrupted on the way)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info), zipfile.ZIP_STORED)
    data = bytearray(dest.read_bytes())
    with zipfile.ZipFile(dest) as zf:
        info = zf.getinfo(member)
    at = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + info.file_size // 2
    data[at] ^= 0xFF
    dest.write_bytes(bytes(data))


def _set_index(root, entries):
    (root / "index.json").write_text(json.dumps(entries), encoding="utf-8")


def test_available_lists_zh_en_and_en_zh_newest_first(index, _isolated_home):
    root, base, hits = index
    r = CliRunner().invoke(cli, ["models", "available"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == [
        "translate-zh_en-0.2\tzh->en", "translate-zh_en-0.1\tzh->en", "translate-en_zh-1.0\ten->zh",
        "install the newest zh->en with: parallax models install zh-en"]
    assert hits[-1] == "GET /index.json"
    rows = json.loads(CliRunner().invoke(cli, ["models", "available", "--json"]).output)
    assert rows[0] == {"name": "translate-zh_en", "version": "0.2", "from_code": "zh", "to_code": "en",
                       "from_name": "Chinese", "to_name": "English",
                       "links": [f"{base}/translate-zh_en-0_2.argosmodel"], "installed": False}
    assert [(r["name"], r["version"]) for r in rows] == [("translate-zh_en", "0.2"), ("translate-zh_en", "0.1"),
                                                         ("translate-en_zh", "1.0")]


def test_install_zh_en_downloads_verifies_and_installs_the_newest(index, _isolated_home):
    root, base, hits = index
    r = CliRunner().invoke(cli, ["models", "install", "zh-en"])
    models = _isolated_home / "models"
    assert r.exit_code == 0, r.output
    assert r.output == f"installed translate-zh_en-0.2 (zh->en) in {models / 'translate-zh_en-0_2'}\n"
    assert "GET /translate-zh_en-0_2.argosmodel" in hits
    assert list((models / ".argos" / "cache" / "downloads").iterdir()) == []  # the download is not kept
    assert [m.label for m in list_models(models)] == ["translate-zh_en-0.2"]
    assert get_engine("auto", models).model == "translate-zh_en-0.2"
    # installed already: nothing is downloaded again
    before = len(hits)
    again = CliRunner().invoke(cli, ["models", "install", "translate-zh_en"])
    assert again.output == r.output and hits[before:] == ["GET /index.json"]
    listed = CliRunner().invoke(cli, ["models", "available"]).output.splitlines()
    assert listed == ["translate-zh_en-0.2\tzh->en\tinstalled", "translate-zh_en-0.1\tzh->en", "translate-en_zh-1.0\ten->zh"]
    doctor = CliRunner().invoke(cli, ["doctor", "--json"])
    checks = {c["name"]: c for c in map(json.loads, doctor.output.splitlines())}
    assert checks["engine"] == {"name": "engine", "status": "ok", "detail": "argos translate-zh_en-0.2 "
                                "(translate.engine is auto)", "hint": None}


@pytest.mark.parametrize("link, message", [
    ("damaged.argosmodel", "translate-zh_en-0.3: downloaded package is damaged (translate-zh_en-0_2/model/model.bin "
                           "fails its CRC check)"),
    ("mislabelled.argosmodel", "translate-zh_en-0.3: downloaded package is zh->en version 0.2, "
                               "not what the index lists"),
    ("missing.argosmodel", "cannot fetch translate-zh_en-0.3 from __BASE__/missing.argosmodel: HTTP 404 Not Found"),
])
def test_a_bad_download_is_one_line_and_nothing_is_installed(index, _isolated_home, link, message):
    root, base, hits = index
    try:
        _set_index(root, [entry("0.3", link)])
        r = CliRunner().invoke(cli, ["models", "install", "zh-en"])
    finally:
        _set_index(root, [entry("0.1", "translate-zh_en-0_1.argosmodel"), entry("0.2", "translate-zh_en-0_2.argosmodel")])
    assert r.exit_code == 1
    assert r.output == f"Error: {message.replace('__BASE__', base)} {HINT}\n"
    models = _isolated_home / "models"
    assert list_models(models) == [] and list((models / ".argos" / "cache" / "downloads").iterdir()) == []


def test_without_the_index_one_line_says_what_to_do(monkeypatch, _isolated_home):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    for args in (["models", "available"], ["models", "install", "zh-en"]):
        r = CliRunner().invoke(cli, args)
        assert r.exit_code == 1
        assert r.output == (f"Error: cannot fetch the Argos package index http://127.0.0.1:9/index.json: "
                            f"connection refused {HINT}\n")


def test_a_pair_the_index_lacks_or_a_word_that_is_neither(index):
    root, base, hits = index
    r = CliRunner().invoke(cli, ["models", "install", "zh-fr"])
    assert r.exit_code == 2
    assert r.output == f"Error: the Argos package index {base}/index.json has no zh->fr package\n"
    r = CliRunner().invoke(cli, ["models", "install", "chinese"])
    assert r.exit_code == 2
    assert r.output == ("Error: chinese: neither a language pair (zh-en) nor an .argosmodel file "
                        "(hint: `parallax models available` lists the pairs)\n")


def test_a_file_still_installs_offline(index_site, monkeypatch, _isolated_home):
    root, base, hits = index_site
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    r = CliRunner().invoke(cli, ["models", "install", str(root / "translate-zh_en-0_1.argosmodel")])
    assert r.exit_code == 0 and r.output.startswith("installed translate-zh_en-0.1 (zh->en) in ")
    with zipfile.ZipFile(root / "translate-zh_en-0_1.argosmodel") as zf:
        assert zf.testzip() is None
