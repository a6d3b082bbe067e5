"""`parallax digest`: build the weekly digest; print it, write it to files, or mail it once."""

from __future__ import annotations

import click

from parallax.errors import UsageError
from parallax.reporting import plural


@click.command("digest")
@click.option("--week", metavar="YYYY-Www", default=None, help="ISO week, e.g. 2026-W47 (default: the last full week).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write DIR/digest-WEEK.html, .txt and .eml instead of printing (sent only with --send).")
@click.option("--send", is_flag=True, help="Mail it to digest.recipients, once per week and recipient list.")
@click.option("--force", is_flag=True, help="With --send: send again even if this week was already sent.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the same selection as JSON (with --out: also write DIR/digest-WEEK.json).")
@click.pass_obj
def digest(app, week: str | None, out_dir: str | None, send: bool, force: bool, as_json: bool) -> None:
    """The weekly digest: the week at a glance, every story once (English lead, key facts,
    the companies it is about and those it mentions, sources in both languages), then by
    company, by theme and what only the Chinese sources said, referring to stories by
    number; new companies, new names and source health (failing, blocked, unreadable,
    quiet). Without --out or --send the text version (or with --json the JSON) is printed.

    \b
    Example:
      parallax digest                          # last full week, as text
      parallax digest --week 2026-W47 --out digests/
      parallax digest --week 2026-W47 --json   # stories, leads, facts, companies as JSON
      parallax digest --send                   # cron: Mondays after the crawl
    """
    from digest.build import build_digest
    from digest.jsonout import render_json
    from digest.render import render_all
    from digest.send import send_once
    from digest.week import last_full_week, parse_week
    from parallax.lock import digest_lock
    from parallax.outputs import digest_concepts, names_seen, save_digest_files

    if force and not send:
        raise UsageError("--force only applies to --send", hint="parallax digest --send --force")
    week = parse_week(week)[0] if week else last_full_week()
    config = app.config(required=send)
    options = config.digest_options()
    archive = app.open_archive(create=False, required_config=send, read_only=not send)
    try:
        built = build_digest(archive, week, options, names_seen=names_seen(config), concepts=digest_concepts())
        rendered = render_all(built, options)
        as_text = render_json(built) if as_json else None
        if out_dir:
            for path in save_digest_files(rendered, out_dir, f"digest-{week}", json_text=as_text):
                click.echo(f"wrote {path}")
        if send:
            result = send_once(archive, rendered.message, week=week, stories=rendered.stories, options=options,
                               force=force, exclusive=digest_lock(archive.path))
            who = plural(len(result.recipients), "recipient")
            if result.sent:
                again = " again" if result.previous else ""
                click.echo(f"sent digest {week} ({plural(rendered.stories, 'story', 'stories')}) to {who}{again}")
            else:
                click.echo(f"digest {week} was already sent to these {who} at {result.previous['sent_at']}; "
                           "nothing sent (use --force to resend)")
        if not out_dir and not send:
            click.echo(as_text if as_json else rendered.text, nl=False)
    finally:
        archive.close()


COMMANDS = [digest]
