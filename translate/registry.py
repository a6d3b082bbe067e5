"""The company registry: one record per organisation, every name it goes by, and name lookup.

The data lives in translate/companies.yaml (reviewed by hand; see its header for sources).
Traditional forms are generated here, not typed into the file.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from store.model import TYPES, CompanyRecord, has_cjk
from translate.errors import RegistryError
from translate.normalise import LEGAL_EN, exact_key, for_matching, loose_key, to_traditional
from translate.resolve import Match
from translate.scan import MentionFinder
from translate.yamlfile import load_yaml

__all__ = ["DATA_FILE", "TYPES", "Company", "Product", "Registry", "RegistryError", "default_registry"]

DATA_FILE = Path(__file__).with_name("companies.yaml")


def lang_of(name: str) -> str:
    return "zh" if has_cjk(name) else "en"


@dataclass(frozen=True)
class Product:
    zh: str | None
    en: str | None
    aliases: tuple[str, ...] = ()

    def names(self) -> list[str]:
        return [n for n in (self.zh, self.en, *self.aliases) if n]


@dataclass(frozen=True)
class Company:
    id: str
    name_en: str
    name_zh: str | None
    type: str
    parent: str | None = None
    province: str | None = None
    city: str | None = None
    segments: tuple[str, ...] = ()
    products: tuple[Product, ...] = ()
    legal_zh: tuple[str, ...] = ()
    legal_en: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other names as written in the file (brand variants, pinyin, ...)
    lookup_only: tuple[str, ...] = ()  # resolvable, but too ambiguous to match in running text
    gcat: str | None = None
    sources: tuple[str, ...] = ()  # where the names come from (besides GCAT): filings, sites, announcements
    note: str | None = None
    traditional: tuple[str, ...] = field(default=(), compare=False)

    def names(self) -> list[str]:
        """Every name of the company itself (not its products), canonical first, no duplicates."""
        seen: dict[str, None] = {}
        for n in (self.name_en, self.name_zh, *self.legal_zh, *self.legal_en, *self.former, *self.aliases,
                  *self.traditional):
            if n:
                seen.setdefault(n, None)
        return list(seen)

    def product_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for p in self.products:
            for n in p.names():
                seen.setdefault(n, None)
                if lang_of(n) == "zh":
                    seen.setdefault(to_traditional(n), None)
        return list(seen)

    def all_aliases(self) -> list[tuple[str, str]]:
        """(alias, lang) for every company name, product name and lookup-only name."""
        out: dict[str, str] = {}
        for n in [*self.names(), *self.product_names(), *self.lookup_only]:
            if n not in out:
                out[n] = ("zh-Hant" if n in self.traditional else lang_of(n))
        return list(out.items())

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name_en": self.name_en, "name_zh": self.name_zh, "type": self.type,
            "parent": self.parent, "province": self.province, "city": self.city,
            "segments": list(self.segments),
            "products": [{"zh": p.zh, "en": p.en, "aliases": list(p.aliases)} for p in self.products],
            "legal_zh": list(self.legal_zh), "legal_en": list(self.legal_en), "former": list(self.former),
            "aliases": list(self.aliases), "lookup_only": list(self.lookup_only),
            "traditional": list(self.traditional), "gcat": self.gcat, "sources": list(self.sources),
            "note": self.note,
        }


# A record's keys. Scalars are one value; lists are merged when a user's file adds to a record.
SCALAR_KEYS = ("name_en", "name_zh", "type", "parent", "province", "city", "gcat", "note")
LIST_KEYS = ("segments", "products", "legal_zh", "legal_en", "former", "aliases", "lookup_only", "sources")
KEYS = ("id", *SCALAR_KEYS, *LIST_KEYS)
_PRODUCT_KEYS = ("zh", "en", "aliases")


def _unknown_keys(where: str, given, allowed) -> RegistryError:
    unknown = sorted(set(given) - set(allowed), key=str)
    close = difflib.get_close_matches(str(unknown[0]), list(allowed), n=1)
    hint = f" (did you mean {close[0]!r}?)" if len(unknown) == 1 and close else ""
    return RegistryError(f"{where}: unknown keys {unknown}{hint}")


def _strings(rec: dict, key: str, where: str) -> tuple[str, ...]:
    val = rec.get(key) or []
    if isinstance(val, str):
        val = [val]
    if not isinstance(val, list) or not all(isinstance(v, str) and v.strip() for v in val):
        raise RegistryError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(v.strip() for v in val)


def _scalar(rec: dict, key: str, where: str) -> str | None:
    val = rec.get(key)
    if val is None:
        return None
    if not isinstance(val, str) or not val.strip():
        raise RegistryError(f"{where}: {key} must be a non-empty string")
    return val.strip()


def _products(rec: dict, where: str) -> tuple[Product, ...]:
    items = rec.get("products") or []
    if not isinstance(items, list):
        raise RegistryError(f"{where}: products must be a list")
    out = []
    for j, p in enumerate(items):
        if isinstance(p, str):
            p = {"zh": p} if lang_of(p) == "zh" else {"en": p}
        if not isinstance(p, dict):
            raise RegistryError(f"{where}: products.{j} must be a name or {{zh, en, aliases}}")
        if set(p) - set(_PRODUCT_KEYS):
            raise _unknown_keys(f"{where}: products.{j}", p, _PRODUCT_KEYS)
        zh, en = _scalar(p, "zh", f"{where}: products.{j}"), _scalar(p, "en", f"{where}: products.{j}")
        if not (zh or en):
            raise RegistryError(f"{where}: products.{j} needs zh or en")
        out.append(Product(zh, en, _strings(p, "aliases", f"{where}: products.{j}")))
    return tuple(out)


def _company(rec: dict, where: str | None = None) -> Company:
    """One record, validated; `where` starts every error (default: its id; a user's file: file and entry)."""
    if not isinstance(rec, dict):
        raise RegistryError(f"{where or 'companies'}: each entry must be a mapping of keys (id, name_en, type, ...)")
    cid = rec.get("id")
    where = where or str(cid)
    if not isinstance(cid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", cid):
        raise RegistryError(f"{where}: bad or missing id: {cid!r} (lower-case letters, digits, _ and -)")
    if set(rec) - set(KEYS):
        raise _unknown_keys(where, rec, KEYS)
    if not rec.get("name_en"):
        raise RegistryError(f"{where}: name_en is required")
    if rec.get("type") not in TYPES:
        raise RegistryError(f"{where}: type must be one of {', '.join(TYPES)}, not {rec.get('type')!r}")
    c = Company(
        id=cid, name_en=_scalar(rec, "name_en", where), name_zh=_scalar(rec, "name_zh", where), type=rec["type"],
        parent=_scalar(rec, "parent", where), province=_scalar(rec, "province", where),
        city=_scalar(rec, "city", where), segments=_strings(rec, "segments", where), products=_products(rec, where),
        legal_zh=_strings(rec, "legal_zh", where), legal_en=_strings(rec, "legal_en", where),
        former=_strings(rec, "former", where), aliases=_strings(rec, "aliases", where),
        lookup_only=_strings(rec, "lookup_only", where), gcat=_scalar(rec, "gcat", where),
        sources=_strings(rec, "sources", where), note=_scalar(rec, "note", where),
    )
    for n in [*c.names(), *c.product_names(), *c.lookup_only]:
        k = exact_key(n)
        if len(k) < 2 or k in LEGAL_EN:
            # Usually a YAML flow list split at "Co., Ltd.": quote names that contain commas.
            raise RegistryError(f"{where}: {n!r} is not a usable name")
    zh = [n for n in c.names() if lang_of(n) == "zh"]
    trad = tuple(dict.fromkeys(t for t in map(to_traditional, zh) if t not in zh))
    return Company(**{**c.__dict__, "traditional": trad})


class Registry:
    def __init__(self, companies: list[Company]):
        self.companies = list(companies)
        self._by_id: dict[str, Company] = {}
        for c in self.companies:
            if c.id in self._by_id:
                raise RegistryError(f"duplicate id: {c.id}")
            self._by_id[c.id] = c
        for c in self.companies:
            if c.parent and c.parent not in self._by_id:
                raise RegistryError(f"{c.id}: parent {c.parent!r} is not in the registry")
        self._exact: dict[str, set[str]] = {}
        self._loose: dict[str, set[str]] = {}
        for c in self.companies:
            names = [*c.names(), *c.lookup_only]
            for n in [*names, *c.product_names()]:
                self._exact.setdefault(exact_key(n), set()).add(c.id)
            # Products keep their place words (吉林一号 must not become 一号): exact keys only.
            for n in names:
                k = loose_key(n)
                if k:
                    self._loose.setdefault(k, set()).add(c.id)
        self._exact.pop("", None)

    @classmethod
    def load(cls, path: str | Path = DATA_FILE) -> "Registry":
        return cls([_company(r) for r in read_records(path, Path(path).read_text(encoding="utf-8"))])

    def __len__(self) -> int:
        return len(self.companies)

    def get(self, cid: str) -> Company:
        return self._by_id[cid]

    def find(self, cid: str) -> Company | None:
        return self._by_id.get(cid)

    def resolve(self, name: str) -> Company | None:
        """The company a name refers to, in any script or language, or None if unknown or ambiguous."""
        return self.match(name).company

    def match(self, name: str) -> Match:
        """How a whole name resolves (translate.resolve): the company or None, how it matched
        (exact | normalised | vehicle | pinyin | fuzzy), the score, and for an unknown name the closest candidates."""
        name = (name or "").strip()
        if name in self._by_id:
            return Match(name, self._by_id[name], "exact", 1.0)
        ids = self._exact.get(exact_key(name)) if name else None
        if ids and len(ids) == 1:  # the common case, without building the resolver's indexes
            return Match(name, self._by_id[next(iter(ids))], "exact", 1.0)
        owner = self.vehicle_owner(name)
        if owner is not None:  # 朱雀三号, Long March 5B: its maker, as for a product
            return Match(name, owner, "vehicle", 1.0)
        return self.resolver.match(name)

    def vehicle_owner(self, name: str) -> Company | None:
        """The company that makes or runs a vehicle, spacecraft or programme of the vehicle data
        (translate/data/vehicles.yaml), when it is in this registry."""
        from translate.facts.catalog import vehicle
        from translate.normalise import to_simplified

        named = vehicle(to_simplified(name.strip())) if name and name.strip() else None
        return self._by_id.get(named.owner) if named is not None and named.owner else None

    def vehicles_of(self, cid: str) -> list[tuple[str, str, str]]:
        """(Chinese, English, kind) of the vehicles, spacecraft and programmes a company owns."""
        from translate.facts.catalog import owned_by

        return owned_by(cid)

    @cached_property
    def resolver(self):
        """The indexes behind match() beyond exact names (loose keys, pinyin, fuzzy), built on first use."""
        from translate.resolve import NameResolver

        return NameResolver(self, self._exact, self._loose)

    def ids_with_exact_key(self, key: str) -> set[str]:
        """Ids of the companies with a name (own, lookup-only or a product's) of this normalise.exact_key."""
        return set(self._exact.get(key, ()))

    @cached_property
    def finder(self) -> MentionFinder:
        """The mention finder over this registry's names (built on first use: ~70 ms)."""
        return MentionFinder(self.match_names())

    def _resolve_by_mentions(self, name: str) -> Company | None:
        """Names written two ways at once ("Blue Arrow (LandSpace)", "蓝箭航天 LandSpace"): accept
        when every mention is of one company and mentions cover most of the name."""
        ms = self.finder.find(name)
        if not ms or len({m.company_id for m in ms}) != 1:
            return None
        covered = sum(len(exact_key(m.surface)) for m in ms)
        return self._by_id[ms[0].company_id] if covered >= 0.6 * len(exact_key(name)) else None

    def ambiguous_keys(self) -> dict[str, set[str]]:
        """Exact keys that two companies share (a data error: resolve() cannot pick one)."""
        return {k: v for k, v in self._exact.items() if len(v) > 1}

    def match_names(self) -> list[tuple[str, str]]:
        """(name, company_id) pairs the mention finder looks for, in its scanning form (Simplified,
        half-width: normalise.for_matching), without lookup-only names."""
        out: dict[tuple[str, str], None] = {}
        for c in self.companies:
            # A lookup-only name stays out even when it is also the brand (未来导航 is a phrase too).
            skip = {for_matching(n) for n in c.lookup_only}
            for n in [*c.names(), *c.product_names()]:
                s = for_matching(n)
                if s not in skip:
                    out.setdefault((s, c.id), None)
        return list(out)

    def children(self, cid: str) -> list[Company]:
        return [c for c in self.companies if c.parent == cid]

    def archive_rows(self) -> list[CompanyRecord]:
        """The registry as the archive stores it (store.archive.Archive.sync_companies)."""
        return [
            CompanyRecord(c.id, c.name_en, c.name_zh, c.type, c.parent, c.province, c.city, c.all_aliases(), c.to_dict())
            for c in self.companies
        ]


def read_records(label: str | Path, text: str) -> list:
    """The `companies` list of a registry file's text (ours or a user's); label names it in errors."""
    try:
        data = load_yaml(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark is not None else ""
        raise RegistryError(f"{label}:{where} not valid YAML: {getattr(e, 'problem', None) or e}") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RegistryError(f"{label}: expected a top-level 'companies' list")
    if set(data) - {"companies"}:
        raise _unknown_keys(label, data, ("companies",))
    recs = data.get("companies") or []
    if not isinstance(recs, list):
        raise RegistryError(f"{label}: companies must be a list of entries")
    return recs


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped registry, loaded once per process."""
    return Registry.load(DATA_FILE)
