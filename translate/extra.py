"""A user's additions to the registry (config companies.extra): YAML files of organisations and of
extra names for ours, merged over the packaged registry in the order given.

A file holds `companies:`, a list of entries in the registry's own format (translate/companies.yaml).
An entry whose id is ours adds to that record: its lists (aliases, legal_zh, products ...) are appended,
its single values (name_en, type, note ...) replace ours. An entry with a new id is a new organisation
and needs name_en and type; its parent may be an id or any name the registry resolves (CASIC). Every mistake is one RegistryError naming the file, the entry and the key;
a name that would belong to two organisations is a mistake too.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from store.model import has_cjk
from translate.errors import RegistryError
from translate.normalise import exact_key
from translate.registry import (
    DATA_FILE,
    KEYS,
    LIST_KEYS,
    Registry,
    _company,
    _products,
    _strings,
    _unknown_keys,
    default_registry,
    read_records,
)


def registry_with(files: Sequence[str | Path] = ()) -> Registry:
    """The packaged registry with these files merged over it (the packaged one itself when none);
    built once per set of file contents."""
    if not files:
        return default_registry()
    contents = []
    for f in files:
        try:
            contents.append((str(f), Path(f).read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise RegistryError(f"{f}: file not found") from None
        except (OSError, UnicodeDecodeError) as e:
            raise RegistryError(f"{f}: cannot read: {e}") from None
    return _merged(tuple(contents))


@lru_cache(maxsize=4)
def _merged(contents: tuple[tuple[str, str], ...]) -> Registry:
    records = {r["id"]: r for r in copy.deepcopy(_packaged())}
    ours = set(records)
    where: dict[str, str] = {}  # id -> the user entry that last touched it
    added: list[tuple[str, str, list[str]]] = []  # (where, id, names the entry brings)
    for label, text in contents:
        for i, entry in enumerate(read_records(label, text)):
            at = f"{label}: companies.{i}"
            if not isinstance(entry, dict):
                raise RegistryError(f"{at}: each entry must be a mapping of keys (id, name_en, type, ...)")
            cid = entry.get("id")
            at = f"{at} ({cid})" if isinstance(cid, str) else at
            if set(entry) - set(KEYS):
                raise _unknown_keys(at, entry, KEYS)
            if isinstance(cid, str) and cid in records:
                _check_lists(entry, at)  # named by the user's own positions, before they are merged
                rec = records[cid]
                for key, value in entry.items():
                    if key in LIST_KEYS:
                        have = rec.get(key) or []
                        more = value if isinstance(value, list) else [value]
                        rec[key] = [*have, *(v for v in more if v not in have)]
                    elif key != "id":
                        rec[key] = value
            else:
                records[cid] = copy.deepcopy(entry)
            where[cid] = at
            company = _company(records[cid], at)  # every mistake named here, with the file and entry
            added.append((at, cid, [*company.names(), *company.product_names(), *company.lookup_only]))
    for cid, rec in records.items():
        parent = rec.get("parent")
        if isinstance(parent, str) and parent not in records and cid in where:
            # a user may name the parent as a reader would (CASIC, 中国航天科技集团): whole-name lookup
            m = default_registry().match(parent)
            if m.company is not None and m.how != "fuzzy":
                rec["parent"] = parent = m.company.id
        if parent is not None and parent not in records:
            raise RegistryError(f"{where.get(cid, cid)}: parent {parent!r} is not in the registry")
    registry = Registry([_company(r, where.get(cid)) for cid, r in records.items()])
    clashes = registry.ambiguous_keys()
    for at, cid, names in added:
        for n in names:
            others = clashes.get(exact_key(n), set()) - {cid}
            if others:
                other = sorted(others)[0]
                what = "ours" if other in ours else "another entry's"
                raise RegistryError(f"{at}: {n!r} is already a name of {other} ({what}): one name, one organisation")
    return registry


def _check_lists(entry: dict, at: str) -> None:
    for key in LIST_KEYS:
        if key in entry:
            _products(entry, at) if key == "products" else _strings(entry, key, at)


@lru_cache(maxsize=1)
def _packaged() -> list:
    return read_records(DATA_FILE, DATA_FILE.read_text(encoding="utf-8"))


def suggestions_yaml(aliases: list, organisations: list, registry: Registry, heading: str) -> str:
    """What translate.suggest found (store.model.NameSeen lists) as a file companies.extra can list:
    new names appended to our records, and each unknown organisation as a new record whose guesses
    (type, an English name from pinyin) say so in its note. Comments give counts and an example."""

    lines = [f"# {line}" for line in heading.splitlines()]
    lines += ["# Check every entry before use: names were read from text by patterns, not by a person.", "companies:"]
    if not aliases and not organisations:
        lines[-1] = "companies: []"
    by_company: dict[str, list] = {}
    for a in aliases:
        by_company.setdefault(a.company_id, []).append(a)
    for cid, found in by_company.items():
        c = registry.get(cid)
        for a in found:
            lines.append(f"# {_said(a)}")
        lines += [f"- id: {cid}  # {_comment(c.name_en)}", f"  aliases: [{', '.join(_q(a.name) for a in found)}]"]
    taken = {c.id for c in registry.companies}
    for o in organisations:
        forms = list(dict.fromkeys([o.name, *o.also]))
        legal = [f for f in forms if _LEGAL_FORM.search(f)]
        brands = sorted((f for f in forms if f not in legal), key=len)
        zh = next((f for f in brands + legal if has_cjk(f)), None)
        en = next((f for f in brands + legal if not has_cjk(f)), None)
        guessed_en = en is None
        if en is None:
            en = _pinyin_name(zh)
        cid = _slug(en, taken)
        taken.add(cid)
        lines.append(f"# {_said(o)}")
        lines += [f"- id: {cid}", f"  name_en: {_q(en)}"]
        if zh:
            lines.append(f"  name_zh: {_q(zh)}")
        for key, names in (("legal_zh", [f for f in legal if has_cjk(f)]), ("legal_en", [f for f in legal if not has_cjk(f)]),
                           ("aliases", [f for f in brands if f not in (en, zh)])):
            if names and names != [en] and names != [zh]:
                lines.append(f"  {key}: [{', '.join(_q(n) for n in names if n not in (en, zh))}]")
        guess = "type" + (" and name_en (pinyin)" if guessed_en else "")
        lines += ["  type: private", f"  note: {_q(f'Suggested from {o.articles} archived articles; {guess} guessed, check.')}"]
    return "\n".join(lines) + "\n"


_LEGAL_FORM = re.compile(r"(?:有限公司|有限责任公司|\bCo\.|\bLtd\.?$|\bInc\.?$|\bCorp(?:oration|\.)?$)")


def _pinyin_name(zh: str) -> str:
    """An English stand-in for a Chinese name: its pinyin, two syllables to a word (鲲鹏航天 -> Kunpeng Hangtian)."""
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin(zh) if s.isascii() and s.isalpha()]
    words = ["".join(syllables[i:i + 2]).capitalize() for i in range(0, len(syllables), 2)]
    return " ".join(words) or zh


def _said(n) -> str:
    example = n.examples[0] if n.examples else ""
    also = f" beside {n.other!r}" if n.other else ""
    return _comment(f"{n.name!r}{also}: {n.count} times in {n.articles} articles, e.g. {example}")


def _comment(text: str) -> str:
    return " ".join(str(text).split())[:240]


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40] or "organisation"
    if not base[0].isalnum():
        base = f"org_{base}"
    cid, n = base, 2
    while cid in taken:
        cid, n = f"{base}_{n}", n + 1
    return cid
