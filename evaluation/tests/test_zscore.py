"""Z值 by the contract's formula, checked against figures worked by hand."""

import csv

import pytest
from django.core.management import CommandError, call_command

from conftest import make_school
from evaluation.importer import import_scores
from evaluation.models import SchoolResult, SubjectStatistics, SubjectWeight, ZSettings
from evaluation.zscore import Scale, Score, recompute, z_values
from jiaogongti.importing import ImportFailed

HEADER = ["学年", "学段", "学校", "科目", "参考人数", "平均分", "标准差", "毕业班数"]

# Worked by hand:
# 语文: A n=10 m=80 s=5; B n=30 m=60 s=10 -> M = 65, S² = (10·(25+225) + 30·(100+25))/40 = 156.25, S = 12.5
#       T_A = 50 + 10·15/12.5 = 62, T_B = 50 − 10·5/12.5 = 46
# 数学: A n=10 m=70 s=0;  B n=10 m=90 s=0  -> M = 80, S = 10, T_A = 40, T_B = 60
# Z_A = (62 + 40)/2 = 51, Z_B = (46 + 60)/2 = 53
SCORES = [
    Score(1, "语文", 10, 80, 5),
    Score(2, "语文", 30, 60, 10),
    Score(1, "数学", 10, 70, 0),
    Score(2, "数学", 10, 90, 0),
]


def test_z_value_is_the_mean_of_subject_scores_by_the_documented_formula():
    values, figures = z_values(SCORES, Scale())
    assert figures["语文"].mean == pytest.approx(65)
    assert figures["语文"].std_dev == pytest.approx(12.5)
    assert figures["数学"].std_dev == pytest.approx(10)
    assert values == {1: pytest.approx(51), 2: pytest.approx(53)}


def test_subject_weights_change_the_mean():
    values, _ = z_values(SCORES, Scale(weights={"语文": 2, "数学": 1}))
    assert values[1] == pytest.approx((2 * 62 + 40) / 3)
    assert values[2] == pytest.approx((2 * 46 + 60) / 3)


def test_the_scale_is_a_setting():
    values, _ = z_values(SCORES, Scale(base=100, scale=20))
    assert values[1] == pytest.approx((124 + 80) / 2)


def test_a_subject_where_everyone_scored_the_same_puts_every_school_at_the_base():
    values, _ = z_values([Score(1, "体育", 10, 60, 0), Score(2, "体育", 20, 60, 0)], Scale())
    assert values == {1: 50, 2: 50}


# --- Stored with its settings and intermediates -------------------------------------------


def scores_file(tmp_path, rows, name="scores.csv"):
    path = tmp_path / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return str(path)


ROWS_2021 = [
    ["2021", "小学", "甲校", "语文", "10", "80", "5", "2"],
    ["2021", "小学", "乙校", "语文", "30", "60", "10", "3"],
    ["2021", "小学", "甲校", "数学", "10", "70", "0", "2"],
    ["2021", "小学", "乙校", "数学", "10", "90", "0", "3"],
]


@pytest.fixture
def two_schools(db):
    return make_school("甲校"), make_school("乙校")


def test_import_stores_z_values_settings_and_county_figures(tmp_path, two_schools):
    result = import_scores(scores_file(tmp_path, ROWS_2021))
    a = SchoolResult.objects.get(school__name="甲校")
    assert a.z_value == pytest.approx(51) and a.graduating_classes == 2
    assert a.computed_with == {"base": 50.0, "scale": 10.0, "weights": {}}
    stats = SubjectStatistics.objects.get(school_year=2021, stage="primary", subject="语文")
    assert (stats.county_mean, stats.county_std_dev, stats.candidates, stats.schools) == (
        pytest.approx(65),
        pytest.approx(12.5),
        40,
        2,
    )
    assert "Z值已重新计算" in str(result) and "（2021学年小学）" in str(result)  # the round in words, not its code


def test_changing_the_settings_and_recomputing_updates_the_stored_values(tmp_path, two_schools):
    import_scores(scores_file(tmp_path, ROWS_2021))
    settings = ZSettings.objects.create(school_year=2021, base=100, scale=20)
    SubjectWeight.objects.create(settings=settings, stage="primary", subject="语文", weight=0)
    recompute(2021, "primary")
    a = SchoolResult.objects.get(school__name="甲校")
    assert a.z_value == pytest.approx(80)  # only 数学 counts: 100 + 20·(70 − 80)/10
    assert a.computed_with["weights"] == {"语文": 0.0}


def test_reimporting_updates_instead_of_duplicating(tmp_path, two_schools):
    import_scores(scores_file(tmp_path, ROWS_2021))
    changed = [row[:] for row in ROWS_2021]
    changed[0][5] = "90"
    import_scores(scores_file(tmp_path, changed))
    assert SchoolResult.objects.count() == 2
    assert SchoolResult.objects.get(school__name="甲校").subject_scores.count() == 2
    assert SchoolResult.objects.get(school__name="甲校").z_value > 51


@pytest.mark.parametrize(
    "row, phrase",
    [
        (["2021", "小学", "丙校", "语文", "10", "80", "5", "2"], "不在学校名录中"),
        (["2021", "小学", "甲校", "英语", "-3", "80", "5", "2"], "参考人数「-3」不合理"),
        (["2021", "小学", "甲校", "英语", "10", "-1", "5", "2"], "平均分「-1」不合理"),
        (["2021", "小学", "甲校", "英语", "10", "80", "abc", "2"], "标准差「abc」不是数字"),
        (["2021", "小学", "甲校", "英语", "10", "80", "5", "2.5"], "毕业班数「2.5」应为整数"),
        (["2021", "高中", "甲校", "英语", "10", "80", "5", "2"], "学段「高中」"),
        (["21年", "小学", "甲校", "英语", "10", "80", "5", "2"], "学年「21年」"),
        (["2021", "小学", "甲校", "语文", "10", "80", "5", "2"], "已有成绩"),
        (["2021", "小学", "甲校", "英语", "10", "80", "5", "4"], "毕业班数为 4，与第 2 行的 2 不一致"),
        (["2021", "小学", "=cmd", "英语", "10", "80", "5", "4"], "公式"),
    ],
)
def test_bad_rows_are_refused_with_their_row_number_and_nothing_is_written(tmp_path, two_schools, row, phrase):
    with pytest.raises(ImportFailed) as failed:
        import_scores(scores_file(tmp_path, [*ROWS_2021, row]))
    assert "第 6 行" in str(failed.value) and phrase in str(failed.value), str(failed.value)
    assert SchoolResult.objects.count() == 0


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path, two_schools):
    with pytest.raises(CommandError):
        call_command("import_scores", scores_file(tmp_path, [["2021", "小学", "丙校", "语文", "10", "80", "5", "2"]]))
