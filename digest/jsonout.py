"""The digest as machine-readable JSON (`parallax digest --json`): the week, its counts and every
story of it, ranked as in the mail. A public interface: fields are added, never renamed or removed
(docs/CONTRACTS.md lists them)."""

from __future__ import annotations

import json

from store.urls import web_url

FORMAT_VERSION = 1


def _article(story, a) -> dict:
    out = {
        "url": web_url(a.link) or a.link, "source": a.source, "lang": a.lang, "title": a.title,
        "title_en": a.headline if a.lang != "en" or a.title_en else a.title,
        "engine": "none" if a.lang == "en" else (a.engine or "none"), "model": a.model, "label": a.label,
        "published": a.when,
    }
    mirror = story.mirror_of(a)
    if mirror:
        out["mirror"] = mirror
    missing = story.facts_missing_in(a)
    if missing:
        out["title_facts_missing"] = [{"kind": f.kind, "zh": f.zh, "en": f.en} for f in missing]
    return out


def _story(s) -> dict:
    lead = s.lead_en
    return {
        "id": s.id, "number": s.number, "printed": s.printed,
        "title_en": s.title, "title_label": s.lead.label,
        "lead_en": lead.text if lead else None,
        "lead_engine": lead.engine if lead else None,
        "lead_label": lead.label if lead else None,
        "lead_facts_missing": [{"kind": f.kind, "zh": f.zh, "en": f.en} for f in lead.missing] if lead else [],
        "coverage": s.coverage,
        "companies_about": [c.id for c in s.about],
        "companies_mentioned": [c.id for c in s.mentioned],
        "themes": list(s.topics),
        "facts": [f.to_dict() for f in s.facts],
        "sources": s.sources,
        "first_date": s.first_date, "last_date": s.last_date,
        "articles": [_article(s, a) for a in s.items],
    }


def digest_dict(d) -> dict:
    g = d.glance
    counts = dict(d.asymmetry)
    if g is not None:
        counts["glance"] = {
            "previous_weeks": g.weeks,
            "totals": [r.to_dict() for r in g.totals],
            "themes": {t: r.to_dict() for t, r in g.themes},
            "company_types": {t: r.to_dict() for t, r in g.company_types},
        }
    return {
        "format": FORMAT_VERSION,
        "week": d.week, "start": d.start.isoformat(), "end": d.last_day.isoformat(),
        "subject": d.subject,
        "counts": counts,
        "stories": [_story(s) for s in d.stories],
        "companies": [{"id": c.company.id, "name_en": c.company.name_en, "name_zh": c.company.name_zh,
                       "type": c.company.type, "about": [s.number for s in c.stories], "about_total": c.total,
                       "mentioned_in": [s.number for s in c.mentioned_in]} for c in d.companies],
        "new_companies": [c.id for c in d.new_companies],
        "new_names": [n.to_dict() for n in d.new_names],
        "failed_sources": d.failed_sources,
        "quiet_sources": d.quiet_sources,
    }


def render_json(d) -> str:
    return json.dumps(digest_dict(d), ensure_ascii=False, indent=2) + "\n"
