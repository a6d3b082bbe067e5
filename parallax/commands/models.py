"""`parallax models`: offline translation models (Argos packages): what the index offers, install, list."""

from __future__ import annotations

import json

import click


def _models_dir(ctx: click.Context):
    from parallax.config import models_dir

    return models_dir(ctx.find_root().obj.config(required=False))


@click.group("models")
def models_group() -> None:
    """Offline translation models (Argos packages) in Parallax's models folder.

    `available` and `install zh-en` read the Argos package index (argospm's, or the one
    $ARGOS_PACKAGE_INDEX names); `install FILE.argosmodel` needs no network.

    \b
    Example:
      parallax models available
      parallax models install zh-en
      parallax models install translate-zh_en-1_9.argosmodel
      parallax models list
    """


@models_group.command("available")
@click.option("--json", "as_json", is_flag=True,
              help="A JSON array: {name, version, from_code, to_code, from_name, to_name, links, installed}.")
@click.pass_context
def available_cmd(ctx: click.Context, as_json: bool) -> None:
    """List the zh->en and en->zh packages of the Argos package index, newest first.

    Exit 1 with one line when the index cannot be reached.

    \b
    Example:
      parallax models available
      ARGOS_PACKAGE_INDEX=https://mirror.example.org/argospm/ parallax models available --json
    """
    from translate.argos_index import available
    from translate.argos_packages import list_models

    d = _models_dir(ctx)
    found = available(d)
    have = {(m.from_code, m.to_code, m.version) for m in list_models(d)}
    rows = [{**a.to_dict(), "installed": (a.from_code, a.to_code, a.version) in have} for a in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("the package index lists no zh->en or en->zh package")
        return
    for r in rows:
        mark = "\tinstalled" if r["installed"] else ""
        click.echo(f"{r['name']}-{r['version']}\t{r['from_code']}->{r['to_code']}{mark}")
    if not any(r["installed"] and r["from_code"] == "zh" for r in rows):
        click.echo("install the newest zh->en with: parallax models install zh-en")


@models_group.command("install")
@click.argument("what", metavar="zh-en|FILE.argosmodel")
@click.pass_context
def install_cmd(ctx: click.Context, what: str) -> None:
    """Install the newest package of a language pair from the Argos package index, or a
    .argosmodel file you have (nothing is fetched then).

    A download is verified (every file's checksum in the package, and its metadata against
    the index) before it is installed. An installed version of the same language pair is
    replaced; the next `parallax run` re-translates articles with the new model.

    \b
    Example:
      parallax models install zh-en
      parallax models install ~/Downloads/translate-zh_en-1_9.argosmodel
    """
    from pathlib import Path

    from parallax.errors import UsageError
    from translate.argos_index import install_from_index, parse_pair
    from translate.argos_packages import install_model

    pair = parse_pair(what)
    if pair is not None and not Path(what).exists():
        m = install_from_index(pair, _models_dir(ctx))
    elif pair is None and not what.endswith(".argosmodel") and not Path(what).exists():
        raise UsageError(f"{what}: neither a language pair (zh-en) nor an .argosmodel file",
                         hint="`parallax models available` lists the pairs")
    else:
        m = install_model(what, _models_dir(ctx))
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
        click.echo("install one with: parallax models install zh-en (or FILE.argosmodel, offline)")
        return
    for m in models:
        click.echo(f"{m.label}\t{m.from_code}->{m.to_code}\t{m.size_bytes / 1e6:.1f} MB\t{m.path}")


COMMANDS = [models_group]
