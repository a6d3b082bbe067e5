"""Nothing pending means no translator is built; --retranslate redoes every article."""


import pytest

import parallax.run as run_mod
from parallax.demo import demo_config, demo_site_root
from parallax.localsite import serve_directory
from store.archive import Archive

pytestmark = pytest.mark.slow  # starts servers or processes


def test_quiet_rerun_builds_no_translator_and_retranslate_redoes_everything(tmp_path, monkeypatch):
    with serve_directory(demo_site_root()) as site:
        cfg = demo_config(site.base, tmp_path)
        first = run_mod.run(cfg, cfg.archive_path())
        assert (first.articles_new, first.processed, first.translations) == (6, 6, 4)
        assert first.engine == "gloss|-"

        def no_translator(*a, **k):
            raise AssertionError("a run with nothing pending must not load a translation engine")

        monkeypatch.setattr(run_mod, "make_translator", no_translator)
        second = run_mod.run(cfg, cfg.archive_path())
        assert (second.articles_new, second.processed, second.translations) == (0, 0, 0)
        assert second.engine == "gloss|-"

        monkeypatch.undo()
        with Archive.open(cfg.archive_path()) as a:
            a.conn.execute("UPDATE translations SET text_en='STALE'")
        third = run_mod.run(cfg, cfg.archive_path(), retranslate=True)
        assert (third.articles_new, third.processed, third.translations) == (0, 6, 4)
    with Archive.open(cfg.archive_path()) as a:
        assert a.conn.execute("SELECT COUNT(*) FROM translations WHERE text_en='STALE'").fetchone()[0] == 0
        assert a.conn.execute("SELECT COUNT(*) FROM articles WHERE title_en LIKE '%STALE%'").fetchone()[0] == 0
        assert a.conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == 6
