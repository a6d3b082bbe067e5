"""Bytes to text for Chinese pages and feeds whose declared encoding may be missing or wrong."""

from __future__ import annotations

import codecs
import re

from store.model import CJK_RE

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)

# The everyday characters of Chinese prose in both scripts: right decodes are dense with them,
# wrong decodes of the same bytes (GBK read as Big5 or the reverse) almost never are.
_COMMON = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用"
    "道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日月"
    "公司航天火箭卫星发射技术研究将已与及等该最新首次完成并由此被产业市场空间商业科技集团融资亿元"
    "這個們國來為說時會對過後裡經麼學現當沒動還進發術與將該產業場間業團資億準號"
)

# Supersets decode everything their subset does (GB2312 pages use GBK-only characters all the time).
_SUPERSET = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "big5": "cp950", "big5-hkscs": "big5hkscs", "x-big5": "cp950",
    "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252",
}


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSET.get(name, name)
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(codec, codec)


def declared_encodings(body: bytes, content_type: str | None = None) -> list[str]:
    """Encodings named by the HTTP header, an XML declaration or a <meta> tag, in that order."""
    found: list[str] = []
    if content_type:
        m = _HEADER_CHARSET.search(content_type)
        if m:
            found.append(m.group(1))
    head = body[:4096]
    for rx in (_XML_DECL, _META_CHARSET):
        m = rx.search(head)
        if m:
            found.append(m.group(1).decode("ascii", "ignore"))
    out: list[str] = []
    for f in found:
        c = _canonical(f)
        if c and c not in out:
            out.append(c)
    return out


def _score(text: str) -> float:
    if not text:
        return 0.0
    hits = sum(1 for ch in text if ch in _COMMON)
    cjk = len(CJK_RE.findall(text))
    return hits / cjk if cjk else 0.0


def decode_bytes(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding). Strict UTF-8 wins when it decodes (GBK or Big5 text is practically
    never valid UTF-8); otherwise the declared and the Chinese candidates are tried strictly and
    the one reading most like Chinese prose wins, declarations breaking ties."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            return body.decode(enc, "replace"), enc.replace("-sig", "")
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = [e for e in declared_encodings(body, content_type) if e != "utf-8"]
    candidates = declared + [e for e in ("gb18030", "cp950", "big5hkscs") if e not in declared]
    best: tuple[float, int, str, str] | None = None
    for rank, enc in enumerate(candidates):
        try:
            text = body.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        key = (_score(text), -rank)
        if best is None or key > best[:2]:
            best = (key[0], key[1], enc, text)
    if best is not None:
        return best[3], best[2]
    # Nothing decodes cleanly: take the candidate with the fewest replacement characters.
    options = [(body.decode(enc, "replace"), enc) for enc in candidates + ["utf-8"]]
    text, enc = min(options, key=lambda o: o[0].count("\ufffd"))
    return text, enc
