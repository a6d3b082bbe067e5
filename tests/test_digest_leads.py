"""Leads, key facts and salience: the parts of a story an English-only reader acts on."""

from digest.keyfacts import key_facts
from digest.leads import english_sentences, lead_of, story_lead
from digest.salience import Salience, article_salience, story_salience
from store.model import Article, Fact, Mention


def zh(i, text, text_en, engine="argos", model="m"):
    return Article(url=f"https://zh.example/{i}", source="36kr", id=i, lang="zh", title="标题", text=text,
                   title_en="Title", text_en=text_en, engine=engine, model=model,
                   published="2026-11-17T03:00:00+00:00")


def en(i, text, title="Title"):
    return Article(url=f"https://en.example/{i}", source="spacenews", id=i, lang="en", title=title, text=text,
                   engine="none", published="2026-11-17T09:00:00+00:00")


def test_sentences_keep_abbreviations_and_initials():
    text = ("LandSpace launched Zhuque-3 on Nov. 17 from Jiuquan. The U.S. Space Force tracked it. "
            "Beijing Tianbing Technology Co. Ltd. said J. Wang led the test!\n\nA new paragraph")
    assert [text[s:e] for s, e in english_sentences(text)] == [
        "LandSpace launched Zhuque-3 on Nov. 17 from Jiuquan.", "The U.S. Space Force tracked it.",
        "Beijing Tianbing Technology Co. Ltd. said J. Wang led the test!", "A new paragraph"]


def test_lead_takes_two_or_three_sentences():
    short = en(1, "One. Two is here. Three is here. Four is not.")
    assert lead_of(short).text == "One. Two is here. Three is here."
    long = "x" * 150
    two = en(2, f"{long} one. {long} two. Three.")
    assert lead_of(two).text == f"{long} one. {long} two."  # two long sentences are enough
    assert lead_of(two).sentences == 2


def test_a_run_on_machine_sentence_is_cut_at_a_word():
    lead = lead_of(zh(1, "很长。", " ".join(["word"] * 200) + "."))
    assert lead.cut and lead.text.endswith("word …") and len(lead.text) <= 482
    assert lead_of(zh(2, "", "")) is None


def test_lead_names_facts_of_its_own_chinese_sentences_the_english_lacks():
    text = "11月17日，火箭在酒泉发射。本次发射搭载六颗卫星。公司成立于2015年。"
    facts = [Fact("date", "11月17日", 0, 6, "November 17", field="text", missing=True),
             Fact("count", "六颗卫星", 17, 21, "6 satellites", field="text", missing=True),
             Fact("date", "2015年", 28, 33, "2015", field="text", missing=True),
             Fact("date", "11月17日", 0, 6, "November 17", field="title", missing=True)]
    lead = lead_of(zh(1, text, "On the day, the rocket launched from Jiuquan. It carried satellites."), facts)
    assert [f.en for f in lead.missing] == ["November 17", "6 satellites"]  # not 2015: past the lead


def test_story_lead_prefers_the_best_english():
    gloss = zh(1, "句子。", "Gloss sentence.", engine="gloss", model=None)
    argos = zh(2, "句子。", "Argos sentence.")
    original = en(3, "Reporter sentence.")
    assert story_lead([gloss, argos, original], {}).text == "Reporter sentence."
    assert story_lead([gloss, argos], {}).label == "argos m"
    assert story_lead([gloss], {}).label == "gloss"
    # an English article with no body gives way to a translation that has one
    assert story_lead([en(4, ""), argos], {}).text == "Argos sentence."


def test_salience_title_lead_and_passing_mentions():
    text = ("LandSpace raised a new round. LandSpace will build Zhuque-3 with it. The market is crowded. "
            "LandSpace competes with Galactic Energy and Space Pioneer.")
    a = en(1, text, title="LandSpace raises money")
    mentions = [Mention("landspace", "LandSpace", 0, 9, "title"), Mention("landspace", "LandSpace", 0, 9, "text"),
                Mention("landspace", "LandSpace", 30, 39, "text"), Mention("landspace", "Zhuque-3", 51, 59, "text"),
                Mention("landspace", "LandSpace", 94, 103, "text"),
                Mention("galactic", "Galactic Energy", 120, 135, "text"),
                Mention("pioneer", "Space Pioneer", 140, 153, "text")]
    assert article_salience(a, mentions) == Salience(["landspace"], ["galactic", "pioneer"])
    # named in the lead as often as the subject: about too (a joint venture, a customer in the first line)
    joint = en(2, "LandSpace and iSpace signed a deal. LandSpace and iSpace will share a pad.", title="A deal")
    m2 = [Mention("landspace", "LandSpace", 0, 9, "text"), Mention("ispace", "iSpace", 14, 20, "text"),
          Mention("landspace", "LandSpace", 36, 45, "text"), Mention("ispace", "iSpace", 50, 56, "text")]
    assert article_salience(joint, m2) == Salience(["landspace", "ispace"], [])
    assert article_salience(joint, []) == Salience([], [])


def test_story_salience_needs_half_the_articles():
    votes = [Salience(["a"], ["b"]), Salience(["a", "b"], []), Salience(["a"], ["c"])]
    assert story_salience(votes) == Salience(["a"], ["b", "c"])
    assert story_salience([Salience([], ["x"])]) == Salience([], ["x"])
    assert story_salience([Salience(["a"], []), Salience(["b"], [])]) == Salience(["a", "b"], [])


def test_key_facts_keep_what_a_reader_acts_on():
    a = zh(1, "", "")
    facts = {1: [Fact("money", "十亿元", 0, 3, "1 billion yuan", field="title"),
                 Fact("round", "本轮", 5, 7, "this round", field="text"),
                 Fact("date", "明年", 9, 11, "next year", field="text"),
                 Fact("place", "我国", 12, 14, "China", field="text"),
                 Fact("place", "近地轨道", 15, 19, "low Earth orbit", field="text"),
                 Fact("time", "11时", 20, 23, "11:00", field="text"),
                 Fact("vehicle", "朱雀三号", 24, 28, "Zhuque-3", field="text"),
                 Fact("vehicle", "朱雀三号", 30, 34, "Zhuque-3", field="text"),
                 Fact("date", "2015年", 200, 205, "2015", field="text"),
                 Fact("date", "11月17日", 36, 42, "November 17", field="text")]}
    got = key_facts([a], facts, {}, {}, {1: 100})
    assert [(f.kind, f.en, f.zh) for f in got] == [
        ("money", "1 billion yuan", "十亿元"), ("date", "November 17", "11月17日"), ("vehicle", "Zhuque-3", "朱雀三号")]
    b = en(2, "")
    got = key_facts([b], {}, {2: [Mention("landspace", "ZQ-3", 0, 4, "title"), Mention("landspace", "LandSpace", 5, 14,
                                                                                       "title")]},
                    {"landspace": {"zq-3": "Zhuque-3", "朱雀三号": "Zhuque-3"}})
    assert [(f.kind, f.en, f.zh) for f in got] == [("vehicle", "Zhuque-3", None)]


def _found(text: str, field: str, names: dict[str, str]) -> list[Mention]:
    """Mentions of each (company, surface) wherever the surface occurs in the text."""
    out = []
    for company, surface in names.items():
        at = text.find(surface)
        while at >= 0:
            out.append(Mention(company, surface, at, at + len(surface), field))
            at = text.find(surface, at + 1)
    return out


def test_salience_a_former_employer_an_origin_or_a_rival_is_only_mentioned():
    names = {"calt": "航天一院", "landspace": "蓝箭航天"}
    title, text = "原航天一院总设计师加盟蓝箭航天", "原航天一院一位总设计师近日加盟蓝箭航天，出任副总裁。"
    hire = Article(url="https://zh.example/1", source="36kr", id=1, lang="zh", title=title, text=text,
                   published="2026-11-17T03:00:00+00:00")
    mentions = _found(title, "title", names) + _found(text, "text", names)
    assert article_salience(hire, mentions) == Salience(["landspace"], ["calt"])
    title = "蓝箭航天新任副总裁来自航天一院"
    origin = Article(url="https://zh.example/2", source="36kr", id=2, lang="zh", title=title, text="",
                     published="2026-11-17T03:00:00+00:00")
    assert article_salience(origin, _found(title, "title", names)) == Salience(["landspace"], ["calt"])
    names = {"calt": "CALT", "landspace": "LandSpace", "deep_blue": "Deep Blue"}
    a = en(3, "A designer left CALT.", title="Former CALT chief designer joins LandSpace")
    assert article_salience(a, _found(a.title, "title", names)) == Salience(["landspace"], ["calt"])
    b = en(4, "Deep Blue flew a hop.", title="Deep Blue hop test may challenge LandSpace")
    assert article_salience(b, _found(b.title, "title", names) + _found(b.text, "text", names)) == Salience(
        ["deep_blue"], ["landspace"])
    # a name alone, or after an ordinary word, is the subject as before
    c = en(5, "", title="CALT and LandSpace sign deal")
    assert article_salience(c, _found(c.title, "title", names)) == Salience(["calt", "landspace"], [])
