"""digest: a week of the archive to a message. Selection and clustering into stories (build,
cluster), rendering (text, HTML, MIME) and sending over SMTP once per week.

Public names are imported on first use, so `import digest` costs nothing at cron start-up.
"""

from store.lazy import lazy_exports

_PUBLIC = {
    "build_digest": "digest.build", "render_all": "digest.render", "send_once": "digest.send",
    "DigestOptions": "digest.options", "SmtpOptions": "digest.options", "parse_week": "digest.week",
    "last_full_week": "digest.week",
}
__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
