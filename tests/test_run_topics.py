"""Topic tags follow the rules: a change of config.topics, or of our lexicons in an upgrade, tags the
whole archive again on the next run, once."""

import json
import sqlite3

import pytest

from cronsite import parallax, query, write_config, write_site
from parallax.localsite import serve_directory

pytestmark = pytest.mark.slow  # starts servers or processes


def topics(db) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for article_id, topic in query(db, "SELECT article_id, topic FROM topics ORDER BY article_id, topic"):
        out.setdefault(article_id, []).append(topic)
    return out


def retag_lines(db) -> list[str]:
    return [ln for ln in (db.parent / "p.db.log").read_text(encoding="utf-8").splitlines()
            if "topic keywords changed" in ln]


def test_changed_topic_keywords_tag_the_archive_again_once(tmp_path):
    root = tmp_path / "site"
    write_site(root, 6)
    db = tmp_path / "arch" / "p.db"
    with serve_directory(root) as site:
        cfg = write_config(tmp_path / "c.yaml", [{"name": "wire", "kind": "feed", "url": site.url("feed.xml")}], db)
        assert parallax("--config", str(cfg), "run").returncode == 0
        before = topics(db)
        assert len(before) == 6 and all("reusable" not in ts for ts in before.values())
        assert retag_lines(db) == []  # a new archive has nothing to tag again

        # The owner adds a theme: the next run, with nothing new to fetch, applies it to every article.
        settings = json.loads(cfg.read_text(encoding="utf-8"))
        settings["topics"] = {"reusable": {"zh": ["可重复使用!"], "en": ["track record!"]}}
        cfg.write_text(json.dumps(settings, ensure_ascii=False), encoding="utf-8")
        again = parallax("--config", str(cfg), "run")
        assert again.returncode == 0, again.stderr
        after = topics(db)
        assert after == {i: sorted(ts + ["reusable"]) for i, ts in before.items()}
        assert [ln.split("parallax.run: ")[1] for ln in retag_lines(db)] == [
            "topic keywords changed: 6 articles tagged again"]
        assert query(db, "SELECT articles_new, translations FROM runs ORDER BY id DESC LIMIT 1") == [(0, 0)]

        assert parallax("--config", str(cfg), "run").returncode == 0  # unchanged: not tagged again
        assert len(retag_lines(db)) == 1

        # An archive tagged by an older Parallax (other lexicons) is brought in line the same way.
        conn = sqlite3.connect(db)
        with conn:
            conn.execute("DELETE FROM topics")
            conn.execute("UPDATE meta SET value='lexicons of an older release' WHERE key='topics'")
        conn.close()
        assert parallax("--config", str(cfg), "run").returncode == 0
        assert topics(db) == after and len(retag_lines(db)) == 2
