"""Story clusters: near-duplicate text, or a shared company + close dates + shared rare title words."""

from digest.cluster import cluster_articles, stem, title_terms
from parallax.outputs import digest_concepts
from store.model import Article

CONCEPTS = digest_concepts()  # the shipped glossary's, as the CLI passes them

BODY = ("On November 17 the Zhuque-3 carrier rocket lifted off from the Jiuquan Satellite Launch Center and "
        "its first flight entered the planned orbit, the company said, adding that the first stage recovery "
        "test collected data for the next mission.")
OTHER = ("Galactic Energy said the new round was led by a provincial industry fund and will pay for the "
         "development of the Pallas-1 liquid rocket and a second production line in Jiangsu.")


def art(i, title, text="", day=17, hour=0, lang="en"):
    return Article(url=f"https://example.org/{i}", source="s", id=i, lang=lang, title=title, text=text,
                   title_en=None if lang == "en" else title, text_en=None if lang == "en" else text,
                   published=f"2026-11-{day:02d}T{hour:02d}:00:00+00:00")


NAMES = {"landspace": "LandSpace", "galactic": "Galactic Energy", "ispace": "iSpace"}


def test_reposts_join_by_text_even_without_companies():
    arts = [art(1, "Zhuque-3 makes history", BODY), art(2, "A reprint with another headline", BODY + " Source: 36Kr."),
            art(3, "Unrelated funding news", OTHER)]
    assert cluster_articles(arts, {}, names=NAMES) == [[0, 1], [2]]


def test_same_event_across_languages_by_company_and_title():
    arts = [art(1, "LandSpace's Zhuque-3 reaches orbit on first launch", "LandSpace launched its rocket."),
            art(2, "Zhuque-3 maiden flight enters orbit as LandSpace makes history", "translated body", lang="zh"),
            art(3, "LandSpace opens rocket engine factory in Jiaxing", "A factory story.")]
    companies = {1: ["landspace"], 2: ["landspace"], 3: ["landspace"]}
    assert cluster_articles(arts, companies, names=NAMES) == [[0, 1], [2]]
    # the same titles without a shared company are two stories
    assert cluster_articles(arts, {1: ["landspace"], 2: ["ispace"]}, names=NAMES) == [[0], [1], [2]]


def test_company_name_alone_does_not_join():
    arts = [art(1, "Galactic Energy raises funding for Pallas-1"), art(2, "Galactic Energy Ceres-1 launch fails")]
    assert cluster_articles(arts, {1: ["galactic"], 2: ["galactic"]}, names=NAMES) == [[0], [1]]


def test_window_and_no_chaining_across_the_week():
    t = "LandSpace Zhuque-3 static fire test completed"
    companies = {i: ["landspace"] for i in range(1, 5)}
    far = [art(1, t, "Engineers fired the engine for ninety seconds.", day=16),
           art(2, t, "The second firing of the week lasted two minutes.", day=21)]
    assert cluster_articles(far, companies, names=NAMES) == [[0], [1]]
    # each neighbour is within three days, but the story would span four: the last report stays apart
    chain = [art(1, t, "Engineers fired the engine for ninety seconds.", day=16),
             art(2, t, "Video of the firing was posted by the company.", day=18),
             art(3, t, "The second firing of the week lasted two minutes.", day=20)]
    assert cluster_articles(chain, companies, names=NAMES) == [[0, 1], [2]]


def test_title_terms():
    assert stem("launches") == "launch" and stem("launched") == "launch" and stem("orbits") == "orbit"
    assert title_terms("LandSpace's Zhuque-3 reaches orbit", {"landspace"}) == {"zhuque-3", "reach", "orbit"}


def test_event_keys_read_from_english():
    from digest.eventkeys import text_keys

    got = text_keys("LandSpace raised more than one billion yuan ($140 million) on Nov. 17 and flew the "
                    "nineteenth Ceres-1 mission, Y19, with four small satellites on Thursday", "2026-11-19T09:00:00+00:00")
    assert got == {"m:cny:1e+09", "m:usd:1.4e+08", "d:11-17", "flight:19", "n:4:satellite", "d:11-19"}
    # regression: "Long March 8 launches ten satellites" is neither March 8 nor 8 launches
    assert text_keys("Long March 8 launches ten GalaxySpace satellites") == {"n:10:satellite"}
    assert text_keys("a $5 ticket, 3 yuan, 1 billion of something") == set()


def test_two_launches_of_one_rocket_in_a_week_stay_apart():
    a = art(1, "Galactic Energy launches Ceres-1 with three satellites", "The Ceres-1 Y22 flew on Oct. 12.", day=12)
    b = art(2, "Galactic Energy launches Ceres-1 with four satellites", "The Ceres-1 Y23 flew on Oct. 14.", day=14)
    companies = {1: ["galactic"], 2: ["galactic"]}
    keys = {1: {"flight:22", "d:10-12", "v:ceres-1", "n:3:satellite"}, 2: {"flight:23", "d:10-14", "v:ceres-1",
                                                                          "n:4:satellite"}}
    assert cluster_articles([a, b], companies, names=NAMES, keys=keys) == [[0], [1]]
    # the same titles, no keys against: one story
    assert cluster_articles([a, b], companies, names=NAMES) == [[0, 1]]


def test_reports_whose_titles_share_nothing_join_on_event_keys():
    en = art(1, "Galactic Energy lands $210 million round", "Galactic Energy raised 1.5 billion yuan in a Series C "
             "round led by a city fund to build the Pallas-1 rocket.", day=6)
    zh = art(2, "Galactic Energy complete C round financing", "Galactic Energy announce complete C round financing, "
             "amount 1.5 billion yuan, city fund lead invest, use for Pallas-1 development.", day=6, lang="zh")
    keys = {1: {"m:cny:1.5e+09", "m:usd:2.1e+08", "v:pallas-1"}, 2: {"m:cny:1.5e+09", "v:pallas-1"}}
    assert cluster_articles([en, zh], {1: ["galactic"], 2: ["galactic"]}, names=NAMES, keys=keys) == [[0, 1]]
    # another company's round of another amount, with a rival named in passing: apart
    other = art(3, "Orienspace raises money", "Orienspace raised 1 billion yuan; Galactic Energy raised more.", day=6)
    keys[3] = {"m:cny:1e+09"}
    assert cluster_articles([en, zh, other], {1: ["galactic"], 2: ["galactic"], 3: ["orienspace"]}, names=NAMES,
                            keys=keys) == [[0, 1], [2]]


def test_event_kind_of_a_headline():
    from digest.eventkind import event_kind as kind_of

    def event_kind(title):
        return kind_of(title, CONCEPTS)

    # two kinds: the first, the main clause's
    assert event_kind("Space Pioneer raises $350 million as Tianlong-3 heads for second flight") == "funding"
    assert event_kind("Galactic Energy launches Ceres-1 days after a 1.5 billion yuan raise") == "flight"
    assert event_kind("Tianlong-3 Y2, launched successfully!") == "flight"
    assert event_kind("Zhuque-3 ten machine parallel connection test firing successfully!") == "flight"
    assert event_kind("Spacety wins contract for two SAR satellites") == "deal"
    # a concept read whole is not read again in pieces: a launch vehicle is a rocket, a low orbit no launch
    assert event_kind("LandSpace appoints vice-chairman from China Academy of Launch Vehicle Technology") == "people"
    assert event_kind("satellite internet frequency rule bullish for low orbit constellation company") is None
    assert event_kind("Blue Arrow flies again") is None and event_kind(None) is None
    # a hyphenated word is read whole
    assert event_kind("Company5 launches rocket-37 contract-12") == "flight"
    assert event_kind("Tianlong-3 lift-off") == "flight" and event_kind("newly-appointed chief") is None


def test_a_headline_kind_counts_only_where_the_reports_facts_back_it():
    from digest.eventkind import corroborated_kind as backed

    def corroborated_kind(title, keys):
        return backed(title, keys, CONCEPTS)

    assert corroborated_kind("Tianbing raises 2.5 billion yuan in Series D", {"m:cny:2.5e+09"}) == "funding"
    assert corroborated_kind("Tianbing raises money in Series D", {"v:tianlong-3"}) is None
    assert corroborated_kind("Tianlong-3 Y2, launched successfully!", {"flight:2", "v:tianlong-3"}) == "flight"
    assert corroborated_kind("Space Pioneer launches", {"n:6:satellite"}) == "flight"
    assert corroborated_kind("Space Pioneer launches", {"d:11-04", "v:tianlong-3"}) is None
    assert corroborated_kind("China publishes licensing rules", {"m:cny:1e+09"}) is None
    assert corroborated_kind("China publishes licensing rules", {"o:state administration"}) == "policy"
    assert corroborated_kind("Spacety wins contract for two SAR satellites", {"n:2:satellite"}) == "deal"
    assert corroborated_kind("LandSpace breaks ground on Huzhou factory", {"e:huzhou"}) == "facility"
    assert corroborated_kind("LandSpace breaks ground on Huzhou factory", {"v:zhuque-3"}) is None


def test_a_count_of_the_weeks_launches_is_no_flight_number():
    from digest.eventkeys import text_keys

    assert text_keys("its second mission of the week after Tuesday's flight") == set()
    assert text_keys("this is Galactic Energy this week 2nd launch.") == set()
    assert text_keys("with two satellites, the rocket's third flight") == {"flight:3", "n:2:satellite"}


def test_a_launch_and_a_funding_round_of_one_company_stay_apart_even_through_a_recap():
    launch = art(1, "Tianlong-3 Y2 launched successfully", "Tianlong-3 Y2 flew with six satellites.", day=4)
    launch_en = art(2, "Space Pioneer's Tianlong-3 reaches orbit on second flight", "Space Pioneer's second "
                    "Tianlong-3 put six satellites in orbit on Nov. 4.", day=4)
    money = art(3, "Space Pioneer raises $350 million as Tianlong-3 heads for second flight", "Space Pioneer "
                "closed a Series D round of 2.5 billion yuan for Tianlong-3, due to fly again this week.", day=2)
    money_zh = art(4, "Space Pioneer completed Series D financing", "about 2.5 billion yuan", day=2, lang="zh")
    recap = art(5, "Space Pioneer week: 2.5 billion yuan Series D financing, Tianlong-3 Y2 six satellites",
                "Monday the round, November 4 Tianlong-3 Y2 six satellites.", day=5, lang="zh")
    keys = {1: {"v:tianlong-3", "flight:2", "n:6:satellite", "kind:flight"},
            2: {"v:tianlong-3", "flight:2", "n:6:satellite", "d:11-04", "kind:flight"},
            3: {"v:tianlong-3", "flight:2", "m:cny:2.5e+09", "m:usd:3.5e+08", "kind:funding"},
            4: {"m:cny:2.5e+09", "kind:funding"},
            5: {"v:tianlong-3", "flight:2", "n:6:satellite", "d:11-04", "m:cny:2.5e+09", "kind:funding"}}
    companies = {i: ["space_pioneer"] for i in keys}
    got = cluster_articles([launch, launch_en, money, money_zh, recap], companies, names=NAMES, keys=keys)
    assert got == [[0, 1], [2, 3, 4]]
    # without the headlines' kinds the shared rocket and flight make one story of both
    plain = {i: {k for k in ks if not k.startswith("kind:")} for i, ks in keys.items()}
    assert cluster_articles([launch, launch_en, money, money_zh, recap], companies, names=NAMES,
                            keys=plain) == [[0, 1, 2, 3, 4]]


def test_a_recap_of_two_rounds_does_not_chain_them():
    a = art(1, "Deep Blue Aerospace raises 1.2 billion yuan", "Series B+ round of 1.2 billion yuan.", day=5)
    b = art(2, "MinoSpace closes 1.15 billion yuan Series C", "Series C round of 1.15 billion yuan.", day=5)
    recap = art(3, "Two big rounds in one day: Deep Blue Aerospace 1.2 billion yuan, MinoSpace 1.15 billion yuan",
                "Deep Blue Aerospace raised 1.2 billion yuan; MinoSpace raised 1.15 billion yuan.", day=5)
    keys = {1: {"m:cny:1.2e+09", "kind:funding"}, 2: {"m:cny:1.15e+09", "kind:funding"},
            3: {"m:cny:1.2e+09", "m:cny:1.15e+09", "kind:funding"}}
    companies = {1: ["deep_blue"], 2: ["minospace"], 3: ["deep_blue", "minospace"]}
    names = {"deep_blue": "Deep Blue Aerospace", "minospace": "MinoSpace"}
    assert cluster_articles([a, b, recap], companies, names=names, keys=keys) == [[0, 2], [1]]


def test_an_amount_in_dollars_meets_the_same_amount_in_yuan():
    from digest.cluster import amount_buckets

    zh = art(1, "Chang Guang signs big overseas order", "Chang Guang and a Middle East customer signed a data "
             "services agreement, contract amount about 300 million yuan.", day=6, lang="zh")
    en = art(2, "Chang Guang lands Gulf customer", "Changchun-based Chang Guang will supply high-resolution "
             "pictures to a buyer in the Gulf, in a contract worth about $42 million.", day=6)
    companies = {1: ["chang_guang"], 2: ["chang_guang"]}
    names = {"chang_guang": "Chang Guang"}
    keys = {1: {"m:cny:3e+08", "e:middle east"}, 2: {"m:usd:4.2e+07", "d:11-06"}}
    assert cluster_articles([zh, en], companies, names=names, keys=keys) == [[0, 1]]
    # $60 million is another deal (426 million yuan)
    keys[2] = {"m:usd:6e+07", "d:11-06"}
    assert cluster_articles([zh, en], companies, names=names, keys=keys) == [[0], [1]]
    # 300 million yuan and $42 million (298 million yuan) share a bucket, whichever side of a border
    assert amount_buckets({"m:cny:3e+08"}) & amount_buckets({"m:usd:4.2e+07"})
    assert amount_buckets({"v:ceres-1"}) == set()


def test_reports_with_no_company_pair_on_the_place_they_name():
    zh = art(1, "Hainan released commercial space 3 years operation plan", "Hainan people's government issued "
             "plan.", day=3, lang="zh")
    en = art(2, "Hainan sets out three-year commercial space plan", "The government of Hainan province has "
             "issued a three-year action plan for commercial spaceflight.", day=3)
    keys = {1: {"e:hainan"}, 2: {"e:hainan", "e:wenchang"}}
    assert cluster_articles([zh, en], {}, keys=keys) == [[0, 1]]
    # a company's report naming the place is not pulled in by it
    launch = art(3, "GalaxySpace commercial space plan for Hainan launch", "GalaxySpace plans to launch from "
                 "Hainan.", day=3)
    keys[3] = {"e:hainan"}
    assert cluster_articles([zh, en, launch], {3: ["galaxy_space"]}, keys=keys) == [[0, 1], [2]]


def test_numbers_spelled_out_meet_digits():
    assert stem("two") == "2" and stem("dozen") == "12" and stem("2") == "2"
    assert title_terms("Spacety wins contract for two SAR satellites") == {"spaceti", "win", "contract", "2",
                                                                           "sar", "satellit"}


def test_concepts_in_either_language():
    chinese_concepts, english_concepts, with_concepts = (CONCEPTS.chinese_concepts, CONCEPTS.english_concepts,
                                                         CONCEPTS.with_concepts)
    assert chinese_concepts("商业航天发射许可管理办法出台") == {"c:commercial_space", "c:launch", "c:regulation"}
    assert chinese_concepts("天兵科技完成新一輪融資") == {"c:funding"}  # traditional characters too
    assert chinese_concepts(None) == set()
    words = "china publishes licensing rules for commercial launches".split()
    assert english_concepts(words) == [(2, 3, "regulation"), (5, 7, "commercial_space")]
    assert with_concepts(words) == ["china", "publishes", "c:regulation", "rules", "for", "c:commercial_space"]
    # a longer form is read whole: a launch vehicle is a rocket, not a launch
    assert with_concepts("the launch vehicle lifted off".split()) == ["the", "c:rocket", "c:launch"]


def test_a_translation_and_an_english_write_up_meet_on_the_concepts_of_their_leads():
    zh = Article(url="https://example.org/1", source="s", id=1, lang="zh", title="天兵科技获国资加持 融资数亿元",
                 text="天兵科技完成新一轮融资，金额数亿元，投资方为国资背景基金，资金用于天龙三号批量生产。",
                 title_en="Space Pioneer catch country resources blessings financing several hundred million yuan",
                 text_en="Space Pioneer completed new round financing, amount several hundred million yuan, "
                         "investor is "
                         "state-owned background fund, funds used for Tianlong-3 mass produce.",
                 published="2026-11-06T02:00:00+00:00")
    en = art(2, "Space Pioneer raises new round from state investors", "Space Pioneer has raised several hundred "
             "million yuan from state-backed backers for serial production of Tianlong-3.", day=6)
    # the rest of the week, so that a word's rarity means something
    others = [art(10 + k, f"Company{k} news", f"Company{k} said several hundred million yuan of orders came in "
                  f"for batch {k} of the programme.", day=6) for k in range(6)]
    companies = {1: ["space_pioneer"], 2: ["space_pioneer"], **{10 + k: [f"co{k}"] for k in range(6)}}
    names = {"space_pioneer": "Space Pioneer"}
    week = [zh, en, *others]
    keys = {1: {"v:tianlong-3"}, 2: {"v:tianlong-3"}}
    assert cluster_articles(week, companies, names=names, keys=keys, concepts=CONCEPTS)[0] == [0, 1]
    # without the concepts, what the two leads share is only words the whole week uses
    assert cluster_articles(week, companies, names=names, keys=keys)[:2] == [[0], [1]]


def test_week_keys_read_the_headlines_kind_with_concepts_only():
    from digest.eventkeys import week_keys

    a = art(1, "Tianbing raises 2.5 billion yuan in Series D", "Space Pioneer raised 2.5 billion yuan.", day=2)
    assert week_keys([a], {}, {}, {}, CONCEPTS) == {1: {"m:cny:2.5e+09", "kind:funding"}}
    assert week_keys([a], {}, {}, {}) == {1: {"m:cny:2.5e+09"}}
