"""Find company mentions in Chinese (Simplified or Traditional) and English text.

The registry's names (without its lookup-only ones) feed one trie-shaped regular expression
(translate.scan); mentions come back with offsets into the text as given.
"""

from __future__ import annotations

from store.model import Mention
from translate.registry import Registry, default_registry
from translate.scan import MentionFinder, latin_variants

__all__ = ["Mention", "MentionFinder", "company_ids", "find_mentions", "finder_for", "latin_variants"]


def finder_for(registry: Registry) -> MentionFinder:
    """The registry's finder, built once per registry."""
    return registry.finder


def find_mentions(text: str, registry: Registry | None = None) -> list[Mention]:
    """Every company mention in `text`, in order, with offsets into `text` and its surface form."""
    return finder_for(registry or default_registry()).find(text)


def company_ids(mentions: list[Mention]) -> list[str]:
    """Distinct company ids in order of first mention."""
    return list(dict.fromkeys(m.company_id for m in mentions))
