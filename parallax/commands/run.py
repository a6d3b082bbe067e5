"""`parallax run`: the cron job."""

from __future__ import annotations

import sys

import click

from parallax.logs import console
from parallax.reporting import progress_callback
from translate.engines import ENGINES


@click.command("run")
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this source (repeatable).")
@click.option("--wait", is_flag=True, help="Wait for another run holding the archive lock instead of exiting 75.")
@click.option("--retranslate", is_flag=True,
              help="Process and translate every article again, ignoring cached translations "
                   "(after a glossary, registry or model fix; a newly installed model needs no flag).")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Override translate.engine from the config for this run.")
@click.option("-v", "--verbose", is_flag=True, help="Log progress and the summary even when not on a terminal.")
@click.pass_obj
def run_cmd(app, sources: tuple[str, ...], wait: bool, retranslate: bool, engine: str | None, verbose: bool) -> None:
    """Crawl, extract, find companies, translate and index: the cron job.

    Translates each Chinese article's title and lead (translate.body: full for the whole
    text) and reports the characters translated per engine. Quiet on success when not on a
    terminal, so cron mails only problems; everything is also logged to ARCHIVE.log beside
    the archive (rotated at 1 MB, 5 kept). An llm server that cannot be reached is one
    line: its articles get the gloss for now and stay pending for the llm engine.
    Exit 0 all ok, 1 a source or the translation server failed, a source skipped items, a
    mirror answered with verification pages or the archive could not be written, 2 bad
    config, 75 another run holds the lock.

    \b
    Example:
      parallax --config ~/parallax/config.yaml run
      parallax run --source spacenews --source 36kr --wait
      parallax run --engine llm -v
    """
    from parallax.run import run

    config = app.config()
    with console(verbose=verbose):
        report = run(
            config, app.archive_path(), list(sources) or None, wait=wait,
            on_progress=progress_callback("Processing"), retranslate=retranslate, engine=engine,
        )
    if report.exit_code:
        sys.exit(report.exit_code)


COMMANDS = [run_cmd]
