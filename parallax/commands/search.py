"""`parallax search`: full-text search of the archive in either language."""

from __future__ import annotations

import json

import click

from parallax.errors import UsageError
from store.clean import clean_line
from store.model import TOPIC_IDS, translation_label
from store.search import MAX_LIMIT


def company_id(name: str, registry, resolve, archive) -> str:
    """A --company value (id or any name) as a registry id; unknown names are a usage error."""
    c = resolve(name) or registry.resolve(name)
    if c is not None:
        return c.id
    if archive.is_mentioned(name):  # an id of an older registry still in the archive
        return name
    raise UsageError(f"unknown company: {name}", hint="see `parallax companies list`")


def topic_id(name: str, config, archive) -> str:
    """A --topic value checked against the built-in topics, the config's and those in the archive."""
    if name in TOPIC_IDS:
        return name
    # topics_topic (topic, article_id) makes both lookups index-only, never a scan of the archive.
    if archive.has_topic(name):
        return name
    configured = list(config().topics)
    if name in configured:
        return name
    known = list(TOPIC_IDS) + sorted((set(configured) | set(archive.topics_in_use())) - set(TOPIC_IDS))
    raise UsageError(f"unknown topic: {name}", hint="known topics: " + ", ".join(known))


@click.command("search")
@click.argument("query")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Only articles originally in this language.")
@click.option("--company", help="Only articles mentioning this company (id or any of its names).")
@click.option("--source", help="Only articles from this source (its name in config).")
@click.option("--topic", help="Only articles tagged with this topic id (e.g. funding; built-in, from config.topics, or in the archive).")
@click.option("--since", metavar="DATE", help="Published on or after DATE (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Published on or before DATE (YYYY-MM-DD).")
@click.option("--order", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Best match first, or newest first.")
@click.option("--limit", type=click.IntRange(min=1, max=MAX_LIMIT), default=20, show_default=True,
              help=f"Most results to show (at most {MAX_LIMIT:,}).")
@click.option("--exact", is_flag=True,
              help="Search only what is typed: no company names, sector terms or amounts in other forms.")
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON array of results (with both snippets and the expansions applied).")
@click.pass_obj
def search_command(app, query, lang, company, source, topic, since, until, order, limit, exact, as_json):
    """Search titles and texts, in the original and in English; snippets read in English.

    Words must all match; "quoted phrases" match in order; OR, -word (exclude), ( ), word*,
    title: and text: (e.g. title:LandSpace), and NEAR (LandSpace NEAR Zhuque, a NEAR/5 b,
    NEAR(a b c, 10)) work too. A company name in any form (LandSpace, Blue Arrow, 藍箭航天) finds
    all its names; a term of the sector (funding, launch, test firing, satellite internet ...) also
    finds its Chinese and English forms (融资, financing ...), an amount its other spellings
    (十亿元 = "1 billion yuan"); --exact turns all of that off.
    A query that starts with - goes after --: parallax search -- "-融资 航天".

    \b
    Example:
      parallax search funding --since 2026-06-01
      parallax search "Space Pioneer" --lang zh --order date --json
      parallax search "test firing" --company landspace --limit 5
      parallax search "1 billion yuan" --exact
    """
    from store.search import Filters, count, date_bound, search
    from translate.lookup import query_language

    registry = app.registry()
    words = query_language(registry, names=not exact, terms=not exact)
    parsed = words.parse(query)
    for value, option in ((since, "--since"), (until, "--until")):
        if value:
            date_bound(value, option)  # named as the user typed it
    archive = app.open_archive(create=False, required_config=False, read_only=True)
    try:
        cid = company_id(company, registry, words.resolve or query_language(registry).resolve, archive) if company else None
        if topic:
            topic = topic_id(topic, lambda: app.config(required=False), archive)
        filters = Filters(lang=lang, source=source, company=cid, topic=topic, since=since, until=until)
        markers = ("[", "]") if as_json else (click.style("", bold=True, reset=False), click.style("", reset=True))
        results = search(archive, parsed, filters=filters, order=order, limit=limit, markers=markers,
                         simplify=words.simplify)
        total = count(archive, parsed, filters=filters) if len(results) == limit and not as_json else len(results)
    finally:
        archive.close()
    if as_json:
        click.echo(json.dumps([{**r.to_dict(), "expansions": parsed.expansions} for r in results],
                              ensure_ascii=False, indent=2))
        return
    for line in expansion_lines(parsed.expansions):
        click.echo(line)
    if not results:
        click.echo("No results.")
        return
    for r in results:
        day = (r.published or "")[:10] or "----------"
        title, title_en = clean_line(r.title), clean_line(r.title_en)
        click.echo(f"{r.id:>6}  {day}  {r.source}  {r.lang or '?'}  {title or title_en or r.url}")
        if title_en and title_en != title:
            click.echo(f"        {title_en}  [{translation_label(r.lang, r.engine, r.model)}]")
        if r.companies:
            click.echo(f"        companies: {', '.join(r.companies)}")
        click.echo(f"        {r.snippet}")
        click.echo(f"        {clean_line(r.url)}")
    if total > len(results):
        click.echo(f"({len(results)} of {total:,} results; --limit shows more)")


# Forms shown per expanded term; --json lists them all.
SHOWN_FORMS = 6


def expansion_lines(expansions: list[dict]) -> list[str]:
    """One line per term the vocabulary or an amount expanded (company names are not listed: every
    name of a company is always searched)."""
    lines = []
    for e in expansions:
        if e["kind"] == "company":
            continue
        others = [f for f in e["forms"] if f.lower() != e["term"].lower()]
        if not others:
            continue
        shown = ", ".join(others[:SHOWN_FORMS]) + (f", … ({len(others)} in all)" if len(others) > SHOWN_FORMS else "")
        lines.append(f"{e['term']} also matches: {shown}")
    if lines:
        lines.append("(--exact searches only what you typed)")
    return lines


COMMANDS = [search_command]
