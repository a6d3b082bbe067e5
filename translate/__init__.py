"""translate: the enrichment stage. Text utilities (normalise, segment), the company registry and
mention finder, topics, the translator with its engines, and enrich_pending, which turns pending
archived articles into enriched ones.

Public names are imported on first use, so `import translate` costs nothing at cron start-up.
"""

_PUBLIC = {
    "default_registry": "translate.registry", "Registry": "translate.registry",
    "find_mentions": "translate.mentions", "segment_for_index": "translate.segment",
    "tag_topics": "translate.topics", "Translator": "translate.translator", "get_engine": "translate.engines",
    "planned_key": "translate.engines", "enrich_pending": "translate.enrich", "retag_topics": "translate.enrich",
    "query_language": "translate.lookup", "install_model": "translate.argos_packages",
    "list_models": "translate.argos_packages",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'translate' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_PUBLIC[name]), name)
