"""`parallax serve`: browse the archive in Datasette (the optional `serve` extra)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import click

from parallax.errors import ParallaxError, UsageError

INSTALL_HINT = "pip install 'parallax-space[serve]'"


def _die_with_parent() -> None:  # in the child, before exec: killed with us even by kill -9 (Linux)
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def run_child(args: list[str], env: dict) -> int:
    """Datasette in a child process that stops when we are stopped: SIGTERM, SIGHUP and SIGINT are
    passed on to it and waited for, so the temporary folder of its files is removed after it."""
    child = subprocess.Popen(args, env=env, preexec_fn=_die_with_parent)
    forwarded = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)

    def forward(signum, _frame):
        if child.poll() is None:
            child.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in forwarded}
    try:
        while True:
            try:
                code = child.wait()
                break
            except KeyboardInterrupt:  # a second Ctrl-C while Datasette shuts down
                continue
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return 0 if code in (-signal.SIGTERM, -signal.SIGHUP, -signal.SIGINT, 130) else code


def require_datasette() -> None:
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise UsageError("datasette is not installed", hint=INSTALL_HINT) from None


def write_serve_files(db: Path, folder: Path) -> tuple[Path, Path, Path]:
    """metadata.json, a plugins folder whose one module re-exports parallax.datasette_plugin, and a
    templates folder with the home page (search and articles first)."""
    from store.browse import HOME_TEMPLATE, datasette_metadata

    meta = folder / "metadata.json"
    meta.write_text(json.dumps(datasette_metadata(db.stem), ensure_ascii=False, indent=2), encoding="utf-8")
    plugins = folder / "plugins"
    plugins.mkdir(exist_ok=True)
    (plugins / "parallax_search.py").write_text("from parallax.datasette_plugin import *  # noqa: F401,F403\n")
    templates = folder / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "index.html").write_text(HOME_TEMPLATE, encoding="utf-8")
    return meta, plugins, templates


def datasette_args(db: Path, meta: Path, plugins: Path, templates: Path, host: str, port: int,
                   open_browser: bool) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", str(db), "--metadata", str(meta),
            "--plugins-dir", str(plugins), "--template-dir", str(templates), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000"]
    return args + (["--open"] if open_browser else [])


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port (0: any free).")
@click.option("--open", "open_browser", is_flag=True, help="Open a browser at the archive.")
@click.option("--print-metadata", is_flag=True, help="Print the Datasette metadata JSON and exit.")
@click.pass_obj
def serve_command(app, host, port, open_browser, print_metadata):
    """Browse and query the archive in Datasette: the bilingual search and the articles table first on
    the home page, table and column descriptions, a company's articles, weekly counts by company and
    by theme. The search reads queries as `parallax search` does (Chinese segmented, company names,
    sector terms and amounts in both languages) and says why when it cannot. Needs the optional
    extra: pip install 'parallax-space[serve]'.

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
        meta, plugins, templates = write_serve_files(db, Path(tmp))
        env = dict(os.environ)
        # The plugin imports parallax/, store/ and translate/: make them importable from the child process.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        click.echo(f"Serving {db} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        code = run_child(datasette_args(db, meta, plugins, templates, host, port, open_browser), env)
    if code not in (0, -2, 130):
        raise ParallaxError(f"datasette exited with status {code}", hint="see its message above")


COMMANDS = [serve_command]
