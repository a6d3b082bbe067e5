"""`parallax sources test NAME|URL`: read one source now, archive nothing, show what a run would do."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import click

from parallax.errors import UsageError
from store.clean import clean_line

KINDS = ("feed", "page", "wechat")


def probe_spec(config, target: str, kind: str | None):
    """The source to test: a configured one by name (its kind overridden by --kind), or a URL read
    with the configured crawl settings; "auto" lets the probe tell a feed from an article page."""
    from spiders.job import SourceSpec
    from store.urls import web_url

    if any(s.name == target for s in config.sources):
        spec = config.source_specs([target])[0]
        spec = replace(spec, kind=kind) if kind else spec
    elif target.lower().startswith(("http://", "https://")) and web_url(target):
        spec = SourceSpec(name="test", kind=kind or "auto", url=target)
    else:
        raise UsageError(f"{target!r} is neither a configured source nor an http(s) URL",
                         hint="`parallax sources` lists the configured sources")
    if spec.kind == "page" and spec.selectors is None:
        raise UsageError("a page source needs selectors: {link: CSS-or-XPath}",
                         hint="add it to config.yaml with its selectors and test it by name (see docs/SOURCES.md)")
    return spec


def render(report) -> str:
    """The report as a reader scans it: what was read, each item and its fate, the first item's text,
    what each selector matched, every warning."""
    out = [f"{report.source}: {report.kind} {report.url}"]
    if report.error:
        out.append(f"could not read it: {clean_line(report.error)}")
    else:
        found = f", {report.items_found} items" if report.format != "article page" else ""
        out.append(f"read: HTTP {report.status}, {report.format}{found} in {report.seconds:.2f} s (nothing archived)")
    if report.items:
        out += ["", "items (what a run would do):"]
        for n, item in enumerate(report.items, 1):
            out.append(f"  {n}. {clean_line(item.title) or '(no title)'}")
            out.append(f"     {item.url}" + (f"  (archived as {item.key})" if item.key != item.url else ""))
            if item.date:
                out.append(f"     date {clean_line(item.date)!r} -> {item.published or 'not a date'} ({item.zone})")
            else:
                out.append("     no date: the page's own date, else the time it is fetched")
            out.append(f"     lang {item.lang} · {item.action}")
        more = report.items_found - len(report.items)
        if more > 0:
            out.append(f"  ... and {more} more")
    first = report.first
    if first is not None:
        out += ["", f"first item: {first.url}"]
        source = {"page": "text from the page", "feed": "text from the feed", "none": "no text"}[first.text_from]
        facts = [f"{first.kind}, {source}"]
        if first.chars:
            facts.append(f"{first.chars:,} characters")
        if first.lang:
            facts.append(f"lang {first.lang}")
        facts.append(f"published {first.published or 'unknown'}")
        out.append("  " + ", ".join(facts))
        if first.title:
            out.append(f"  title: {clean_line(first.title)}")
        out += [f"  | {clean_line(line)}" for line in first.lines]
    if report.selectors:
        out += ["", "selectors:"]
        width = max(len(m.selector) for m in report.selectors) + 2
        for m in report.selectors:
            shown = f"{m.matched} matched" + (f", first: {clean_line(m.first)}" if m.first and m.matched > 0 else "")
            out.append(f"  {m.name:<5} {repr(m.selector):<{width}} {shown if m.matched >= 0 else 'invalid'}")
        if report.next_page:
            out.append(f"  next page: {report.next_page}")
    out += ["", "warnings:" if report.warnings else "no warnings"]
    out += [f"  - {clean_line(w)}" for w in report.warnings]
    return "\n".join(out)


@click.command("test")
@click.argument("target", metavar="NAME|URL")
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Read it as this kind (default: the source's own; for a URL, a feed if it is one (wechat when "
                   "its items are WeChat posts), else an article page).")
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
@click.pass_obj
def test_cmd(app, target: str, kind: str | None, as_json: bool) -> None:
    """Fetch one source now, archive nothing, and show what a run would do: the items found with
    their dates (and the zone they were read in) and language, what a run does with each, the main
    text of the first item, what each selector of a `page` source matched, and every warning.
    Exit 1 when the source cannot be read.

    \b
    Example:
      parallax sources test jiemian-tech
      parallax sources test https://wechat-mirror.example/feeds/MP_WXS_3941445321.atom --kind wechat
      parallax sources test wx-landspace --json | jq .first.lines
    """
    from spiders.probe import probe

    config = app.config(required=False)
    spec = probe_spec(config, target, kind)
    report = probe(spec, config.crawl_spec())
    click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2) if as_json else render(report))
    if report.error:
        sys.exit(1)
