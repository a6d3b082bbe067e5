"""`parallax serve`: browse the archive in Datasette (the optional `serve` extra)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from parallax.errors import ParallaxError, UsageError

INSTALL_HINT = "pip install 'parallax-space[serve]'"


def require_datasette() -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise UsageError("datasette is not installed", hint=INSTALL_HINT) from None


def write_serve_files(db: Path, folder: Path) -> tuple[Path, Path]:
    """metadata.json and a plugins folder whose one module re-exports parallax.datasette_plugin."""
    from store.browse import datasette_metadata

    meta = folder / "metadata.json"
    meta.write_text(json.dumps(datasette_metadata(db.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    plugins = folder / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "parallax_search.py").write_text("from parallax.datasette_plugin import *  # noqa: F401,F403\n")
    return meta, plugins


def datasette_args(db: Path, meta: Path, plugins: Path, host: str, port: int, open_browser: bool) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(meta),
            "--plugins-dir", str(plugins), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000"]
    return args + (["--open"] if open_browser else [])


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port (0: any free).")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser at the archive.")
@click.option("--print-metadata", is_flag=True, help="Print the Datasette metadata JSON and exit.")
@click.pass_obj
def serve_command(app, host, port, open_browser, print_metadata):
    """Browse and query the archive in Datasette: table and column descriptions, a search that
    segments Chinese and expands company names, a company's articles, weekly counts by company
    and by theme. Needs the optional extra: pip install 'parallax-space[serve]'.

    \b
    Example:
      parallax serve                    # http://127.0.0.1:8001/
      parallax --db archive.db serve --port 8080 --open
    """
    db = app.archive_path(required_config=False)
    if print_metadata:
        from store.browse import datasette_metadata

        click.echo(json.dumps(datasette_metadata(db.stem), ensure_ascii=False, indent=2))
        return
    require_datasette()
    app.open_archive(create=False, required_config=False).close()  # exists and is migrated
    with tempfile.TemporaryDirectory(prefix="parallax-serve-") as tmp:
        meta, plugins = write_serve_files(db, Path(tmp))
        env = dict(os.environ)
        # The plugin imports parallax/, store/ and translate/: make them importable from the child process.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        try:
            code = subprocess.call(datasette_args(db, meta, plugins, host, port, open_browser), env=env)
        except KeyboardInterrupt:
            code = 0
    if code not in (0, -2, 130):
        raise ParallaxError(f"datasette exited with status {code}", hint="see its message above")


COMMANDS = [serve_command]
