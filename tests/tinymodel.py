"""Build a tiny, real-format .argosmodel at test time (nothing downloaded, nothing checked in).

A random-weight CTranslate2 Transformer written with ctranslate2's spec API, a sentencepiece
model trained on a few lines we write here, metadata.json, and a spaCy blank "zh" pipeline as
the package's sentencizer. Its translations are meaningless; the point is that install, loading
and translation run through the real libraries, and that names come out right whatever it says.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

CORPUS = [
    "蓝箭航天的朱雀二号液氧甲烷运载火箭成功入轨。",
    "星际荣耀完成B轮融资，国家队领投。",
    "商业航天企业推动军民融合和卫星互联网建设。",
    "中科宇航力箭一号在酒泉卫星发射中心发射。",
    "LandSpace launched Zhuque-2, the first methalox rocket to reach orbit.",
    "iSpace closed a Series B financing round led by state funds.",
    "Commercial space companies build satellite internet constellations.",
    "The rocket engine passed a hot-fire test at the launch site.",
    "XZAA XZAB XZAC XZBA 2024 年 月 日 一 二 三 四 五 六 七 八 九 十",
]


def train_sentencepiece(lines: list[str], vocab_size: int = 180) -> bytes:
    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines * 4), model_writer=buf, vocab_size=vocab_size,
        model_type="unigram", character_coverage=1.0, hard_vocab_limit=False,
        minloglevel=2, num_threads=1,
    )
    return buf.getvalue()


def build_ctranslate2(out_dir: Path, vocab: list[str], d_model: int = 32, ffn: int = 64, layers: int = 1,
                      heads: int = 2, seed: int = 7, eos_bias: float = 2.0) -> None:
    """A random-weight Transformer (1+1 layers by default); eos_bias keeps outputs short, like real
    ones. benchmarks/translate.py builds a Transformer-base sized one (512/2048, 6+6 layers)."""
    import numpy as np
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(seed)
    spec = transformer_spec.TransformerSpec.from_config(layers, heads)
    v = len(vocab)

    def rand(*shape):
        return (rng.standard_normal(shape) * (0.2 if d_model <= 64 else 1.5 / d_model ** 0.5)).astype("float32")

    def fill(layer, name, value):
        if value is not None:
            return
        leaf = name.rsplit("/", 1)[-1]
        parts = name.split("/")
        if leaf == "gamma":
            arr = np.ones(d_model, "float32")
        elif leaf == "beta":
            arr = np.zeros(d_model, "float32")
        elif "embeddings" in name or "projection" in name:
            arr = rand(v, d_model)
        elif "ffn" in parts:
            arr = rand(ffn, d_model) if parts[-2] == "linear_0" else rand(d_model, ffn)
        elif "self_attention" in parts:
            arr = rand(3 * d_model, d_model) if parts[-2] == "linear_0" else rand(d_model, d_model)
        elif "attention" in parts:  # cross-attention: queries, fused keys+values, output
            arr = rand(2 * d_model, d_model) if parts[-2] == "linear_1" else rand(d_model, d_model)
        else:
            raise ValueError(f"tiny model: no shape rule for {name}")
        setattr(layer, leaf, arr)

    spec._visit(fill)
    bias = np.zeros(v, "float32")
    bias[vocab.index("</s>")] = eos_bias
    spec.decoder.projection.bias = bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def build_package(dest_dir: Path, version: str = "0.1", name: str | None = None, **model_args) -> Path:
    """Write translate-zh_en-<version>.argosmodel into dest_dir and return its path."""
    import sentencepiece as spm
    import spacy

    dest_dir = Path(dest_dir)
    top = name or f"translate-zh_en-{version.replace('.', '_')}"
    work = dest_dir / f".build-{top}"
    if work.exists():
        shutil.rmtree(work)
    pkg = work / top
    pkg.mkdir(parents=True)
    sp_bytes = train_sentencepiece(CORPUS)
    (pkg / "sentencepiece.model").write_bytes(sp_bytes)
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    build_ctranslate2(pkg / "model", vocab, **model_args)
    spacy.blank("zh").to_disk(pkg / "spacy")
    (pkg / "metadata.json").write_text(json.dumps({
        "package_version": version, "argos_version": "1.11", "from_code": "zh", "from_name": "Chinese",
        "to_code": "en", "to_name": "English", "type": "translate",
    }), encoding="utf-8")
    (pkg / "README.md").write_text("Tiny random-weight zh->en test model built by tests/tinymodel.py.\n")
    out = dest_dir / f"{top}.argosmodel"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(pkg.rglob("*")):
            zf.write(p, p.relative_to(work).as_posix())
    shutil.rmtree(work)
    return out


if __name__ == "__main__":
    import sys

    print(build_package(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
