"""Render a Digest as plain text and as HTML (jinja2; HTML autoescaped, inline CSS, no remote resources)."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from functools import lru_cache
from pathlib import Path

import jinja2

from digest.mail import compose

TEMPLATES = Path(__file__).parent / "templates"


def _oneline(value) -> str:
    return " ".join(str(value or "").split())


def _safe_url(value) -> str:
    # Only web links are clickable: a feed cannot smuggle javascript: or data: URLs into the mail.
    url = str(value or "")
    return url if url.lower().startswith(("http://", "https://")) else "#"


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


def render_all(digest, config=None) -> Rendered:
    """Text, HTML and the multipart/alternative message addressed as the config says."""
    text, html = render_text(digest), render_html(digest)
    sender = config.digest.sender if config is not None else "parallax@localhost"
    recipients = list(config.digest.recipients) if config is not None else []
    msg = compose(digest.subject, text, html, sender=sender, recipients=recipients, week=digest.week)
    return Rendered(digest.week, len(digest.stories), text, html, msg)


def save_files(rendered: Rendered, out_dir, basename: str) -> list[Path]:
    """OUT/BASENAME.html, .txt and .eml (the message exactly as it would be sent)."""
    from parallax.outputs import atomic_output, cannot_write

    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise cannot_write(out, e) from None
    html, text, eml = (out / f"{basename}.{ext}" for ext in ("html", "txt", "eml"))
    for path, body in ((html, rendered.html), (text, rendered.text)):
        with atomic_output(path) as f:
            f.write(body)
    with atomic_output(eml, encoding=None) as f:
        f.write(bytes(rendered.message))
    return [html, text, eml]
