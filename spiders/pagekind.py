"""Pages that are not articles, told apart by their own words and addresses before any extraction.

Since WeChat closed the routes mirrors used (July 2026), a mirror or WeChat itself often answers
200 with a verification page ("环境异常", "当前环境异常，完成验证后即可继续访问", "去验证", or a
redirect to /mp/wappoc_appmsgcaptcha) or a rate-limit notice where the post should be; a general
extractor reads those words as an article. An account's history or profile page is no article
either, nor is a voice or video post with no text (kept by its title). All checks are substring
tests on the raw page first, so an ordinary article costs next to nothing here.

Markers count only on a page with little text (MAX_WALL_CHARS): an article that quotes "环境异常"
stays an article.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Verification walls and rate-limit notices, as WeChat, mirrors and their proxies word them (in the
# text a reader sees), and what their forms and scripts carry (in the page's source).
WALL_WORDS = (
    "当前环境异常，完成验证后即可继续访问",
    "完成验证后即可继续访问",
    "环境异常",
    "去验证",
    "访问过于频繁",
    "操作过于频繁",
    "请求过于频繁",
    "访问频率过高",
    "请稍后再试",
    "Too Many Requests",
    "人机验证",
    "安全验证",
)
WALL_SOURCE = ("wappoc_appmsgcaptcha", "secitptpage/verify")
# Addresses a wall redirects to: WeChat's captcha page and its security-check host.
WALL_URLS = ("/mp/wappoc_appmsgcaptcha", "weixin110.qq.com", "/mp/verifycode", "/cgi-bin/readtemplate?t=secverify")

# An account's pages that list posts or describe the account: the history (profile_ext?action=home),
# the homepage, an album's list of posts, the account card.
PROFILE_PATHS = ("/mp/profile_ext", "/mp/homepage", "/mp/getmasssendmsg", "/mp/appmsgalbum")
PROFILE_MARKERS = ("var msgList", "msgList =", "weui_msg_card_list", "js_history_list", "album__list")

# A voice message or a video is the post: the editor's own elements and WeChat's share-page types
# (item_show_type 5: video, 7: voice).
VOICE_MARKERS = ("<mpvoice", "<mp-common-mpaudio", "voice_encode_fileid", "js_editor_audio", 'item_show_type = "7"')
VIDEO_MARKERS = ("<mpvideo", "<mp-common-videosnap", "video_iframe", "js_mpvideo", "mpvideo",
                 'item_show_type = "5"', "v.qq.com/iframe", "channels.weixin.qq.com")

MAX_WALL_CHARS = 400  # a verification or rate-limit page says little; an article says more
MAX_MEDIA_CHARS = 60  # a caption under a video, not a story

_TAGS = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<[^>]+>", re.S | re.I)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PageKind:
    kind: str  # article | blocked (a wall or rate-limit notice) | not_article (an account page)
    reason: str | None = None  # the marker or address that decided it


ARTICLE = PageKind("article")


def visible_text(html: str) -> str:
    """The text a reader would see, white space removed (tags, scripts and styles dropped)."""
    return _SPACE.sub("", html_lib.unescape(_TAGS.sub(" ", html)))


def wall_reason(html: str, url: str = "", redirects: tuple[str, ...] | list[str] = (),
                has_body: bool = False) -> str | None:
    """Why this page is a verification wall or rate-limit notice; None when it is not one.
    has_body: the caller found the post's text on it (then its words are the post's, not a wall's)."""
    for address in (url, *redirects):
        for mark in WALL_URLS:
            if mark in (address or ""):
                return f"redirected to {mark.strip('/')}"
    if has_body or not any(m in html for m in WALL_WORDS + WALL_SOURCE):
        return None  # the common case: no parsing at all
    text = visible_text(html)
    if len(text) > MAX_WALL_CHARS:
        return None
    found = next((m for m in WALL_WORDS if m.replace(" ", "") in text), None)
    return found or next((m for m in WALL_SOURCE if m in html), None)


def profile_reason(html: str, url: str = "", wechat: bool = True) -> str | None:
    """Why this is an account's history, album or profile page rather than a post; the markers in
    the page count only on a WeChat page (an ordinary site may name a script variable msgList)."""
    try:
        path = urlsplit(url).path if url else ""
    except ValueError:
        path = ""
    for mark in PROFILE_PATHS:
        if path.startswith(mark):
            return f"account page {mark}"
    found = next((m for m in PROFILE_MARKERS if m in html), None) if wechat else None
    return f"account page ({found.strip(' =')})" if found else None


def media_of(html: str) -> str | None:
    """voice or video when the page (or a feed item's body) carries one; None otherwise."""
    if any(m in html for m in VOICE_MARKERS):
        return "voice"
    if any(m in html for m in VIDEO_MARKERS):
        return "video"
    return None


def media_post(html: str, text: str | None) -> str | None:
    """voice or video when that is the post: it carries one, and its text is at most a caption."""
    if text and len(text) > MAX_MEDIA_CHARS:
        return None
    return media_of(html)


def classify(html: str, url: str = "", redirects: tuple[str, ...] | list[str] = (), *,
             body_chars: int | None = None, wechat: bool = False) -> PageKind:
    """What a page is before it is read as an article. body_chars: the length of the post's text
    where the caller found one (a WeChat page's #js_content); a page with a body is never taken
    for an account page."""
    has_body = body_chars is not None and body_chars > MAX_MEDIA_CHARS
    reason = wall_reason(html, url, redirects, has_body)
    if reason:
        return PageKind("blocked", reason)
    if not has_body:
        reason = profile_reason(html, url, wechat)
        if reason:
            return PageKind("not_article", reason)
    return ARTICLE
