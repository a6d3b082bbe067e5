"""Chinese word segmentation (jieba) that keeps company and product names whole.

The same function segments text for the FTS index and queries for search, so it must be
deterministic: one tokenizer per process, the registry dictionary added before first use.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import weakref
from pathlib import Path

import jieba

from translate.normalise import fold_width, to_simplified
from translate.registry import Registry, default_registry

# High enough that jieba's DAG always prefers the whole name over its pieces.
USER_WORD_FREQ = 2_000_000
_SPACE = re.compile(r"\s+")
_INDEXABLE = re.compile(r"\w", re.UNICODE)

_lock = threading.Lock()
_dict_lock = threading.Lock()  # apart from _lock: tokenizer() reads the dictionary while holding that
_base: jieba.Tokenizer | None = None
# One tokenizer per registry: words added for one registry (a test's two companies) must never
# change how the shipped registry segments, or index and queries would disagree.
_by_registry: "weakref.WeakKeyDictionary[Registry, jieba.Tokenizer]" = weakref.WeakKeyDictionary()
_dictionaries: "weakref.WeakKeyDictionary[Registry, tuple[str, ...]]" = weakref.WeakKeyDictionary()


def cache_dir() -> Path:
    """Where jieba keeps its prefix-dictionary cache, under the temp dir. Never a folder named
    like one of our packages: `python -m parallax` run from the temp dir would import it instead."""
    d = Path(os.environ.get("PARALLAX_CACHE_DIR") or Path(tempfile.gettempdir()) / f"parallax-cache-{os.getuid()}")
    d.mkdir(parents=True, exist_ok=True)
    return d


def user_dictionary(registry: Registry) -> tuple[str, ...]:
    """Registry names as jieba dictionary lines ("word freq nt"), Simplified, no spaces in a word.

    Lookup-only names (中国卫星, 未来导航 ...) are ordinary phrases too: forcing them whole would cut
    中国卫星导航系统 into 中国卫星 / 导航系统, so they are left to jieba's own dictionary.
    Built once per registry: the tokenizer and the search's names_containing both read it.
    """
    with _dict_lock:
        lines = _dictionaries.get(registry)
    if lines is None:
        words: dict[str, None] = {}
        for c in registry.companies:
            skip = {to_simplified(n) for n in c.lookup_only}
            for n in [*c.names(), *c.product_names()]:
                w = to_simplified(n)
                if w not in skip and not _SPACE.search(w) and not w.isascii():
                    words.setdefault(w, None)
        lines = tuple(f"{w} {USER_WORD_FREQ} nt" for w in words)
        with _dict_lock:
            lines = _dictionaries.setdefault(registry, lines)
    return lines


def _base_tokenizer() -> jieba.Tokenizer:
    """jieba's own dictionary, loaded once (from its cache under cache_dir())."""
    global _base
    if _base is None:
        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict" chatter on stderr
        tk = jieba.Tokenizer()
        tk.tmp_dir = str(cache_dir())
        tk.initialize()
        _base = tk
    return _base


def tokenizer(registry: Registry | None = None) -> jieba.Tokenizer:
    """The jieba tokenizer holding `registry`'s names (default: the shipped registry), built once."""
    registry = registry or default_registry()
    with _lock:
        tk = _by_registry.get(registry)
        if tk is None:
            base = _base_tokenizer()
            tk = jieba.Tokenizer()
            tk.tmp_dir = base.tmp_dir
            # Copying the loaded prefix dictionary costs ~50 ms; loading it again, ~1 s.
            tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
            for line in user_dictionary(registry):
                word, freq, tag = line.rsplit(" ", 2)
                tk.add_word(word, int(freq), tag)
            _by_registry[registry] = tk
        return tk


def segment(text: str, registry: Registry | None = None) -> list[str]:
    """Words of `text` in order (whitespace dropped, punctuation kept); Traditional read as Simplified."""
    if not text:
        return []
    norm = fold_width(to_simplified(text))
    return [t for t in tokenizer(registry).cut(norm, HMM=True) if not t.isspace()]


def segment_for_index(text: str, registry: Registry | None = None) -> str:
    """Space-joined, lower-cased words without punctuation: what FTS5 (unicode61) indexes and queries."""
    if not _NEEDS_JIEBA.search(text):
        # With no CJK in it, jieba only splits at spaces and punctuation, as unicode61 does anyway:
        # the same index terms at twice the speed (most English articles).
        return " ".join(_WORD.findall(fold_width(text).lower()))
    return " ".join(t.lower() for t in segment(text, registry) if _INDEXABLE.search(t))


# Han, kana and hangul: scripts that have no spaces between words.
_NEEDS_JIEBA = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]")
_WORD = re.compile(r"[^\W_]+")
