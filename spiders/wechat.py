"""WeChat public-account article pages (mp.weixin.qq.com and mirrors of them)."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from spiders.dates import DEFAULT_TZ, from_epoch, parse_date
from spiders.extract import canonical_url, clean_title, element_text, meta, parse_html
from store.urls import normalise_url

WECHAT_HOST = "mp.weixin.qq.com"

# What WeChat shows instead of an article: deleted by the author, removed for violations, expired.
UNAVAILABLE_MARKERS = (
    "该内容已被发布者删除",
    "此内容因违规无法查看",
    "此内容因涉嫌违反相关法律法规和政策",
    "此内容被投诉且经审核涉嫌侵权",
    "由用户投诉并经平台审核",
    "该公众号已迁移",
    "该内容暂时无法查看",
    "链接已过期",
    "该文章已被删除",
    "此内容发送失败无法查看",
    "内容已被删除",
    "This content has been deleted",
    "has been deleted by the author",
    "The link has expired",
)


# Calls to follow/share that accounts put above and below every post: not part of the story.
_BOILERPLATE = re.compile(
    r"^(点击(上方)?(蓝字|关注)|关注我们|长按(识别)?(二维码|下方)|扫码关注|阅读原文|往期(推荐|回顾)|"
    r"点个?[“\"]?在看|分享.{0,4}点赞|END$|-+\s*END\s*-+$|▼|▲)"
)


def strip_boilerplate(text: str | None) -> str | None:
    if not text:
        return text
    paras = text.split("\n\n")
    while paras and _BOILERPLATE.search(paras[0]) and len(paras[0]) < 40:
        paras.pop(0)
    while paras and _BOILERPLATE.search(paras[-1]) and len(paras[-1]) < 40:
        paras.pop()
    return "\n\n".join(paras) or None


def _js_var(html: str, name: str) -> str | None:
    """Value of `var name = "..."` / `name = htmlDecode("...")` / `name: '...'` in the page's scripts."""
    rx = re.compile(
        r"(?:var\s+|\b)" + re.escape(name) + r"""\s*[=:]\s*(?:htmlDecode\()?\s*(["'])(.*?)(?<!\\)\1""", re.S
    )
    m = rx.search(html)
    if not m:
        return None
    value = m.group(2).replace("\\x26", "&").replace("\\/", "/").replace('\\"', '"').replace("\\'", "'")
    value = html_lib.unescape(html_lib.unescape(value)).strip()
    return value or None


@dataclass
class WeChatArticle:
    status: str  # ok | unavailable | empty (no body and no notice: a voice or video post, or no WeChat page)
    reason: str | None  # the page's own words when unavailable
    title: str | None
    text: str | None
    account: str | None
    author: str | None
    published: str | None
    canonical_url: str | None


def is_wechat_page(html: str, url: str = "") -> bool:
    """An article page of WeChat or of a mirror serving its HTML (a mere link to WeChat is not)."""
    return 'id="js_content"' in html or "id='js_content'" in html or f"://{WECHAT_HOST}/" in url


def unavailable_reason(html: str) -> str | None:
    for marker in UNAVAILABLE_MARKERS:
        if marker in html:
            return marker
    return None


def parse_wechat(html: str, url: str, tz: str = DEFAULT_TZ) -> WeChatArticle:
    """Title (og:title, msg_title, #activity-name), account (nickname, #js_name), publish time (`ct`
    epoch, else the on-page date read in tz), body from #js_content; deleted/blocked pages -> unavailable;
    no body and no notice -> empty, with whatever metadata the page has."""
    tree = parse_html(html)
    body_el = tree.get_element_by_id("js_content", None)
    text = strip_boilerplate(element_text(body_el)) if body_el is not None else None
    if not text:
        reason = unavailable_reason(html)
        if reason:
            return WeChatArticle("unavailable", reason, None, None, None, None, None, None)

    def by_id(*ids: str) -> str | None:
        for i in ids:
            el = tree.get_element_by_id(i, None)
            if el is not None:
                value = clean_title(el.text_content())
                if value:
                    return value
        return None

    title = clean_title(meta(tree, "og:title", "twitter:title")) or clean_title(_js_var(html, "msg_title"))
    title = title or by_id("activity-name")
    account = clean_title(_js_var(html, "nickname")) or by_id("js_name")
    if not account:
        for el in tree.find_class("profile_nickname"):
            account = clean_title(el.text_content())
            if account:
                break
    author = clean_title(meta(tree, "author")) or by_id("js_author_name") or clean_title(_js_var(html, "author"))
    published = None
    ct = _js_var(html, "ct") or _js_var(html, "create_time")
    if ct:
        published = from_epoch(ct) if ct.isdigit() else parse_date(ct, tz)
    if not published:
        shown = by_id("publish_time", "post-date")
        published = parse_date(shown, tz) if shown else None
    link = _js_var(html, "msg_link") or meta(tree, "og:url")
    canon = link if link and link.startswith("http") else canonical_url(tree, url)
    canon = normalise_url(canon) if canon else None
    return WeChatArticle("ok" if text else "empty", None, title, text, account, author, published, canon)
