"""What a chat model says that is not the translation: caught before the names and facts are checked.

Chat models wrap translations ("Here is the translation:", "Note: ...", code fences, a <think>
block), refuse ("I'm sorry, I can't ..."), copy the Chinese back, or loop. The wrapping is cut
and flagged (reply:chatter); a refusal or a reply that is mostly the Chinese again is no
translation at all (reply:refused, reply:copied: the caller replaces it with the gloss); loops and
runaway length go through the same guard as every engine's output (translate.guard).
"""

from __future__ import annotations

import re

from store.model import CJK_RE
from translate.guard import Verdict, check
from translate.terms import english_terms

COPIED = 0.5  # a reply holding this share of the source's Chinese characters was not translated

_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.S | re.I)
_FENCE = re.compile(r"\A\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*\Z", re.S)
_LEAD_IN = re.compile(
    r"\A\s*(?:(?:sure|certainly|of course|okay|ok)\b[^\n]*?(?:[:!.]\s*\n|\n)"  # "Sure! ..." on its own line
    r"|[^\n]{0,80}?\b(?:here is|here's|below is)\b[^\n]{0,80}?\btranslat[^\n]*?:[ \t]*\n?"  # "Here is the translation:"
    r"|(?:\*\*)?(?:english(?: translation)?|translation)(?:\*\*)?\s*[:：](?:\*\*)?[ \t]*\n?)",  # "Translation:"
    re.I,
)
_TAIL = re.compile(
    r"\n\s*(?:\(?\s*(?:note|notes|translator'?s note|explanation)\s*[:：)]|I hope this helps|Let me know)[\s\S]*\Z",
    re.I,
)
_REFUSAL = re.compile(
    r"\A\s*(?:I'?m sorry|I am sorry|I apologi[sz]e|sorry,|I can(?:no|')t|I am unable|I'm unable|as an AI)\b"
    r"[^\n]*\b(?:translat|assist|help|provide|comply|request|content)",
    re.I,
)


def _cjk(text: str) -> int:
    return len(CJK_RE.findall(text))


def check_reply(source: str, reply: str, terms: list[tuple[str, str]] = ()) -> Verdict:
    """The translation inside a chat reply, with flags; fallback=True when there is none. terms:
    the request's terminology, whose Chinese the caller has already replaced in the reply (a reply
    that kept only the names in Chinese is a translation; one that kept the rest is a copy)."""
    text, chatter = reply, False
    stripped = _THINK.sub("", text)
    chatter |= stripped != text
    text = stripped
    m = _FENCE.match(text)
    if m:
        text, chatter = m.group(1), True
    if _REFUSAL.search(text):
        return Verdict(text.strip(), ["reply:refused"], True)
    m = _LEAD_IN.match(text)
    if m and text[m.end():].strip():
        text, chatter = text[m.end():], True
    m = _TAIL.search(text)
    if m and text[: m.start()].strip():
        text, chatter = text[: m.start()], True
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"' and not source.strip().startswith(("“", '"')):
        text, chatter = text[1:-1].strip(), True
    flags = ["reply:chatter"] if chatter else []
    source_cjk = _cjk(english_terms(source, terms)[0]) if terms else _cjk(source)
    if source_cjk and _cjk(text) >= COPIED * source_cjk:
        return Verdict(text, flags + ["reply:copied"], True)
    v = check(source, text)
    return Verdict(v.text, flags + v.flags, v.fallback)
