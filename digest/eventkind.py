"""What kind of event a headline tells (a launch, a funding round, a contract ...), read from the
English title (the original, or the translation of a Chinese one) with the glossary's concepts
(digest.concepts), whose forms include the words the gloss writes for their Chinese forms.

A company's launch and its funding round in one week share the company, often the vehicle (the
money is for the rocket that just flew) and sometimes a recap's words: the headline's kind is what
tells them apart. A headline naming two kinds tells the first: the main clause leads, and what
comes before or after it follows ("raises $350 million as Tianlong-3 heads for second flight" is
money, "launches Ceres-1 days after a 1.5 billion yuan raise" a launch).

One word of a headline is a weak reading on its own: the clustering trusts a kind only where the
report's own facts back it (corroborated_kind): money or a deal with an amount (a deal also with
a count of satellites), a flight with a flight number or a count of satellites, a factory with a
place, a rule with the body that issued it or the place it governs.
"""

from __future__ import annotations

from digest.concepts import WORD, ConceptIndex

# Concept id -> kind. A launch and a test firing are one kind ("flight"): a company's test and
# launch in one week differ by vehicle.
_KIND_OF = {
    "policy": "policy", "regulation": "policy", "subsidy": "policy", "document_60": "policy",
    "ipo": "ipo", "star_market": "ipo",
    "acquisition": "acquisition",
    "funding": "funding", "angel_round": "funding", "seed_round": "funding", "series_a": "funding",
    "series_b": "funding", "series_c": "funding", "series_d": "funding", "series_e": "funding",
    "pre_ipo_round": "funding", "valuation": "funding",
    "appointment": "people", "talent": "people",
    "contract": "deal", "agreement": "deal",
    "factory": "facility", "industrial_park": "facility",
    "test_firing": "flight", "launch": "flight", "maiden_flight": "flight", "sea_launch": "flight",
    "launch_failure": "flight", "orbit": "flight",
}
KINDS = ("policy", "ipo", "acquisition", "funding", "people", "deal", "facility", "flight")


def event_kind(title: str | None, concepts: ConceptIndex) -> str | None:
    """The kind of event an English headline tells, or None when it names none."""
    found = concepts.english_concepts(WORD.findall((title or "").lower()))
    return next((k for _, _, cid in found if (k := _KIND_OF.get(cid))), None)


# The event keys (digest.eventkeys) that back each kind a headline tells.
_BACKED_BY = {"funding": ("m:",), "deal": ("m:", "n:"), "ipo": ("m:",), "acquisition": ("m:",),
              "flight": ("flight:", "n:"), "facility": ("e:",), "policy": ("o:", "e:")}
_ANY_BACKING = tuple({p for prefixes in _BACKED_BY.values() for p in prefixes})


def corroborated_kind(title: str | None, keys: set[str], concepts: ConceptIndex) -> str | None:
    """The headline's kind when one of the report's event keys backs it, else None."""
    if not any(k.startswith(_ANY_BACKING) for k in keys):
        return None  # nothing could back a kind: the headline need not be read
    kind = event_kind(title, concepts)
    backing = _BACKED_BY.get(kind or "")
    if backing and any(k.startswith(backing) for k in keys):
        return kind
    return None
