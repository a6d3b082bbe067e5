"""`parallax sources`: per-source health from the archive, for every source in the config;
`parallax sources test` (parallax/commands/source_test.py) reads one source now."""

from __future__ import annotations

import json

import click

from parallax.commands.source_test import test_cmd
from store.clean import clean_line
from store.freshness import DEFAULT_QUIET_AFTER_DAYS, shown_status

FIELDS = (
    "name", "kind", "status", "last_success", "last_error", "consecutive_failures", "items_seen", "items_new",
)


def _row(name: str, kind: str, r: dict, fresh, limit, enabled: bool = True, now=None) -> dict:
    """FIELDS, the last warning, and what the archive knows of the source's rhythm and its last
    crawl's pages (last_item, cadence_days, quiet, page_kinds)."""
    status = shown_status(r.get("status"), fresh, now, limit) if enabled else "disabled"
    return {
        "name": name,
        "kind": kind,
        "status": status,
        "last_success": r.get("last_success"),
        "last_error": r.get("last_error"),
        "consecutive_failures": r.get("consecutive_failures", 0),
        "items_seen": r.get("items_seen", 0),
        "items_new": r.get("items_new", 0),
        "last_warning": r.get("last_warning"),
        "last_item": fresh.last_item if fresh else None,
        "cadence_days": fresh.cadence_days if fresh else None,
        "quiet": fresh.describe(now) if status == "quiet" else None,
        "page_kinds": json.loads(r["page_kinds"]) if r.get("page_kinds") else {},
    }


def source_health(config, archive=None, now=None) -> list[dict]:
    """One row per configured source (config order), health from the archive when it has the source;
    sources never crawled show status 'never', sources that answer but stopped bringing items in
    'quiet'. Rows for sources gone from the config are left out."""
    stored = {r["name"]: r for r in archive.sources()} if archive is not None else {}
    fresh = archive.freshness() if archive is not None else {}
    if not config.sources:
        # No config (e.g. `--db parallax-demo/archive.db`): what the archive knows is the answer.
        return [_row(r["name"], r["kind"], r, fresh.get(r["name"]), DEFAULT_QUIET_AFTER_DAYS, now=now)
                for r in stored.values()]
    return [_row(s.name, s.kind, stored.get(s.name, {}), fresh.get(s.name), s.quiet_after_days, s.enabled, now)
            for s in config.sources]


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


@click.group("sources", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source, in a list.")
@click.pass_context
def sources(ctx, as_json: bool) -> None:
    """Per-source health: status (never | ok | warning | quiet | blocked | unreadable | failing |
    disabled), last success, last error, consecutive failures, items seen and new in the last crawl;
    a quiet source's last item and usual rhythm. `sources test NAME|URL` reads one source now.

    \b
    Example:
      parallax sources
      parallax --config config.yaml sources --json | jq '.[] | select(.status == "failing")'
      parallax sources test jiemian-tech
    """
    if ctx.invoked_subcommand is not None:
        return
    from parallax.config import Config
    from store.archive import Archive

    app = ctx.obj
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
            if r["quiet"]:
                click.echo(f"quiet {r['name']}: {r['quiet']}")
            if r["last_warning"] and r["status"] != "disabled":
                click.echo(f"warning {r['name']}: {clean_line(r['last_warning'])}")


sources.add_command(test_cmd)

COMMANDS = [sources]
