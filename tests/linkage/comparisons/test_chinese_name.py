"""ChineseNameComparison on keys written out by hand (preparation is tested separately)."""

from __future__ import annotations

import polars as pl

from hedui.linkage.comparisons import ChineseNameComparison
from hedui.linkage.prepare import CANONICAL_COLUMNS, prepare_features


def keys(
    name: str | None,
    tone: str | None,
    pinyin: str | None,
    surname: str | None,
    given: str | None,
    event: str = "resident",
) -> dict[str, str | None]:
    return {
        "event": event,
        "name_norm": name,
        "name_pinyin_tone": tone,
        "name_pinyin": pinyin,
        "surname": surname,
        "given_pinyin": given,
        # As preparation computes it: the words of the name, sorted (and again for a name
        # in Latin script only).
        "name_tokens": " ".join(sorted(name.split(" "))) if name else None,
        "latin_tokens": " ".join(sorted(name.split(" "))) if name and name.isascii() else None,
    }


ZHANG_LI = keys("张丽", "zhang1 li4", "zhangli", "张", "li")


def test_chinese_name_exact(levels_of):
    assert levels_of(ChineseNameComparison(), [(ZHANG_LI, ZHANG_LI)]) == ["姓名相同 exact"]


def test_chinese_name_homophone_same_tone(levels_of):
    # 张莉 sounds exactly like 张丽 (lì, fourth tone): a clerk writing from speech.
    zhang_li_jasmine = keys("张莉", "zhang1 li4", "zhangli", "张", "li")
    assert levels_of(ChineseNameComparison(), [(ZHANG_LI, zhang_li_jasmine)]) == [
        "同音同调 homophone"
    ]


def test_chinese_name_same_pinyin_other_tone(levels_of):
    # 张立 (lì) vs 张黎 (lí): same letters, different tone.
    li_stand = keys("张立", "zhang1 li4", "zhangli", "张", "li")
    li_dawn = keys("张黎", "zhang1 li2", "zhangli", "张", "li")
    assert levels_of(ChineseNameComparison(), [(li_stand, li_dawn)]) == [
        "拼音相同（声调不同） same pinyin"
    ]


def test_chinese_name_same_surname_similar_given_name(levels_of):
    # 王晓明 / 王小敏: xiaoming vs xiaomin, Jaro–Winkler ≈ 0.97 ≥ 0.88.
    xiaoming = keys("王晓明", "wang2 xiao3 ming2", "wangxiaoming", "王", "xiaoming")
    xiaomin = keys("王小敏", "wang2 xiao3 min3", "wangxiaomin", "王", "xiaomin")
    assert levels_of(ChineseNameComparison(), [(xiaoming, xiaomin)]) == [
        "同姓、名字拼音相近 same surname, similar given"
    ]


def test_chinese_name_transliterated_names_compare_by_pinyin(levels_of):
    # Febrl-style Latin names: "john smith" vs "jon smith" (JW ≈ 0.97 on the sorted words);
    # the surname split is unreliable, so the words are compared whole.
    john = keys("john smith", None, "johnsmith", None, None)
    jon = keys("jon smith", None, "jonsmith", None, None)
    assert levels_of(ChineseNameComparison(), [(john, jon)]) == [
        "词语相近（顺序不限） similar words, any order"
    ]
    # A Chinese name with no surname split, one sound off: the whole pinyin is compared.
    xiaoming = keys("张晓明", "zhang1 xiao3 ming2", "zhangxiaoming", None, None)
    xiaomin = keys("张晓敏", "zhang1 xiao3 min3", "zhangxiaomin", None, None)
    assert levels_of(ChineseNameComparison(), [(xiaoming, xiaomin)]) == ["拼音相近 similar pinyin"]


def test_chinese_name_latin_words_in_another_order(levels_of):
    # Febrl-style swap: given name and surname exchanged.
    john = keys("john smith", "smith john", "smithjohn", "smith", "john")
    swapped = keys("smith john", "john smith", "johnsmith", "john", "smith")
    assert levels_of(ChineseNameComparison(), [(john, swapped)]) == [
        "词序不同 same words, other order"
    ]


def test_chinese_name_same_surname_or_same_given_name_only(levels_of):
    # A child registered as 张浩然 in one ledger and 张子轩 in another (renamed); and
    # 李娜 mistyped as 季娜 (surname differs, given name the same).
    haoran = keys("张浩然", "zhang1 hao4 ran2", "zhanghaoran", "张", "haoran")
    zixuan = keys("张子轩", "zhang1 zi3 xuan1", "zhangzixuan", "张", "zixuan")
    li_na = keys("李娜", "li3 na4", "lina", "李", "na")
    ji_na = keys("季娜", "ji4 na4", "jina", "季", "na")
    assert levels_of(ChineseNameComparison(), [(haoran, zixuan), (li_na, ji_na)]) == [
        "仅姓相同 same surname only",
        "仅名相同 same given name only",
    ]


def test_chinese_name_placeholder_is_null_not_a_disagreement(levels_of):
    # Preparation turns 张丽之女 into a null name: the newborn has no name yet.
    newborn = keys(None, None, None, None, None)
    named = keys("李明", "li3 ming2", "liming", "李", "ming")
    assert levels_of(ChineseNameComparison(), [(newborn, named)]) == ["缺失或新生儿占位名 missing"]


def test_chinese_name_different_people(levels_of):
    other = keys("刘强", "liu2 qiang2", "liuqiang", "刘", "qiang")
    assert levels_of(ChineseNameComparison(), [(ZHANG_LI, other)]) == ["不同 different"]


def test_chinese_name_exact_level_is_term_frequency_adjusted():
    # 王伟 is shared by many: agreement on it must weigh less than on a rare name.
    exact = ChineseNameComparison().create_comparison_dict("duckdb")["comparison_levels"][1]
    assert exact["tf_adjustment_column"] == "name_norm"
    assert exact["tf_adjustment_weight"] == 1.0


def test_chinese_name_levels_on_names_as_written(levels_of):
    # The whole chain on real writing: preparation (hedui.identity.names), then the levels.
    written = ["張偉", "张伟", "张丽", "张莉", "王晓明", "王小敏", "男婴"]
    records = pl.DataFrame(
        [
            {c: None for c in CANONICAL_COLUMNS}
            | {"source": "v", "record_id": str(i), "event": "resident", "name": name}
            for i, name in enumerate(written)
        ],
        schema=dict.fromkeys(CANONICAL_COLUMNS, pl.Utf8),
    )
    columns = ["name_norm", "name_pinyin_tone", "name_pinyin", "surname", "given_pinyin"]
    features = prepare_features(records).sort(pl.col("record_id").cast(pl.Int64))
    rows = [
        {c: row[c] for c in [*columns, "name_tokens", "latin_tokens", "event"]}
        for row in features.iter_rows(named=True)
    ]
    pairs = [(rows[0], rows[1]), (rows[2], rows[3]), (rows[4], rows[5]), (rows[6], rows[1])]
    assert levels_of(ChineseNameComparison(), pairs) == [
        "姓名相同 exact",  # traditional 張偉 = simplified 张伟
        "同音同调 homophone",  # 丽 and 莉 are both lì
        "同姓、名字拼音相近 same surname, similar given",  # xiaoming / xiaomin
        "缺失或新生儿占位名 missing",  # 男婴 is a placeholder, not a name
    ]


def test_chinese_name_of_a_newborn_is_no_evidence_when_it_differs(levels_of):
    # 侯宇轩 (police) and 乐乐 (a milk name in the ledger), or 刘子睿 and 王子睿 under the
    # other parent's surname with a second character changed: two births whose names do not
    # agree count neither way — the mother, the birth date and the sex decide.
    yuxuan = keys("侯宇轩", "hou2 yu3 xuan1", "houyuxuan", "侯", "yuxuan", "birth")
    lele = keys("乐乐", "le4 le4", "lele", "乐", "le", "birth")
    assert levels_of(ChineseNameComparison(), [(yuxuan, lele)]) == [
        "新生儿姓名未定，不作为证据 a newborn's name is not settled"
    ]
    # Names that agree still count for two births: twins are told apart by them.
    assert levels_of(ChineseNameComparison(), [(yuxuan, yuxuan)]) == ["姓名相同 exact"]
    # The same two names on two death records are a disagreement.
    dead_a = keys("侯宇轩", "hou2 yu3 xuan1", "houyuxuan", "侯", "yuxuan", "death")
    dead_b = keys("乐乐", "le4 le4", "lele", "乐", "le", "death")
    assert levels_of(ChineseNameComparison(), [(dead_a, dead_b)]) == ["不同 different"]


def test_chinese_name_latin_words_in_another_order_with_a_typo(levels_of):
    # Febrl4: "gabrielle langer" copied as "laznger gabrielle".
    original = keys("gabrielle langer", None, "langergabrielle", "langer", "gabrielle")
    copied = keys("laznger gabrielle", None, "gabriellelaznger", "gabrielle", "laznger")
    assert levels_of(ChineseNameComparison(), [(original, copied)]) == [
        "词语相近（顺序不限） similar words, any order"
    ]
