"""translate: the enrichment stage. Text utilities (normalise, segment), the company registry and
mention finder, topics, the translator with its engines, and enrich_pending, which turns pending
archived articles into enriched ones.

Public names are imported on first use, so `import translate` costs nothing at cron start-up.
"""

from store.lazy import lazy_exports

_PUBLIC = {
    "default_registry": "translate.registry", "Registry": "translate.registry",
    "find_mentions": "translate.mentions", "segment_for_index": "translate.segment",
    "tag_topics": "translate.topics", "Translator": "translate.translator", "get_engine": "translate.engines",
    "planned_key": "translate.engines", "enrich_pending": "translate.enrich", "retag_topics": "translate.enrich",
    "query_language": "translate.lookup", "install_model": "translate.argos_packages",
    "list_models": "translate.argos_packages", "registry_with": "translate.extra",
    "retag_mentions": "translate.enrich",
}
__getattr__, __all__ = lazy_exports(__name__, _PUBLIC)
