"""store: the one SQLite archive and every line of SQL (articles, sources, companies, runs, the
translation cache, full-text search, export). Domain types shared by all stages: store.model.

Public names are imported on first use, so `import store` costs nothing at cron start-up.
"""

from store.lazy import lazy_exports

_PUBLIC = {
    "Archive": "store.archive",
    "Article": "store.model", "Enrichment": "store.model", "Mention": "store.model", "CompanyRef": "store.model",
    "SourceRef": "store.model", "SourceOutcome": "store.model",
    "ArchiveError": "store.errors", "QueryError": "store.errors",
    "parse_query": "store.query", "search": "store.search", "Filters": "store.search",
    "export": "store.export", "inspect": "store.health", "normalise_url": "store.urls",
}
__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
