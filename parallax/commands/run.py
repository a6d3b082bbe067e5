"""`parallax run`: the cron job."""

from __future__ import annotations

import sys

import click

from parallax.reporting import progress_callback


@click.command("run")
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--wait", is_flag=True, help="Wait for another run holding the archive lock instead of exiting 75.")
@click.option("-v", "--verbose", is_flag=True, help="Print the summary even when not on a terminal.")
@click.pass_obj
def run_cmd(app, sources: tuple[str, ...], wait: bool, verbose: bool) -> None:
    """Crawl, extract, find companies, translate and index: the cron job.

    Quiet on success when not on a terminal, so cron mails only problems.
    Exit 0 all sources ok, 1 a source failed, 2 bad config, 75 another run holds the lock.

    \b
    Example:
      parallax --config ~/parallax/config.yaml run
      parallax run --source spacenews --source 36kr-space
    """
    from parallax.run import run

    config = app.config()
    report = run(
        config, app.archive_path(), list(sources) or None, wait=wait, on_progress=progress_callback("Processing")
    )
    for name, err in report.sources_failed:
        click.echo(f"source {name}: {err}", err=True)
    for name, warning in report.warnings:
        click.echo(f"source {name}: warning: {warning}", err=True)
    if verbose or sys.stdout.isatty():
        click.echo(
            f"run {report.run_id}: {len(report.sources_ok)} sources ok, {len(report.sources_failed)} failed; "
            f"{report.articles_new} new and {report.articles_updated} updated articles; "
            f"{report.processed} processed, {report.translations} translated ({report.engine})"
        )
    if report.exit_code:
        sys.exit(report.exit_code)


COMMANDS = [run_cmd]
