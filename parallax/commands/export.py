"""`parallax export`: the whole archive (or since a date) as JSON Lines, CSV or an Excel workbook."""

from __future__ import annotations

import click

from parallax.errors import UsageError


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "xlsx"]), default="jsonl", show_default=True,
              help="JSON Lines (lists as arrays), CSV or an Excel workbook (lists joined with ';').")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark, so Excel shows Chinese right.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True,
              help="File to write (replaced only once the export is complete); - is standard output (not for xlsx).")
@click.pass_obj
def export_command(app, fmt, since, bom, output):
    """Export one record per article: url, canonical_url, source, lang, title, title_en, text,
    text_en, published, fetched, companies (ids), company_names (English), topics, engine, status,
    media (voice or video for a post kept by its title, else empty).

    \b
    Example:
      parallax export --format jsonl > archive.jsonl
      parallax export --format csv --bom --since 2026-06-01 -o june.csv
      parallax export --format xlsx -o archive.xlsx
    """
    from parallax.outputs import atomic_output
    from store.export import XLSX_CELL_MAX, XlsxReport, export
    from store.search import date_bound

    if since:
        date_bound(since, "--since")  # a bad date fails before any output file is created
    if bom and fmt != "csv":
        raise UsageError("--bom is for --format csv", hint="JSON Lines and xlsx need no byte order mark")
    if fmt == "xlsx" and output == "-":
        raise UsageError("--format xlsx writes a file", hint="give one with -o, e.g. -o archive.xlsx")
    report = XlsxReport()
    archive = app.open_archive(create=False, required_config=False, read_only=True)
    try:
        if output == "-":
            with click.open_file("-", "w", encoding="utf-8") as out:
                n = export(archive, out, fmt, since, bom=bom)
        else:
            with atomic_output(output, encoding=None if fmt == "xlsx" else "utf-8") as out:
                n = export(archive, out, fmt, since, bom=bom, report=report)
    finally:
        archive.close()
    if output != "-":
        click.echo(f"exported {n} articles to {output}", err=True)
    if report.cells_cut:
        click.echo(f"{report.cells_cut} cells were longer than Excel holds and end at {XLSX_CELL_MAX:,} characters "
                   "(the full text is in --format jsonl or csv)", err=True)


COMMANDS = [export_command]
