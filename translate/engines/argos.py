"""argostranslate zh->en: the package, tokenizer and sentencizer come from argos' own API; all
sentences of a batch go to CTranslate2 in one translate_batch call (argos itself translates one
text at a time)."""

from __future__ import annotations

import threading
from pathlib import Path

from translate.argos_packages import InstalledModel, setup_argos
from translate.engines.base import engine_key

_loaded: dict[Path, "ArgosEngine"] = {}
_lock = threading.Lock()


class ArgosEngine:
    name = "argos"

    def __init__(self, installed: InstalledModel, models_dir: Path):
        argos = setup_argos(models_dir)
        from argostranslate import sbd, settings
        from argostranslate.package import Package

        spacy_cache = Path(models_dir).resolve() / ".argos" / "cache" / "argos-translate" / "spacy"
        if sbd._cached_spacy_path is None:  # argos was imported before us without ARGOS_CHUNK_TYPE=SPACY
            sbd._cached_spacy_path = spacy_cache
        import ctranslate2

        self.installed = installed
        self.model = installed.label
        self.package = Package(installed.path)
        self.tokenizer = self.package.tokenizer
        self.sentencizer = sbd.SpacySentencizerSmall(self.package)
        self.target_prefix = self.package.target_prefix or ""
        self.beam_size = settings.beam_size
        self.translator = ctranslate2.Translator(
            str(installed.path / "model"), device=settings.device, compute_type=settings.compute_type,
            inter_threads=settings.inter_threads, intra_threads=settings.intra_threads,
        )
        self._argos = argos

    @property
    def key(self) -> str:
        return engine_key(self.name, self.model)

    def split(self, text: str) -> list[list[str]]:
        """Paragraphs (lines) of sentences; blank lines are kept as empty paragraphs."""
        return [self.sentencizer.split_sentences(p) if p.strip() else [] for p in text.split("\n")]

    def encode(self, sentences: list[str]) -> list[list[str]]:
        return [self.tokenizer.encode(s) for s in sentences]

    def generate(self, tokens: list[list[str]]) -> list[list[str]]:
        """The raw CTranslate2 call, with argos' own decoding options."""
        if not tokens:
            return []
        prefix = [[self.target_prefix]] * len(tokens) if self.target_prefix else None
        # A sentence's English is never many times its Chinese in tokens: stopping a runaway decode
        # at 2x + 16 saves the time of the 256-token loops the guard would cut anyway.
        limit = min(256, 2 * max(len(t) for t in tokens) + 16)
        results = self.translator.translate_batch(
            tokens, target_prefix=prefix, replace_unknowns=True, max_batch_size=32,
            beam_size=self.beam_size, num_hypotheses=1, length_penalty=0.2, max_decoding_length=limit,
        )
        return [r.hypotheses[0] for r in results]

    def decode(self, tokens: list[str]) -> str:
        value = self.tokenizer.decode(tokens)
        if self.target_prefix and value.startswith(self.target_prefix):
            value = value[len(self.target_prefix):]
        return value.strip()

    def translate_batch(self, texts: list[str]) -> list[str]:
        layout = [self.split(t) for t in texts]
        flat = [s for paragraphs in layout for sents in paragraphs for s in sents]
        decoded = iter([self.decode(h) for h in self.generate(self.encode(flat))])
        out = []
        for paragraphs in layout:
            out.append("\n".join(" ".join(next(decoded) for _ in sents) for sents in paragraphs))
        return out


def load_argos(installed: InstalledModel, models_dir: Path) -> ArgosEngine:
    """One model load per process and package folder."""
    with _lock:
        eng = _loaded.get(installed.path)
        if eng is None or eng.model != installed.label:
            eng = _loaded[installed.path] = ArgosEngine(installed, models_dir)
        return eng
