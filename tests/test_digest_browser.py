"""The week-47 HTML digest in a real browser (headless Chromium): Chinese renders with a CJK face,
never as empty boxes; dark mode stays readable; nothing is fetched. Skipped, saying why, where
Chromium or a CJK font is not installed (.ci/run installs both from Debian's packages)."""

import re
import shutil
import subprocess

import pytest

from browser import Browser, find_chromium
from digest.build import build_digest
from digest.options import DigestOptions
from digest.render import FONTS, render_html

pytestmark = pytest.mark.slow  # starts a browser


def cjk_fonts() -> list[str]:
    if not shutil.which("fc-list"):
        return []
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not find_chromium():
        pytest.skip("Chromium is not installed (apt-get install chromium): the rendering check needs a real browser")
    if not cjk_fonts():
        pytest.skip("no font with Chinese glyphs is installed (apt-get install fonts-noto-cjk): "
                    "no mail client can draw Chinese without one")
    from digestdata import load_fixture
    from store.archive import Archive

    a = Archive.memory()
    load_fixture(a)
    path = tmp_path_factory.mktemp("browser") / "digest-2026-W47.html"
    path.write_text(render_html(build_digest(a, "2026-W47", DigestOptions())), encoding="utf-8")
    with Browser() as b:
        yield b.open(path)


def stack_families(stack: str) -> list[str]:
    return [f.strip().strip("'\"") for f in stack.split(",")]


def test_chinese_is_drawn_with_a_cjk_face_of_our_stack(page):
    # the Chinese title of the first Chinese report, as a reader sees it under the English headline
    text = page.evaluate('document.querySelector("div[lang=zh]").textContent')
    assert text == "蓝箭航天朱雀三号首飞成功入轨"
    fonts = page.fonts_for("div[lang=zh]")
    cjk = [f for f in fonts if f["familyName"] in stack_families(FONTS["zh"])]
    assert cjk, fonts  # a face the stylesheet names, not a last-resort fallback
    assert sum(f["glyphCount"] for f in cjk) == len(text)  # every character drawn with it


def test_no_tofu_glyphs_differ_and_differ_from_a_missing_one(page):
    """Tofu draws every character as the same box: two different Chinese characters, drawn in the
    element's own font, must differ from each other and from a code point no font has."""
    script = """
    (() => {
      const el = document.querySelector("div[lang=zh]");
      const font = getComputedStyle(el).fontSize + " " + getComputedStyle(el).fontFamily;
      const draw = (ch) => {
        const c = document.createElement("canvas"); c.width = 40; c.height = 40;
        const g = c.getContext("2d"); g.font = font; g.fillStyle = "#000"; g.fillText(ch, 4, 30);
        return Array.from(g.getImageData(0, 0, 40, 40).data).join(",");
      };
      const width = (s) => { const g = document.createElement("canvas").getContext("2d"); g.font = font;
                             return g.measureText(s).width; };
      return {a: draw("航"), b: draw("天"), missing: draw("\\u0378"),
              zh: width("蓝箭航天"), latin: width("abcd")};
    })()
    """
    r = page.evaluate(script)
    assert r["a"] != r["b"] and r["a"] != r["missing"] and r["b"] != r["missing"]
    assert r["zh"] > r["latin"]  # four full-width ideographs are wider than four Latin letters


def contrast(fg: str, bg: str) -> float:
    def lum(css):
        r, g, b = (int(x) / 255 for x in re.findall(r"\d+", css)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_is_readable_in_light_and_dark_mode(page, scheme):
    page.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": scheme}])
    colours = page.evaluate("""
    (() => {
      const s = (q) => getComputedStyle(document.querySelector(q));
      return {body: [s(".px-body").color, s(".px-body").backgroundColor],
              story: [s(".px-story p").color, s(".px-story").backgroundColor],
              muted: [s(".px-story .px-muted").color, s(".px-story").backgroundColor],
              link: [s(".px-story a.px-link").color, s(".px-story").backgroundColor]};
    })()
    """)
    page.call("Emulation.setEmulatedMedia", features=[])
    if scheme == "dark":
        assert colours["body"][1] != "rgb(255, 255, 255)"  # the dark palette took over
    for part, (fg, bg) in colours.items():
        assert contrast(fg, bg) >= 4.5, (scheme, part, fg, bg)


def test_nothing_is_fetched(page):
    assert page.evaluate("performance.getEntriesByType('resource').length") == 0
    assert page.evaluate("document.images.length + document.styleSheets.length") == 1  # our one <style>
