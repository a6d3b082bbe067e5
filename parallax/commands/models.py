"""`parallax models`: install and list offline translation models (argos packages)."""

from __future__ import annotations

import json

import click


def _models_dir(ctx: click.Context):
    from parallax.config import models_dir

    return models_dir(ctx.find_root().obj.config(required=False))


@click.group("models")
def models_group() -> None:
    """Offline translation models (.argosmodel packages) in Parallax's models folder.

    \b
    Example:
      parallax models install translate-zh_en-1_9.argosmodel
      parallax models list
    """


@models_group.command("install")
@click.argument("file", type=click.Path(dir_okay=False))
@click.pass_context
def install_cmd(ctx: click.Context, file: str) -> None:
    """Install a .argosmodel file you downloaded (nothing is fetched from the network).

    An installed version of the same language pair is replaced; the next `parallax run`
    re-translates articles with the new model.

    \b
    Example:
      parallax models install ~/Downloads/translate-zh_en-1_9.argosmodel
    """
    from translate.argos_packages import install_model

    m = install_model(file, _models_dir(ctx))
    click.echo(f"installed {m.label} ({m.from_code}->{m.to_code}) in {m.path}")


@models_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of models ([] when none is installed).")
@click.pass_context
def list_cmd(ctx: click.Context, as_json: bool) -> None:
    """List installed models: name, version, language pair, size, folder.

    \b
    Example:
      parallax models list --json
    """
    from translate.argos_packages import list_models

    d = _models_dir(ctx)
    models = list_models(d)
    if as_json:
        click.echo(json.dumps([m.to_dict() for m in models], ensure_ascii=False, indent=2))
        return
    if not models:
        click.echo(f"no models installed in {d} (translations use the gloss engine)")
        click.echo("install one with: parallax models install FILE.argosmodel")
        return
    for m in models:
        click.echo(f"{m.label}\t{m.from_code}->{m.to_code}\t{m.size_bytes / 1e6:.1f} MB\t{m.path}")


COMMANDS = [models_group]
