"""Degenerate output: loops are cut, empty output and cut-to-nothing fall back, long output is cut."""

from translate.guard import check, find_loop

SRC = "蓝箭航天发射火箭成功了"  # 11 hanzi: about 33 characters of English expected


def test_good_output_untouched():
    v = check(SRC, "LandSpace launched a rocket.")
    assert (v.text, v.flags, v.fallback) == ("LandSpace launched a rocket.", [], False)


def test_word_loop_cut_after_first_occurrence():
    v = check(SRC, "LandSpace launched the rocket rocket rocket rocket rocket rocket")
    assert (v.text, v.flags, v.fallback) == ("LandSpace launched the rocket", ["degenerate:loop"], False)


def test_phrase_loop_cut():
    v = check(SRC, "LandSpace launched a rocket into orbit into orbit into orbit into orbit")
    assert (v.text, v.flags) == ("LandSpace launched a rocket into orbit", ["degenerate:loop"])
    assert find_loop("a b c a b c".split()) is None  # two occurrences are not a loop


def test_loop_inside_a_word_cut():
    v = check(SRC, "LandSpace launched hahahahahahahahaha")
    assert (v.text, v.flags) == ("LandSpace launched ha", ["degenerate:loop"])


def test_loop_leaving_almost_nothing_falls_back():
    v = check(SRC, "the the the the the the the the")
    assert (v.text, v.flags, v.fallback) == ("the", ["degenerate:loop"], True)


def test_empty_output_falls_back():
    assert check(SRC, "  ") .fallback is True
    assert check(SRC, "").flags == ["degenerate:empty"]
    assert check("", "").flags == []


def test_far_too_long_cut_at_word_boundary():
    out = "rocket " + " ".join(f"w{i}" for i in range(200))
    v = check("火箭", out)  # 2 hanzi: limit 3 * 6 + 40 = 58 characters
    assert v.flags == ["degenerate:long"] and v.fallback is False
    assert v.text == "rocket w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14"
    assert len(v.text) <= 58


def test_lines_checked_separately():
    v = check("火箭\n火箭", "rocket\nok ok ok ok ok")
    assert (v.text, v.flags) == ("rocket\nok", ["degenerate:loop"])
