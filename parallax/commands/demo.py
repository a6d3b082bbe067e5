"""`parallax demo`: the offline end-to-end demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from parallax.reporting import engine_label
from store.clean import clean_line
from store.model import translation_label


@click.command("demo")
@click.option("--dir", "out_dir", type=click.Path(file_okay=False), default="parallax-demo", show_default=True,
              help="Where the demo archive and digest go.")
def demo_cmd(out_dir: str) -> None:
    """Run the whole pipeline offline on a bundled sample site.

    Serves sample Chinese and English feeds, article pages and a WeChat-style
    post on 127.0.0.1, runs exactly what `parallax run` runs into DIR/archive.db,
    then writes the week's digest to DIR/digest.html, DIR/digest.txt and DIR/digest.eml.

    \b
    Example:
      parallax demo --dir /tmp/parallax-demo
      parallax --db /tmp/parallax-demo/archive.db search funding
    """
    from parallax.demo import run_demo

    result = run_demo(Path(out_dir), echo=click.echo)
    r = result.report
    click.echo(
        f"Crawled {len(r.sources_ok)} sources ({len(r.sources_failed)} failed): {r.articles_new} new articles, "
        f"{r.translations} translated with {engine_label(r.engine)}"
    )
    for name, err in r.sources_failed:
        click.echo(f"  source {name} failed: {err}", err=True)
    langs = ", ".join(f"{n} {lang}" for lang, n in sorted(result.articles.items()))
    click.echo(f"Archive: {result.archive} ({langs})")
    click.echo(f"Digest for {result.week}: " + ", ".join(str(p) for p in result.digest_files))
    db = result.archive
    for query, hits in result.searches:
        click.echo(f"\n$ parallax --db {db} search {query}")
        for h in hits:
            click.echo(f"  [{h.source}] {clean_line(h.title_en or h.title)} [{translation_label(h.lang, h.engine, h.model)}]"
                       f"  ({h.url})")
            click.echo(f"      {h.snippet}")
        if not hits:
            click.echo("  (no results)")
    click.echo(f"\nNext: parallax --db {db} export --format jsonl | head")
    if r.exit_code:
        sys.exit(r.exit_code)


COMMANDS = [demo_cmd]
