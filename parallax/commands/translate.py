"""`parallax translate`: Chinese lines to English, offline, company names kept canonical."""

from __future__ import annotations

import json
import sys

import click

from parallax.inputs import input_lines
from parallax.reporting import engine_label, plural, progress_callback
from translate.engines import ENGINES


@click.command("translate")
@click.argument("file", required=False)
@click.option("--text", "-t", "text", help="Text to translate instead of FILE.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Override translate.engine from the config.")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per input line: {source, text_en, engine, model, companies, facts, facts_missing}.")
@click.pass_context
def translate_cmd(ctx: click.Context, file: str | None, text: str | None, engine: str | None, as_json: bool) -> None:
    """Translate each input line to English (argos model if installed, else a word gloss;
    llm: the chat-completions server of translate.llm).

    Company names come out as their canonical English names (蓝箭航天 -> LandSpace), and
    the facts (amounts, dates, places, vehicles ...) as English news writes them
    (超过十亿元 -> more than 1 billion yuan). A fact the English does not carry is
    named on stderr (and in --json as facts_missing). A gloss is word by word, not a
    translation, and is labelled as such; an Argos or llm model is named once on stderr.
    Exit 1 when the llm server failed (those lines are glossed).

    \b
    Example:
      parallax translate --text "蓝箭航天朱雀二号发射成功"
      parallax translate articles.txt --json
      cat news.txt | parallax translate - --engine gloss
      parallax translate --engine llm --text "东方空间在广州南沙建设总装基地"
    """
    from parallax.run import make_translator

    lines = input_lines(file, text, nothing="nothing to translate")
    cfg = ctx.find_root().obj.config(required=False)
    translator = make_translator(cfg, None, engine)
    try:
        results = translator.translate_many(lines, on_progress=progress_callback("translating"))
    finally:
        getattr(translator.engine, "close", lambda: None)()
    failures = translator.failures()
    if not as_json:  # a gloss line says so itself; a model's English is named once, off stdout
        models = sorted({engine_label(f"{r.engine}|{r.model}") for r in results if r.engine not in ("gloss", "none")})
        if models:
            click.echo(f"parallax: translated by {', '.join(models)}", err=True)
    for line in failures:
        click.echo(f"parallax: {line}", err=True)
    for n, r in enumerate(results, 1):
        if r.facts_missing:
            lost = "; ".join(f"{f.en} ({f.zh})" for f in r.facts_missing)
            click.echo(f"parallax: line {n}: the English lacks {plural(len(r.facts_missing), 'fact')}: {lost}", err=True)
        if as_json:
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False))
        else:
            click.echo(f"[gloss] {r.text_en}" if r.engine == "gloss" else r.text_en)
    if failures:
        sys.exit(1)


COMMANDS = [translate_cmd]
