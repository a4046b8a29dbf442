"""The narrative test set: error-level TXT findings are never false; recall as README states."""

from __future__ import annotations

from functools import cache

from narrative_set import Score, load, score


@cache
def _score() -> Score:
    return score()


def test_the_set_has_at_least_150_sentences_from_the_seeds_huaian_and_real_phrasing() -> None:
    items = load()
    assert len(items) >= 150
    assert {i.source.split()[0] for i in items} >= {"seed", "huaian", "real"}
    assert {i.organ for i in items} == {"d", "g"}


def test_error_level_txt_findings_are_never_false() -> None:
    result = _score()
    assert result.false_errors == [], "\n".join(result.false_errors)
    assert result.error_precision == 1.0


def test_recall_stays_at_least_what_readme_states() -> None:
    result = _score()
    assert result.detected / result.facts >= 0.90, "\n".join(result.missed)
    assert result.denials_as_error / result.denials >= 0.90


def test_qualified_denials_are_read_as_what_they_deny() -> None:
    """The sentences real reports got wrong: each against tables that agree with it."""
    wanted = ("纠错或行政诉讼败诉", "不及时引发的行政诉讼", "涉及信息处理费", "未收到申请的，")
    items = [i for i in load() if any(w in i.text for w in wanted)]
    assert len(items) == len(wanted)
    result = score(items)
    assert result.false_errors == [] and result.denials_as_error == result.denials


def test_counts_of_another_base_and_inclusive_categories_raise_nothing() -> None:
    wanted = (
        "予以公开及部分公开208件",
        "作为复议机关",
        "刊登规范性文件",
        "因属于国家秘密",
        "政协提案7件",
    )
    items = [i for i in load() if any(w in i.text for w in wanted)]
    assert len(items) >= len(wanted)
    result = score(items)
    assert result.false_errors == [] and result.false_warnings == []
