"""Exchange rules (domain.md, "Teacher exchange"; 四·(五))."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from communities.models import CommunityType
from conftest import make_community, make_school
from exchanges.models import Exchange, default_term_end
from exchanges.services import (
    exchange_approve,
    exchange_end_early,
    exchange_extend,
    exchange_file,
    exchange_finish,
    exchange_reject,
    exchange_start,
    exchange_withdraw,
)
from jiaogongti.choices import by_label
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
SEPT = datetime.date(2021, 9, 1)

# The cases are written in the users' words; the records hold the codes.
TYPE_CODE, KIND_CODE = by_label(CommunityType.choices), by_label(Exchange.Kind.choices)


@pytest.fixture
def pair():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021)
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    return core, member, teacher


def test_default_term_ends_the_day_before_the_third_anniversary():
    assert default_term_end(SEPT) == datetime.date(2024, 8, 31)
    assert default_term_end(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)


def test_a_filed_exchange_defaults_to_a_three_year_term_in_the_community(pair):
    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    assert exchange.status == "filed" and exchange.planned_end == datetime.date(2024, 8, 31)
    assert exchange.community.core_school == core and exchange.from_school == member


def test_it_refuses_a_teacher_not_of_the_sending_school(pair):
    core, member, _ = pair
    other = Teacher.objects.create(staff_id="T2", name="李老师", school=core)
    with pytest.raises(ValidationError, match="不属于派出学校"):
        exchange_file(teacher=other, to_school=core, kind="support", start_date=SEPT, from_school=member)


def test_it_refuses_a_school_outside_the_community(pair):
    _, _, teacher = pair
    stranger = make_school("瑞安市阁巷小学", district="飞云")
    with pytest.raises(ValidationError, match="不属于同一个教共体"):
        exchange_file(teacher=teacher, to_school=stranger, kind="support", start_date=SEPT)


def test_it_refuses_overlapping_exchanges_of_one_teacher(pair):
    core, _, teacher = pair
    exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    with pytest.raises(ValidationError, match="在 2021年9月1日 至 2024年8月31日 已有一条交流记录（已提交），时间不能重叠"):
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=datetime.date(2023, 1, 1))


def test_it_refuses_an_exchange_starting_before_the_teacher_was_hired(pair):
    core, _, teacher = pair
    teacher.hire_date = datetime.date(2022, 9, 1)
    teacher.save()
    with pytest.raises(ValidationError, match="开始日期早于该教师的入职日期（2022年9月1日）"):
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=SEPT)
    assert not Exchange.objects.exists()


def test_a_withdrawn_exchange_frees_the_time(pair):
    core, _, teacher = pair
    exchange_withdraw(exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT))
    exchange_file(teacher=teacher, to_school=core, kind="support", start_date=SEPT)


def test_it_refuses_an_end_before_the_start(pair):
    core, _, teacher = pair
    with pytest.raises(ValidationError, match="结束日期不能早于开始日期"):
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=SEPT, planned_end=datetime.date(2021, 1, 1))


def test_the_database_refuses_same_school_and_end_before_start(pair):
    core, member, teacher = pair
    base = dict(teacher=teacher, kind="support", start_date=SEPT, planned_end=SEPT)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exchange.objects.create(from_school=member, to_school=member, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Exchange.objects.create(from_school=member, to_school=core, **{**base, "planned_end": datetime.date(2020, 1, 1)})


def test_the_life_of_an_exchange(pair):
    core, _, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    exchange_approve(exchange)
    exchange_start(exchange)
    exchange_finish(exchange)
    assert exchange.status == "finished"
    assert [h.status for h in exchange.history.order_by("history_date")] == ["filed", "approved", "in_progress", "finished"]


def test_a_rejection_keeps_its_reason_and_requires_one(pair):
    core, _, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    with pytest.raises(ValidationError, match="驳回必须填写理由"):
        exchange_reject(exchange, reason="  ")
    exchange_reject(exchange, reason="学科不匹配")
    exchange.refresh_from_db()
    assert exchange.status == "rejected" and exchange.reject_reason == "学科不匹配"


def test_only_a_filed_exchange_can_be_withdrawn(pair):
    core, _, teacher = pair
    exchange = exchange_approve(exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT))
    with pytest.raises(ValidationError, match="不能撤回"):
        exchange_withdraw(exchange)


def test_a_stale_copy_cannot_undo_the_bureaus_decision(pair):
    """Status changes read the stored status under a lock, not the copy in hand."""
    core, _, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    stale = Exchange.objects.get(pk=exchange.pk)
    exchange_approve(exchange)
    with pytest.raises(ValidationError, match="当前状态为「已批准」，不能撤回"):
        exchange_withdraw(stale)
    assert Exchange.objects.get(pk=exchange.pk).status == "approved"


def test_a_core_school_leading_two_communities_exchanges_with_both(pair):
    """domain.md: a school may be core of more than one community."""
    core, member, _ = pair
    second_member = make_school("瑞安市鹿木学校", district="马屿")
    make_community(core, [second_member], year=2021, segment="middle")
    core_teacher = Teacher.objects.create(staff_id="C1", name="核心校老师", school=core)
    to_first = exchange_file(teacher=core_teacher, to_school=member, kind="support", start_date=SEPT)
    exchange_withdraw(to_first)
    to_second = exchange_file(teacher=core_teacher, to_school=second_member, kind="support", start_date=SEPT)
    assert to_first.community != to_second.community
    assert to_second.community.core_school == core


def test_a_start_before_any_roster_is_explained(pair):
    core, _, teacher = pair
    with pytest.raises(ValidationError, match="1989学年，该学年还没有教共体名单"):
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=datetime.date(1990, 1, 1))


@pytest.mark.parametrize(
    "community_type, kind, direction, note",
    [
        ("共建型", "驻教", "member_to_core", "驻教、走教通常用于融合型教共体内部"),
        ("协作型", "走教", "core_to_member", "驻教、走教通常用于融合型教共体内部"),
        ("融合型", "驻教", "core_to_member", None),
        ("共建型", "跟岗锻炼", "core_to_member", "接收学校不是核心校"),
        ("协作型", "跟岗锻炼", "member_to_core", None),
        ("协作型", "支教", "member_to_core", None),  # 双向交流 in every type (the rule fix)
        ("协作型", "交流轮岗", "member_to_core", None),
        ("协作型", "支教", "core_to_member", None),
        ("共建型", "交流轮岗", "member_to_core", None),
    ],
)
def test_rule_resident_in_merged_and_shadowing_at_core_are_notes_and_exchanges_go_both_ways(
    community_type, kind, direction, note
):
    """驻教/走教 outside a 融合型 and 跟岗锻炼 not at the core are unusual, not forbidden: filed
    with a 提示. A member's teacher may go to the core in every type, 协作型 included."""
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type=TYPE_CODE[community_type])
    sender, receiver = (member, core) if direction == "member_to_core" else (core, member)
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=sender)
    exchange = exchange_file(teacher=teacher, to_school=receiver, kind=KIND_CODE[kind], start_date=SEPT)
    assert exchange.status == "filed"
    messages = [n["message"] for n in Exchange.objects.get().notes]
    assert any(note in m for m in messages) if note else messages == [], messages


@pytest.mark.parametrize(
    "community_type, role, kinds, to_members",
    [
        ("融合型", "core", ["交流轮岗", "支教", "驻教", "走教"], True),
        ("融合型", "member", ["交流轮岗", "支教", "跟岗锻炼", "驻教", "走教"], True),
        ("共建型", "member", ["交流轮岗", "支教", "跟岗锻炼"], True),
        ("协作型", "core", ["交流轮岗", "支教"], True),
        ("协作型", "member", ["交流轮岗", "支教", "跟岗锻炼"], True),
    ],
)
def test_a_school_is_offered_only_the_kinds_and_schools_its_community_type_allows(community_type, role, kinds, to_members):
    """The portal offers what raises no 提示, before a teacher is chosen: 驻教/走教 in a
    融合型, 跟岗锻炼 to the core school; in every type both ways (双向交流)."""
    from communities.selectors import community_years_of
    from exchanges.exchange_check import filing_choices

    core = make_school("瑞安市第二实验小学", district="直属")
    member, fellow = make_school("瑞安市塘下镇第二小学"), make_school("瑞安市塘下镇第三小学")
    make_community(core, [member, fellow], year=2021, type=TYPE_CODE[community_type])
    school = core if role == "core" else member
    choices = filing_choices(school.pk, community_years_of(school, 2021))
    assert choices.kinds == [KIND_CODE[kind] for kind in kinds]
    others = {core.pk, member.pk, fellow.pk} - {school.pk}
    assert choices.receiving_school_ids == (others if to_members else {core.pk})


def test_a_core_school_leading_a_merged_and_a_co_built_community_is_offered_the_kinds_of_both():
    from communities.selectors import community_years_of
    from exchanges.exchange_check import filing_choices

    core = make_school("瑞安市虹桥路小学", district="直属")
    make_community(core, [make_school("成员校甲")], year=2021, type="merged")
    make_community(core, [make_school("成员校乙")], year=2021, type="co_built", segment="middle")
    assert "resident" in filing_choices(core.pk, community_years_of(core, 2021)).kinds


def test_establishment_moves_with_the_exchange_and_comes_back_at_its_end(pair):
    """三年一轮，一律迁编，期满归队."""
    core, member, teacher = pair
    exchange = exchange_approve(exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT))
    exchange_start(exchange)
    teacher.refresh_from_db()
    assert (teacher.school, teacher.establishment_school) == (member, core)
    exchange_finish(exchange)
    teacher.refresh_from_db()
    assert teacher.establishment_school == member
    assert teacher.history.count() == 3  # created, 编制 out, 编制 back: each recorded


def test_without_establishment_moved_the_establishment_stays(pair):
    core, member, teacher = pair
    exchange = exchange_approve(
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=SEPT, establishment_moved=False)
    )
    exchange_start(exchange)
    teacher.refresh_from_db()
    assert teacher.establishment_school == member


def test_approval_after_a_roster_reimport_follows_the_community_the_schools_now_share(pair):
    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    member.memberships.get().community_year.delete()  # the year's roster imported again, one member added:
    renewed = make_community(core, [member, make_school("瑞安市新成员小学")], year=2021)  # a new community
    exchange_approve(exchange)
    exchange.refresh_from_db()
    assert exchange.status == "approved" and exchange.community == renewed.community


def test_rule_shadowing_new_teacher_is_a_note(pair):
    """成员校新教师到核心校跟岗锻炼: hired in the 学年 it starts or the one before; an older
    teacher's 跟岗锻炼 is filed with a 提示."""
    core, member, teacher = pair
    teacher.hire_date = datetime.date(2015, 9, 1)
    teacher.save()
    shadowing = exchange_file(teacher=teacher, to_school=core, kind="shadowing", start_date=SEPT)
    assert [n["rule"] for n in shadowing.notes] == ["shadowing_new_teacher"]
    exchange_withdraw(shadowing)
    teacher.hire_date = datetime.date(2020, 9, 1)
    teacher.save()
    assert exchange_file(teacher=teacher, to_school=core, kind="shadowing", start_date=SEPT).notes == []


def test_rule_rotation_moves_establishment_is_a_note(pair):
    """三年一轮，一律迁编: a 交流轮岗 without 迁编 is filed with a 提示 (past records must load)."""
    core, member, teacher = pair
    rotation = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT, establishment_moved=False)
    assert [n["rule"] for n in rotation.notes] == ["rotation_moves_establishment"]
    exchange_withdraw(rotation)
    assert exchange_file(teacher=teacher, to_school=core, kind="support", start_date=SEPT, establishment_moved=False).notes == []
    assert teacher.establishment_school == member


def test_a_reason_is_required_and_at_most_a_sentence_or_two(pair):
    """A 5,000-character rejection reason once broke the head's list: refused, with the limit."""
    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    with pytest.raises(ValidationError, match="理由不能超过 200 字（现为 5000 字）"):
        exchange_reject(exchange, reason="理" * 5000)
    exchange.refresh_from_db()
    assert exchange.status == "filed"
    exchange_reject(exchange, reason="  " + "理" * 200 + "  ")  # trimmed, exactly the limit
    assert Exchange.objects.get().reject_reason == "理" * 200


def test_ending_early_ends_the_term_on_the_day_and_brings_the_establishment_back(pair):
    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    exchange_approve(exchange)
    exchange_start(exchange)
    with pytest.raises(ValidationError, match="提前结束必须填写理由"):
        exchange_end_early(exchange, on=datetime.date(2022, 6, 30), reason=" ")
    with pytest.raises(ValidationError, match="提前结束的日期应在"):
        exchange_end_early(exchange, on=datetime.date(2024, 8, 31), reason="因病")  # the planned end itself
    exchange_end_early(exchange, on=datetime.date(2022, 6, 30), reason="因病返回原校")
    stored = Exchange.objects.get()
    assert (stored.status, stored.planned_end) == ("finished", datetime.date(2022, 6, 30))
    teacher.refresh_from_db()
    assert teacher.establishment_school_id == teacher.school_id
    assert stored.history.first().history_change_reason == "提前结束：因病返回原校"


def test_extending_a_term_moves_its_planned_end_later_under_the_same_rules(pair):
    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    exchange_approve(exchange)
    later = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=datetime.date(2025, 9, 1))
    with pytest.raises(ValidationError, match="应晚于原计划结束日期"):
        exchange_extend(exchange, planned_end=datetime.date(2024, 8, 31), reason="续任")
    with pytest.raises(ValidationError, match="时间不能重叠"):
        exchange_extend(exchange, planned_end=datetime.date(2025, 12, 31), reason="续任")
    exchange_extend(exchange, planned_end=datetime.date(2025, 8, 31), reason="续任一年")
    stored = Exchange.objects.get(pk=exchange.pk)
    assert (stored.status, stored.planned_end) == ("approved", datetime.date(2025, 8, 31))
    assert stored.history.first().history_change_reason == "延期：续任一年"
    assert Exchange.objects.get(pk=later.pk).status == "filed"


def test_ending_early_on_a_day_ahead_shortens_the_term_and_the_calendar_ends_it(pair):
    from django.utils import timezone

    from exchanges.calendar import advance_exchanges

    core, member, teacher = pair
    exchange = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT)
    exchange_approve(exchange)
    exchange_start(exchange)
    Exchange.objects.filter(pk=exchange.pk).update(planned_end=timezone.localdate() + datetime.timedelta(days=400))
    exchange.refresh_from_db()
    last_day = timezone.localdate() + datetime.timedelta(days=30)
    exchange_end_early(exchange, on=last_day, reason="学校工作需要")
    stored = Exchange.objects.get()
    assert (stored.status, stored.planned_end) == ("in_progress", last_day)
    advance_exchanges(last_day + datetime.timedelta(days=1))
    stored.refresh_from_db()
    assert stored.status == "finished"
