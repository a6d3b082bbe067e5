"""The search fixture archive: seven articles imitating the real sources, written the way the
enrichment stage writes them (used by test_search and test_search_serve)."""

from __future__ import annotations

from store.archive import Archive
from store.model import Article, Enrichment, Mention
from translate.segment import segment_for_index

# Articles imitating the real sources: 36Kr and a WeChat account in Simplified Chinese, a Hong
# Kong outlet in Traditional, SpaceNews in English. Chinese ones carry their English translation,
# except the WeChat post (not translated yet), which only a Chinese name can find.
ARTICLES = [
    dict(
        url="https://36kr.com/p/2931001", source="36kr", lang="zh", published="2026-06-03T02:00:00+00:00",
        title="蓝箭航天完成新一轮融资",
        text="3日，蓝箭航天宣布完成D轮融资，本轮由国家制造业转型升级基金领投，资金将用于朱雀三号可重复使用运载火箭的研制。",
        title_en="LandSpace completes a new funding round",
        text_en="On the 3rd, LandSpace announced a Series D round led by the national manufacturing "
                "upgrading fund; the money goes to the reusable Zhuque-3 launch vehicle.",
        companies=["landspace"], topics=["funding"],
    ),
    dict(
        url="https://hket.com/article/3380112", source="hket", lang="zh", published="2026-05-20T08:30:00+00:00",
        title="藍箭航天公布朱雀二號遙測數據",
        text="藍箭航天昨日公布朱雀二號遙測數據，顯示火箭二級工作正常。",
        title_en="LandSpace publishes Zhuque-2 telemetry",
        text_en="LandSpace yesterday published Zhuque-2 telemetry showing the second stage worked normally.",
        companies=["landspace"], topics=["launch"],
    ),
    dict(
        url="https://spacenews.com/space-pioneer-tianlong-3-orbit/", source="spacenews", lang="en",
        published="2026-06-05T14:00:00+00:00",
        title="Space Pioneer's Tianlong-3 reaches orbit on first flight",
        text="Space Pioneer launched its Tianlong-3 rocket from Jiuquan on Friday, the first flight of the "
             "kerosene-fuelled vehicle.",
        title_en=None, text_en=None, companies=["space_pioneer"], topics=["launch"],
    ),
    dict(
        url="https://mp.weixin.qq.com/s/tianbing-tl3", source="tianbing-wechat", lang="zh",
        published="2026-06-10T01:00:00+00:00",
        title="天兵科技天龙三号首飞成功",
        text="天兵科技研制的天龙三号液体运载火箭在酒泉卫星发射中心成功首飞。",
        title_en=None, text_en=None, companies=["space_pioneer"], topics=["launch"],
    ),
    dict(
        url="https://finance.sina.com.cn/tech/2026-04-15/policy.html", source="sina", lang="zh",
        published="2026-04-15T03:00:00+00:00",
        title="商业航天发展迎来政策支持",
        text="国家航天局发布通知，支持商业航天企业参与国家重大工程，鼓励社会资本投资。",
        title_en="Commercial space development receives policy support",
        text_en="The national space administration issued a notice supporting commercial space companies in "
                "major national projects and encouraging private investment.",
        companies=[], topics=["policy"],
    ),
    dict(
        url="https://spacenews.com/galactic-energy-raises-funding/", source="spacenews", lang="en",
        published="2026-06-20T12:00:00+00:00",
        title="Galactic Energy raises new funding for Ceres-2",
        text="Galactic Energy said it closed a funding round to finish the Ceres-2 rocket.",
        title_en=None, text_en=None, companies=["galactic_energy"], topics=["funding"],
    ),
]


def build_archive(path, articles=ARTICLES) -> Archive:
    """Writes articles the way the enrichment stage does: upsert, then save_enrichment with the
    segmented index copy."""
    archive = Archive.open(path)
    for a in articles:
        r = archive.upsert_article(Article(url=a["url"], source=a["source"], title=a["title"], text=a["text"],
                                            lang=a["lang"], published=a["published"]))
        english = a["lang"] == "en"
        archive.save_enrichment(r.id, Enrichment(
            lang=a["lang"], title_en=a["title_en"], text_en=a["text_en"],
            engine="none" if english else "gloss", model=None,
            mentions=[Mention(c, c, 0, 1, "title") for c in a["companies"]],
            topics=a["topics"],
            index={k: segment_for_index(a[k] or "") for k in ("title", "text", "title_en", "text_en")},
            key="test",
        ))
    return archive
