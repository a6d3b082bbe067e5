"""The `parallax` command line: wiring and reporting only; the work lives in the stage packages."""

from __future__ import annotations

import atexit
import gc
import sys

import click

from parallax.context import AppContext
from parallax.errors import EXIT_USAGE, damaged, describe, describe_lines, exit_code
from store.errors import DatabaseError, StageError


class ParallaxGroup(click.Group):
    """The one boundary: every error of ours or of a stage becomes one line on stderr and its exit
    code (parallax.errors), never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except StageError as e:
            for line in describe_lines(e):
                click.echo(f"Error: {line}", err=True)
            ctx.exit(exit_code(e))
        except DatabaseError as e:  # a damaged archive met while reading or writing it
            error = damaged(ctx.obj.archive_label() if ctx.obj is not None else "the archive", e)
            click.echo(f"Error: {describe(error)}", err=True)
            ctx.exit(exit_code(error))
        except KeyboardInterrupt:
            click.echo("Error: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=ParallaxGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default ./config.yaml, or $PARALLAX_CONFIG).",
)
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, help="Archive path; overrides archive.path.")
@click.version_option(package_name="parallax-space", prog_name="parallax")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None) -> None:
    """Parallax: Chinese and English news on China's commercial space sector,
    crawled, translated offline, archived and digested weekly.

    \b
    Example:
      parallax demo                 # offline end-to-end demo
      parallax --config config.yaml run
      parallax search "LandSpace" --since 2026-01-01
    """
    ctx.obj = AppContext(config_path=config_path, db_path=db_path)


def _register() -> None:
    from parallax.commands import (
        companies,
        demo,
        digest,
        doctor,
        export,
        feed,
        models,
        run,
        search,
        serve,
        sources,
        translate,
    )

    for mod in (demo, run, sources, export, search, companies, translate, models, digest, feed, doctor, serve):
        for command in mod.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    # A cron run is a short-lived process: its objects need no last garbage collection at exit.
    atexit.register(gc.freeze)
    try:
        cli(prog_name="parallax")
    except StageError as e:  # raised outside a command (e.g. during argument parsing)
        for line in describe_lines(e):
            click.echo(f"Error: {line}", err=True)
        sys.exit(exit_code(e) or EXIT_USAGE)
