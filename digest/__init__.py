"""digest: a week of the archive to a message. Selection and clustering into stories (build,
cluster), rendering (text, HTML, MIME) and sending over SMTP once per week.

Public names are imported on first use, so `import digest` costs nothing at cron start-up.
"""

_PUBLIC = {
    "build_digest": "digest.build", "render_all": "digest.render", "send_once": "digest.send",
    "DigestOptions": "digest.options", "SmtpOptions": "digest.options", "parse_week": "digest.week",
    "last_full_week": "digest.week",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'digest' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_PUBLIC[name]), name)
