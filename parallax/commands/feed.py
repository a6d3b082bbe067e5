"""`parallax feed`: the archive as an English Atom feed, for the feed reader a reader already uses."""

from __future__ import annotations

import click

from parallax.commands.search import company_id, topic_id


@click.command("feed")
@click.option("--company", help="Only articles naming this company (id or any of its names).")
@click.option("--topic", help="Only articles tagged with this topic id (e.g. funding).")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(min=1, max=5000), default=200, show_default=True,
              help="Most entries, newest first.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default="-", show_default=True,
              help="File to write (replaced only once complete); - is standard output.")
@click.pass_obj
def feed_command(app, company, topic, since, limit, output):
    """Write an Atom feed of the archive in English: each entry has the English title and
    lead, the companies and topics as categories, the link to the original and which
    engine wrote the English. Serve the file from any web server, or point a feed reader
    that reads local files at it.

    \b
    Example:
      parallax feed -o parallax.xml
      parallax feed --company landspace --since 2026-11-01 -o landspace.xml
      parallax feed --topic funding > funding.xml
    """
    from digest.atom import atom_feed
    from parallax.outputs import atomic_output
    from store.search import date_bound

    if since:
        # stored times are UTC: a bound with an offset must be compared as UTC, as search and export do
        since = date_bound(since, "--since")
    archive = app.open_archive(create=False, required_config=False, read_only=True)
    try:
        cid = None
        if company:
            from translate.lookup import query_language

            registry = app.registry()
            cid = company_id(company, registry, query_language(registry).resolve, archive)
        if topic:
            topic = topic_id(topic, lambda: app.config(required=False), archive)
        xml = atom_feed(archive, company=cid, topic=topic, since=since, limit=limit)
    finally:
        archive.close()
    if output == "-":
        click.echo(xml.decode("utf-8"), nl=False)
        return
    with atomic_output(output, encoding=None) as f:
        f.write(xml)
    click.echo(f"wrote {output}", err=True)


COMMANDS = [feed_command]
