"""`parallax export`: the whole archive (or since a date) as JSON Lines or CSV."""

from __future__ import annotations

import click


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="JSON Lines (lists as arrays) or CSV (lists joined with ';').")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True,
              help="File to write (replaced only once the export is complete); - is standard output.")
@click.pass_obj
def export_command(app, fmt, since, output):
    """Export one record per article: url, canonical_url, source, lang, title, title_en, text,
    text_en, published, fetched, companies (ids), topics, engine, status.

    \b
    Example:
      parallax export --format jsonl > archive.jsonl
      parallax export --format csv --since 2026-06-01 -o june.csv
    """
    from parallax.outputs import atomic_output
    from store.export import export
    from store.search import date_bound

    if since:
        date_bound(since, "--since")  # a bad date fails before any output file is created
    archive = app.open_archive(create=False, required_config=False, read_only=True)
    try:
        with click.open_file("-", "w", encoding="utf-8") if output == "-" else atomic_output(output) as out:
            n = export(archive, out, fmt, since)
    finally:
        archive.close()
    if output != "-":
        click.echo(f"exported {n} articles to {output}", err=True)


COMMANDS = [export_command]
