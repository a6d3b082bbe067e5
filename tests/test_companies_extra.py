"""The user's own organisations and names (config companies.extra): merged over ours, validated with
the file, entry and key named, and a change finds every archived article's mentions again, once."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from parallax.cli import cli
from store.archive import Archive
from store.model import Article, Enrichment
from translate.enrich import mentions_for_storage, retag_mentions
from translate.errors import RegistryError
from translate.extra import registry_with
from translate.mentions import find_mentions
from translate.registry import default_registry

ACME = """\
companies:
  # a new organisation
  - id: acme_orbital
    name_en: Acme Orbital
    name_zh: 阿克米轨道
    type: private
    parent: landspace
    aliases: [Acme Orbital Systems]
    lookup_only: [Acme]
  # more names for one of ours
  - id: landspace
    aliases: [LS Rockets, 蓝箭空间]
    note: our note wins
"""


def write(tmp_path: Path, body: str, name: str = "mine.yaml") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


def test_a_users_file_adds_organisations_and_names(tmp_path):
    reg = registry_with([write(tmp_path, ACME)])
    assert len(reg) == len(default_registry()) + 1
    acme = reg.get("acme_orbital")
    assert (acme.parent, acme.traditional) == ("landspace", ("阿克米軌道",))
    assert [k.id for k in reg.children("landspace")] == ["hongqing", "acme_orbital"]
    land = reg.get("landspace")
    assert land.aliases[-2:] == ("LS Rockets", "蓝箭空间") and land.note == "our note wins"
    assert land.name_en == "LandSpace" and land.legal_zh == default_registry().get("landspace").legal_zh
    assert reg.resolve("Acme Orbital Systems Co., Ltd.").id == "acme_orbital"
    assert reg.resolve("Acme").id == "acme_orbital" and reg.resolve("LS Rockets").id == "landspace"
    # running text: new names are found, lookup-only ones are not
    assert [(m.company_id, m.surface) for m in find_mentions("阿克米轨道与蓝箭空间签约，Acme 表示", reg)] == [
        ("acme_orbital", "阿克米轨道"), ("landspace", "蓝箭空间")]
    # ours is untouched, and the same contents give the same registry
    assert default_registry().find("acme_orbital") is None and default_registry().resolve("LS Rockets") is None
    assert registry_with([tmp_path / "mine.yaml"]) is reg
    assert registry_with([]) is default_registry()


def test_a_parent_may_be_named_as_a_reader_would(tmp_path):
    reg = registry_with([write(tmp_path, "companies:\n- {id: x1, name_en: X One, type: soe_subsidiary, parent: CASIC}\n"
                                         "- {id: x2, name_en: X Two, type: soe_subsidiary, parent: 中国航天科技集团公司}\n")])
    assert (reg.get("x1").parent, reg.get("x2").parent) == ("casic", "casc")
    with pytest.raises(RegistryError, match=r"companies.0 \(x1\): parent 'Casick' is not in the registry"):
        registry_with([write(tmp_path, "companies:\n- {id: x1, name_en: X One, type: private, parent: Casick}\n")])


def test_later_files_win(tmp_path):
    first = write(tmp_path, "companies:\n- {id: landspace, name_en: LandSpace Corp}\n", "a.yaml")
    second = write(tmp_path, "companies:\n- {id: landspace, name_en: LandSpace Inc}\n", "b.yaml")
    assert registry_with([first, second]).get("landspace").name_en == "LandSpace Inc"
    assert registry_with([second, first]).get("landspace").name_en == "LandSpace Corp"


@pytest.mark.parametrize("body, message", [
    ("companies:\n- {id: landspace, colour: blue}\n",
     "mine.yaml: companies.0 (landspace): unknown keys ['colour']"),
    ("companies:\n- {id: landspace, alias: [X]}\n",
     "mine.yaml: companies.0 (landspace): unknown keys ['alias'] (did you mean 'aliases'?)"),
    ("companies:\n- {id: newco, name_en: New Co}\n",
     "mine.yaml: companies.0 (newco): type must be one of national_team, soe_subsidiary, institute_spinoff, "
     "private, listed, investor, not None"),
    ("companies:\n- {id: newco, type: private}\n", "mine.yaml: companies.0 (newco): name_en is required"),
    ("companies:\n- {id: New Co, name_en: New, type: private}\n",
     "mine.yaml: companies.0 (New Co): bad or missing id: 'New Co' (lower-case letters, digits, _ and -)"),
    ("companies:\n- {id: landspace, aliases: Blue}\n- {id: ispace, aliases: [[x]]}\n",
     "mine.yaml: companies.1 (ispace): aliases must be a list of non-empty strings"),
    ("companies:\n- {id: newco, name_en: New, type: private, parent: nobody}\n",
     "mine.yaml: companies.0 (newco): parent 'nobody' is not in the registry"),
    ("companies:\n- {id: landspace, products: [{zh: 朱雀九号, name: x}]}\n",
     "mine.yaml: companies.0 (landspace): products.0: unknown keys ['name']"),
    ("companies:\n- just a name\n", "mine.yaml: companies.0: each entry must be a mapping of keys"),
    ("companys:\n- {id: landspace}\n", "mine.yaml: unknown keys ['companys'] (did you mean 'companies'?)"),
    ("companies: {id: landspace}\n", "mine.yaml: companies must be a list of entries"),
    ("companies:\n- {id: landspace\n", "mine.yaml: line 3: not valid YAML"),
    # one name, one organisation
    ("companies:\n- {id: ispace, aliases: [Blue Arrow]}\n",
     "mine.yaml: companies.0 (ispace): 'Blue Arrow' is already a name of landspace (ours): one name, one organisation"),
    ("companies:\n- {id: a1, name_en: Alpha One, type: private}\n- {id: a2, name_en: ALPHA ONE, type: private}\n",
     "mine.yaml: companies.0 (a1): 'Alpha One' is already a name of a2 (another entry's)"),
])
def test_every_mistake_is_one_line_naming_file_entry_and_key(tmp_path, body, message):
    with pytest.raises(RegistryError) as e:
        registry_with([write(tmp_path, body)])
    line = e.value.one_line()
    assert "\n" not in line
    assert line.startswith(str(tmp_path / "mine.yaml")) and message.split("mine.yaml", 1)[1] in line


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RegistryError, match=r"nothere\.yaml: file not found"):
        registry_with([tmp_path / "nothere.yaml"])


def test_an_empty_file_adds_nothing(tmp_path):
    assert len(registry_with([write(tmp_path, "# nothing yet\n")])) == len(default_registry())


def run_cli(*args):
    return CliRunner().invoke(cli, list(args))


def config_with(tmp_path, extra) -> Path:
    cfg = tmp_path / "config.yaml"
    cfg.write_text(json.dumps({"archive": {"path": "a.db"}, "companies": {"extra": extra}}), encoding="utf-8")
    return cfg


def test_the_cli_reads_the_configs_files_relative_to_the_config(tmp_path):
    write(tmp_path, ACME)
    cfg = config_with(tmp_path, ["mine.yaml"])
    r = run_cli("--config", str(cfg), "companies", "resolve", "Acme Orbital", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["id"] == "acme_orbital"
    r = run_cli("--config", str(cfg), "companies", "find", "--text", "阿克米轨道发射")
    assert r.output.splitlines()[1] == "  -> acme_orbital[0:5] 阿克米轨道"
    r = run_cli("--config", str(cfg), "companies", "show", "acme_orbital")
    assert r.output.splitlines()[:2] == ["Acme Orbital  阿克米轨道  [acme_orbital]",
                                         "  type: private   parent: LandSpace [landspace]"]
    assert run_cli("companies", "resolve", "Acme Orbital").exit_code == 1  # no config: ours only


def test_a_bad_file_is_a_configuration_error_exit_2(tmp_path):
    write(tmp_path, "companies:\n- {id: landspace, colour: blue}\n")
    r = run_cli("--config", str(config_with(tmp_path, ["mine.yaml"])), "companies", "resolve", "LandSpace")
    assert r.exit_code == 2
    assert r.output.splitlines() == [
        f"Error: company registry: {tmp_path / 'mine.yaml'}: companies.0 (landspace): unknown keys ['colour']"]
    r = run_cli("--config", str(config_with(tmp_path, ["gone.yaml"])), "companies", "list")
    assert r.exit_code == 2 and r.output.strip() == f"Error: company registry: {tmp_path / 'gone.yaml'}: file not found"
    r = run_cli("--config", str(config_with(tmp_path, [" "])), "companies", "list")
    assert r.exit_code == 2 and "companies.extra: " in r.output and "empty file name" in r.output


def archive_with(n: int) -> Archive:
    a = Archive.memory()
    for i in range(n):
        text = f"第{i}条：阿克米轨道与蓝箭航天签约。" if i % 2 == 0 else f"Item {i}: Acme Orbital and LandSpace sign."
        lang = "zh" if i % 2 == 0 else "en"
        aid = a.upsert_article(Article(url=f"https://example.cn/{i}", source="s", title=f"t{i}", text=text,
                                       lang=lang, published="2026-03-02T08:00:00Z")).id
        a.save_enrichment(aid, Enrichment(lang=lang, title_en=None, text_en=None, engine="none", model=None,
                                          mentions=mentions_for_storage([], find_mentions(text)), topics=[],
                                          index={"title": "", "text": ""}, key="k"))
    return a


def mentioned(a: Archive) -> list[tuple]:
    return [tuple(r) for r in a.conn.execute(
        "SELECT article_id, company_id, field, start, surface FROM mentions ORDER BY article_id, start")]


def test_retag_finds_mentions_again_a_batch_at_a_time(tmp_path):
    a = archive_with(5)
    assert {r[1] for r in mentioned(a)} == {"landspace"}
    reg = registry_with([write(tmp_path, ACME)])
    calls = []
    real = a.enriched_articles
    a.enriched_articles = lambda **kw: calls.append(kw) or real(**kw)
    assert retag_mentions(a, reg, batch=2) == 5
    # three batches and the empty read that ends them, each after the last id seen: no rescans
    assert [c["after_id"] for c in calls] == [0, 2, 4, 5] and {c["limit"] for c in calls} == {2}
    assert mentioned(a)[:2] == [(1, "acme_orbital", "text", 4, "阿克米轨道"), (1, "landspace", "text", 10, "蓝箭航天")]
    assert mentioned(a)[2:4] == [(2, "acme_orbital", "text", 8, "Acme Orbital"), (2, "landspace", "text", 25, "LandSpace")]
    # and back: without the file the names are gone again
    assert retag_mentions(a, default_registry()) == 5
    assert {r[1] for r in mentioned(a)} == {"landspace"}


@pytest.mark.slow
def test_a_run_after_a_change_finds_mentions_again_once(tmp_path):
    from cronsite import parallax, query, write_config, write_site
    from parallax.localsite import serve_directory

    write_site(tmp_path / "site", 6)
    db = tmp_path / "arch" / "p.db"
    fund = write(tmp_path, "companies:\n- {id: wire_fund, name_en: Wire Fund, name_zh: 国家级产业基金, type: investor}\n")

    def retag_lines():
        return [ln.split("parallax.run: ")[1] for ln in (db.parent / "p.db.log").read_text(encoding="utf-8").splitlines()
                if "company names changed" in ln]

    with serve_directory(tmp_path / "site") as site:
        cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": site.url("feed.xml")}], db)
        assert parallax("--config", str(cfg), "run").returncode == 0
        assert query(db, "SELECT COUNT(*) FROM mentions WHERE company_id='wire_fund'") == [(0,)]
        assert retag_lines() == []  # a new archive: nothing to find again

        settings = json.loads(cfg.read_text(encoding="utf-8"))
        settings["companies"] = {"extra": [fund.name]}
        cfg.write_text(json.dumps(settings), encoding="utf-8")
        again = parallax("--config", str(cfg), "run")
        assert again.returncode == 0, again.stderr
        # the three Chinese articles name the fund; nothing was fetched or translated again
        assert query(db, "SELECT COUNT(DISTINCT article_id) FROM mentions WHERE company_id='wire_fund'") == [(3,)]
        assert query(db, "SELECT name_en, type FROM companies WHERE id='wire_fund'") == [("Wire Fund", "investor")]
        assert retag_lines() == ["company names changed: mentions found again in 6 articles"]
        assert query(db, "SELECT articles_new, translations FROM runs ORDER BY id DESC LIMIT 1") == [(0, 0)]

        assert parallax("--config", str(cfg), "run").returncode == 0  # unchanged: not again
        assert len(retag_lines()) == 1

        fund.write_text("companies:\n- {id: wire_fund, colour: red}\n", encoding="utf-8")
        bad = parallax("--config", str(cfg), "run")
        assert bad.returncode == 2
        assert bad.stderr.strip().splitlines() == [
            f"Error: company registry: {fund}: companies.0 (wire_fund): unknown keys ['colour']"]


def test_doctor_checks_the_extra_files(tmp_path):
    write(tmp_path, ACME)
    cfg = config_with(tmp_path, ["mine.yaml"])
    lines = run_cli("--config", str(cfg), "doctor").output.splitlines()
    n = len(default_registry()) + 1
    assert f"ok    companies {n} organisations (1 new from 1 file in companies.extra)" in lines
    write(tmp_path, "companies:\n- {id: landspace, colour: blue}\n")
    r = run_cli("--config", str(cfg), "doctor")
    assert r.exit_code == 1
    assert (f"FAIL  companies {tmp_path / 'mine.yaml'}: companies.0 (landspace): unknown keys ['colour'] "
            "(hint: fix the file named, or take it out of companies.extra)") in r.output.splitlines()
