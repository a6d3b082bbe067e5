"""`parallax companies`: the registry (list, show), name lookup (resolve) and mention finding (find)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from parallax.errors import EXIT_PARTIAL, ParallaxError, UsageError
from parallax.inputs import input_lines
from parallax.reporting import plural
from store.clean import clean_line
from store.model import TYPES, translation_label


class UnknownCompany(ParallaxError):
    exit_code = EXIT_PARTIAL


def _registry(ctx: click.Context | None = None):
    """Ours, with the config's companies.extra merged over it when there is a config."""
    app = ctx.find_root().obj if ctx is not None else None
    if app is None:
        from translate.registry import default_registry

        return default_registry()
    return app.registry()


def _json(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)


def _archive_or_none(ctx: click.Context):
    """The archive when there is one: `show` and `list` work on the registry alone too."""
    app = ctx.find_root().obj
    if app is None:
        return None
    # A config named by --config or $PARALLAX_CONFIG must load (errors surface, exit 2); without
    # one, the default archive path is used if that file exists.
    path = app.archive_path(required_config=False)
    if not Path(path).exists():
        return None
    return app.open_archive(create=False, required_config=False, read_only=True)


@click.group("companies")
def companies_group() -> None:
    """The company registry: every name a company goes by, tied to one record.

    \b
    Example:
      parallax companies list --type private
      parallax companies show landspace
      parallax companies resolve 藍箭航天 "Blue Arrow Aerospace" "CASIC ExPace"
      echo "蓝箭航天朱雀二号发射成功" | parallax companies find -
      parallax companies suggest --since 2026-01-01 > my-companies.yaml

    Your own organisations and names: list YAML files under companies.extra in the config.
    """


@companies_group.command("list")
@click.option("--type", "type_", help="Only this type: " + ", ".join(TYPES) + ".")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per company.")
@click.pass_context
def list_cmd(ctx: click.Context, type_: str | None, as_json: bool) -> None:
    """List the registry: id, type, English and Chinese names (and article counts if archived).

    \b
    Example:
      parallax companies list
      parallax companies list --type private --json
    """
    if type_ and type_ not in TYPES:
        raise UsageError(f"unknown type {type_!r}", hint="one of " + ", ".join(TYPES))
    reg = _registry(ctx)
    counts: dict[str, int] = {}
    archive = _archive_or_none(ctx)
    if archive is not None:
        from store.companies import article_counts

        with archive:
            counts = article_counts(archive)
    rows = [c for c in reg.companies if not type_ or c.type == type_]
    for c in rows:
        rec = {"id": c.id, "type": c.type, "name_en": c.name_en, "name_zh": c.name_zh, "parent": c.parent,
               "articles": counts.get(c.id, 0)}
        if as_json:
            click.echo(_json(rec))
        else:
            click.echo(f"{c.id:<22} {c.type:<18} {c.name_en}  {c.name_zh or ''}  ({plural(rec['articles'], 'article')})")


def _lookup(ctx: click.Context, name: str):
    c = _registry(ctx).resolve(name)
    if c is None:
        raise UnknownCompany(f"unknown company: {name}", hint="try `parallax companies resolve NAME` or `companies list`")
    return c


@companies_group.command("show")
@click.argument("company")
@click.option("--limit", default=20, show_default=True, help="Articles to list per language.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@click.pass_context
def show_cmd(ctx: click.Context, company: str, limit: int, as_json: bool) -> None:
    """Show one company (by id or any of its names): all its names, products, the vehicles,
    spacecraft and programmes it owns, parent, and its archived articles in Chinese and in English.

    \b
    Example:
      parallax companies show landspace
      parallax companies show 藍箭航天 --json
    """
    c = _lookup(ctx, company)
    reg = _registry(ctx)
    articles = {"zh": [], "en": []}
    archive = _archive_or_none(ctx)
    if archive is not None:
        from store.companies import articles_of

        with archive:
            for lang in articles:
                articles[lang] = articles_of(archive, c.id, lang=lang, limit=limit)
    parent = reg.find(c.parent) if c.parent else None
    children = reg.children(c.id)
    if as_json:
        rec = c.to_dict()
        rec["aliases_all"] = [{"alias": a, "lang": lang} for a, lang in c.all_aliases()]
        rec["children"] = [k.id for k in children]
        rec["vehicles"] = [{"zh": zh, "en": en, "kind": kind} for zh, en, kind in reg.vehicles_of(c.id)]
        rec["articles"] = articles
        click.echo(_json(rec))
        return
    click.echo(f"{c.name_en}  {c.name_zh or ''}  [{c.id}]")
    click.echo(f"  type: {c.type}" + (f"   parent: {parent.name_en} [{parent.id}]" if parent else ""))
    if c.province or c.city:
        click.echo(f"  location: {', '.join(x for x in dict.fromkeys((c.city, c.province)) if x)}")
    if c.segments:
        click.echo(f"  segments: {', '.join(c.segments)}")
    for label, names in (("legal (zh)", c.legal_zh), ("legal (en)", c.legal_en), ("former", c.former),
                         ("also", c.aliases), ("traditional", c.traditional)):
        if names:
            click.echo(f"  {label}: {'; '.join(names)}")
    if c.products:
        click.echo("  products: " + "; ".join(" / ".join(n for n in (p.zh, p.en) if n) for p in c.products))
    vehicles = reg.vehicles_of(c.id)
    if vehicles:
        click.echo("  vehicles and programmes: " + "; ".join(f"{zh} / {en}" for zh, en, _ in vehicles))
    if children:
        click.echo("  subsidiaries: " + ", ".join(f"{k.name_en} [{k.id}]" for k in children))
    if archive is None:
        click.echo("  articles: no archive yet")
        return
    for lang, label in (("zh", "Chinese"), ("en", "English")):
        click.echo(f"  {label} articles ({len(articles[lang])}):")
        for a in articles[lang]:
            title = clean_line(a["title"] or a["url"])
            extra = (f" | {clean_line(a['title_en'])} [{translation_label(lang, a.get('engine'), a.get('model'))}]"
                     if lang == "zh" and a.get("title_en") else "")
            click.echo(f"    {(a['published'] or '')[:10]}  {a['source']}  {title}{extra}")


@companies_group.command("resolve")
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per name.")
@click.pass_context
def resolve_cmd(ctx: click.Context, names: tuple[str, ...], as_json: bool) -> None:
    """Tie names (any script, legal or brand, English or Chinese, pinyin, with legal suffixes,
    parent prefixes or acronyms) to registry ids, saying how each matched: exact, normalised,
    pinyin or fuzzy (with its score), or vehicle (a vehicle, spacecraft or programme the registry
    does not list as a product: its maker, e.g. 神舟 or "Chang'e 6"). An unknown name lists the
    closest candidates.
    Exits 1 if any name is unknown.

    \b
    Example:
      parallax companies resolve 北京蓝箭空间科技有限公司 "Blue Arrow" 藍箭航天 --json
      parallax companies resolve "CASIC ExPace" "Changsha Tianyi" "Spacety Aerospace Co."
    """
    reg = _registry(ctx)
    unknown = 0
    for name in names:
        m = reg.match(name)
        c = m.company
        if c is None:
            unknown += 1
            rec = {"query": name, "id": None, "candidates": [k.to_dict() for k in m.candidates]}
        else:
            rec = {"query": name, "id": c.id, "name_en": c.name_en, "name_zh": c.name_zh, "type": c.type,
                   "how": m.how, "score": m.score}
        if as_json:
            click.echo(_json(rec))
        elif c is None:
            close = ", ".join(f"{k.company.name_en} [{k.company.id}] {k.score:.2f}" for k in m.candidates)
            click.echo(f"{name}\t-\t(unknown{'; closest: ' + close if close else ''})")
        else:
            how = "" if m.how == "exact" else f"\t({m.how} {m.score:.2f})"
            click.echo(f"{name}\t{c.id}\t{c.name_en} {c.name_zh or ''}".rstrip() + how)
    if unknown:
        sys.exit(EXIT_PARTIAL)


@companies_group.command("find")
@click.argument("file", required=False)
@click.option("--text", "-t", "text", help="Text to scan instead of FILE.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input line: {text, companies}.")
@click.pass_context
def find_cmd(ctx: click.Context, file: str | None, text: str | None, as_json: bool) -> None:
    """Find company mentions in each input line (Chinese, Traditional or English), with offsets.

    \b
    Example:
      parallax companies find --text "藍箭航天的朱雀二號與LandSpace" --json
      parallax companies find articles.txt
      cat news.txt | parallax companies find - --json
    """
    from translate.mentions import find_mentions

    reg = _registry(ctx)
    for line in input_lines(file, text):
        ms = find_mentions(line, reg)
        if as_json:
            click.echo(_json({"text": line, "companies": [m.to_dict() for m in ms]}))
        else:
            found = ", ".join(f"{m.company_id}[{m.start}:{m.end}] {m.surface}" for m in ms) or "-"
            click.echo(f"{line}\n  -> {found}")


@companies_group.command("suggest")
@click.option("--since", metavar="DATE", help="Only articles dated on or after DATE (YYYY-MM-DD).")
@click.option("--min", "min_articles", type=click.IntRange(min=1), default=2, show_default=True,
              help="Only names written in at least this many articles.")
@click.option("--json", "as_json", is_flag=True,
              help="One JSON object per name: {kind, name, other, also, company_id, count, articles, examples}.")
@click.pass_context
def suggest_cmd(ctx: click.Context, since: str | None, min_articles: int, as_json: bool) -> None:
    """Names the archive teaches: new names of known organisations (written beside a known name,
    "蓝箭航天（LandSpace）", or as a short form, "以下简称…") and organisations the registry lacks
    (…航天, …科技有限公司, "… Aerospace", "… Space Technology Co."), with counts and example
    sentences. The output is a YAML file to review and list under companies.extra.

    \b
    Example:
      parallax companies suggest --since 2026-01-01 > my-companies.yaml
      parallax companies suggest --json --min 3
    """
    from store.search import date_bound
    from translate.extra import suggestions_yaml
    from translate.suggest import mine

    since = date_bound(since, "--since") if since else None
    app = ctx.find_root().obj
    reg = _registry(ctx)
    archive = app.open_archive(create=False, required_config=False, read_only=True)
    with archive:
        aliases, organisations = mine(archive, reg, since=since, min_articles=min_articles)
    if as_json:
        for kind, rows in (("alias", aliases), ("organisation", organisations)):
            for r in rows:
                click.echo(_json({"kind": kind, **r.to_dict()}))
        return
    heading = (f"parallax companies suggest{' --since ' + since[:10] if since else ''}: "
               f"{plural(len(aliases), 'new name')} of known organisations, "
               f"{plural(len(organisations), 'organisation')} not in the registry "
               f"(each written in at least {plural(min_articles, 'article')}).")
    click.echo(suggestions_yaml(aliases, organisations, reg, heading), nl=False)


COMMANDS = [companies_group]
