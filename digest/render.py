"""Render a Digest as plain text and as HTML (jinja2; HTML autoescaped, inline CSS, no remote resources)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path

import jinja2

from digest.keyfacts import grouped
from digest.mail import compose
from digest.options import DigestOptions
from store.clean import clean_line
from store.urls import web_url

TEMPLATES = Path(__file__).parent / "templates"

# Font stacks that name a CJK face on every platform mail is read on, then the generic family: a
# reader without any of them still gets the system's sans-serif fallback, never empty boxes.
_CJK = ("'Noto Sans CJK SC','Source Han Sans SC','Noto Sans SC','PingFang SC','Hiragino Sans GB',"
        "'Microsoft YaHei','WenQuanYi Micro Hei'")
FONTS = {
    "body": f"-apple-system,BlinkMacSystemFont,'Segoe UI',Helvetica,Arial,{_CJK},sans-serif",
    "zh": f"{_CJK},sans-serif",
}


def _oneline(value) -> str:
    # Text from outside, once more on its way out: an archive written before it was cleaned on the
    # way in must not put terminal escapes or bidi overrides into a mail.
    return clean_line(str(value or "")) or ""


def _safe_url(value) -> str:
    # Only web links are clickable: a feed cannot smuggle javascript: or data: URLs into the mail.
    return web_url(str(value or "")) or "#"


def _text_url(value) -> str:
    return web_url(str(value or "")) or "(no web link)"


def _signed(x: float) -> str:
    return "0" if abs(x) < 0.05 else f"{x:+.1f}"


def glance_row(row, indent: str = "") -> str:
    """One aligned line of the week-at-a-glance table in the text digest."""
    return f"{indent + row.label:<44}{row.count:>10}{row.average:>10.1f}{_signed(row.change):>9}"


def coverage_words(story) -> str:
    return {"both": "Chinese and English", "zh-only": "only in Chinese", "en-only": "only in English"}.get(
        story.coverage, "other languages")


@lru_cache(maxsize=None)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["oneline"] = _oneline
    env.filters["safe_url"] = _safe_url
    env.filters["text_url"] = _text_url
    env.filters["grouped"] = grouped
    env.filters["signed"] = _signed
    env.globals.update(glance_row=glance_row, coverage_words=coverage_words, fonts=FONTS)
    return env


def render_text(digest) -> str:
    return _env().get_template("digest.txt").render(d=digest, a=digest.asymmetry)


def render_html(digest) -> str:
    return _env().get_template("digest.html").render(d=digest, a=digest.asymmetry)


@dataclass
class Rendered:
    week: str
    stories: int
    text: str
    html: str
    message: EmailMessage


def render_all(digest, options: DigestOptions | None = None) -> Rendered:
    """Text, HTML and the multipart/alternative message addressed as the options say."""
    options = options or DigestOptions()
    text, html = render_text(digest), render_html(digest)
    msg = compose(digest.subject, text, html, sender=options.sender, recipients=list(options.recipients),
                  week=digest.week)
    return Rendered(digest.week, len(digest.stories), text, html, msg)
