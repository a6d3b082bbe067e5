"""`parallax sources`: per-source health from the archive, for every source in the config."""

from __future__ import annotations

import json

import click

from store.clean import clean_line

FIELDS = (
    "name", "kind", "status", "last_success", "last_error", "consecutive_failures", "items_seen", "items_new",
)


def source_health(config, archive=None) -> list[dict]:
    """One row per configured source (config order), health from the archive when it has the source;
    sources never crawled show status 'never'. Rows for sources gone from the config are left out."""
    stored = {r["name"]: r for r in archive.sources()} if archive is not None else {}
    rows = []
    if not config.sources:
        # No config (e.g. `--db parallax-demo/archive.db`): what the archive knows is the answer.
        return [
            {k: r.get(k) for k in (*FIELDS, "last_warning")} for r in stored.values()
        ]
    for s in config.sources:
        r = stored.get(s.name, {})
        rows.append({
            "name": s.name,
            "kind": s.kind,
            "status": ("disabled" if not s.enabled else r.get("status") or "never"),
            "last_success": r.get("last_success"),
            "last_error": r.get("last_error"),
            "consecutive_failures": r.get("consecutive_failures", 0),
            "items_seen": r.get("items_seen", 0),
            "items_new": r.get("items_new", 0),
            "last_warning": r.get("last_warning"),
        })
    return rows


def _table(rows: list[dict]) -> str:
    head = ("NAME", "KIND", "STATUS", "LAST SUCCESS", "FAILS", "SEEN", "NEW", "LAST ERROR")
    body = [
        (r["name"], r["kind"], r["status"], r["last_success"] or "-", str(r["consecutive_failures"]),
         str(r["items_seen"]), str(r["items_new"]), clean_line(r["last_error"]) if r["status"] == "failing" else "")
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head) - 1)]
    lines = []
    for row in [head, *body]:
        cells = [c.ljust(w) for c, w in zip(row, widths)] + [row[-1]]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source, in a list.")
@click.pass_obj
def sources(app, as_json: bool) -> None:
    """Per-source health: status (never | ok | failing | disabled), last success, last error,
    consecutive failures, items seen and new in the last crawl.

    \b
    Example:
      parallax sources
      parallax --config config.yaml sources --json | jq '.[] | select(.status == "failing")'
    """
    from parallax.config import Config
    from store.archive import Archive

    # --db alone names an archive, maybe another project's: its own sources are the answer, not the
    # ones a ./config.yaml lists (that would mix two archives' sources).
    own = app.db_path is not None and not app.explicit_config
    config = Config() if own else app.config(required=app.db_path is None)
    path = app.archive_path(required_config=app.db_path is None)
    if path.exists():
        with Archive.open(path, create=False, read_only_ok=True) as archive:
            rows = source_health(config, archive)
    else:
        rows = source_health(config, None)
    origin = (f"sources and health from {path}" if own or not config.sources
              else f"sources of {app.config_label()}, health from {path}")
    click.echo(origin + ("" if path.exists() else " (not created yet)"), err=True)
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        click.echo("no sources configured (add them under `sources:` in config.yaml)")
    else:
        click.echo(_table(rows))
        for r in rows:
            if r["last_warning"] and r["status"] != "disabled":
                click.echo(f"warning {r['name']}: {clean_line(r['last_warning'])}")


COMMANDS = [sources]
