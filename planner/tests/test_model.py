"""The planner's model on small hand-made counties (no database): the hard rules always
hold, obligations are met wherever they can be, and each one that is not says why."""

from decimal import Decimal

from planner.model import (
    CO_BUILT,
    COOPERATIVE,
    CORE_SENDS,
    SHADOWING,
    TEN_PERCENT,
    Candidate,
    Community,
    School,
    solve,
)

TEN = Decimal("0.1")


def county(member_serving=20, exchanged=0, type=CO_BUILT, core_sends=1):
    core = School(1, "核心校", True, serving=60)
    member = School(2, "成员校", False, serving=member_serving, exchanged=exchanged)
    return [core, member], [Community(1, type, 1, (2,), core_sends=core_sends)]


def staff(school_id, subjects, start, **fields):
    return [Candidate(start + n, f"教师{start + n}", school_id, subject, **fields) for n, subject in enumerate(subjects)]


def test_rule_ten_percent_a_member_exactly_at_ten_percent_asks_for_no_move():
    schools, communities = county(member_serving=20, exchanged=2)
    teachers = staff(2, ["数学"] * 5, 100) + staff(1, ["数学"] * 5, 200)
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    assert plan.moves == []
    (obligation,) = plan.obligations
    assert (obligation.needed, obligation.planned, obligation.met, obligation.explanation) == (0, 0, True, "")


def test_rule_ten_percent_is_met_by_a_swap_that_costs_the_member_no_subject():
    schools, communities = county(member_serving=20)  # 10 % of 20: 2 teachers
    teachers = staff(2, ["数学", "语文"], 100) + staff(1, ["数学", "英语"], 200)
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    assert sorted((m.teacher_id, m.to_school_id) for m in plan.moves) == [(100, 1), (200, 2)]
    (obligation,) = plan.obligations
    assert (obligation.kind, obligation.needed, obligation.planned, obligation.met) == (TEN_PERCENT, 2, 2, True)
    assert plan.gap == 0


def test_rule_no_subject_lost_a_subject_with_no_swap_partner_stays_and_is_explained():
    schools, communities = county(member_serving=20)
    teachers = staff(2, ["数学"], 100) + staff(1, ["语文"], 200)
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    # Only the core's 语文 teacher may go (a member gains a subject); the 数学 one may not leave.
    assert [(m.teacher_id, m.to_school_id) for m in plan.moves] == [(200, 2)]
    (obligation,) = plan.obligations
    assert not obligation.met and obligation.planned == 1
    assert "在职 20，需交流 2，已有 0，计划 1，可派 1" in obligation.explanation
    assert "核心校没有可对调的数学教师" in obligation.explanation


def test_rule_ten_percent_a_member_that_cannot_reach_it_says_who_could_not_go():
    schools, communities = county(member_serving=12)
    teachers = (
        staff(2, ["数学"] * 5, 100, unavailable="交流中")
        + staff(2, ["语文"] * 3, 110, unavailable="新教师")
        + staff(2, ["英语"] * 3, 120, unavailable="不宜交流")
        + staff(2, ["科学"], 130)
        + staff(1, ["科学"], 200)
    )
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    (obligation,) = plan.obligations
    assert (obligation.needed, obligation.planned, obligation.met) == (2, 2, True)  # one swap: two teachers
    schools, communities = county(member_serving=30)  # 3 needed: one swap is all there is
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    (obligation,) = plan.obligations
    assert not obligation.met
    assert (plan.status, plan.objective, plan.bound, plan.gap) == ("Optimal", plan.bound, plan.objective, 0)  # proven best
    assert obligation.explanation == (
        "在职 30，需交流 3，已有 0，计划 2，可派 1（不能派：交流中 5、新教师 3、不宜交流 3）。本校已没有可派的教师。"
    )


def test_rule_core_sends_a_cooperative_core_sends_and_volunteers_go_first():
    schools, communities = county(type=COOPERATIVE, core_sends=1)
    teachers = staff(1, ["数学", "数学"], 200) + [Candidate(202, "志愿者", 1, "数学", volunteer=True)]
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    assert [(m.teacher_id, m.to_school_id) for m in plan.moves] == [(202, 2)]
    assert "自愿报名" in plan.moves[0].why
    (obligation,) = plan.obligations
    assert (obligation.kind, obligation.met) == (CORE_SENDS, True)


def test_rule_shadowing_a_new_member_teacher_goes_to_the_core_with_a_teacher_back():
    schools, communities = county(type=COOPERATIVE, core_sends=0)
    teachers = [Candidate(100, "新教师", 2, "数学", new_member_teacher=True)] + staff(1, ["语文", "数学"], 200)
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    assert sorted((m.teacher_id, m.to_school_id) for m in plan.moves) == [(100, 1), (201, 2)]
    (obligation,) = plan.obligations
    assert (obligation.kind, obligation.met) == (SHADOWING, True)


def test_no_move_beyond_what_is_needed_and_the_same_records_give_the_same_plan():
    schools, communities = county(member_serving=20, exchanged=2)  # nothing needed
    teachers = staff(2, ["数学"], 100, volunteer=True) + staff(1, ["数学"], 200, volunteer=True, senior=True)
    assert solve(schools, communities, teachers, min_ratio=TEN).moves == []
    schools, communities = county(member_serving=40)  # 4 needed
    teachers = staff(2, ["数学"] * 6, 100) + staff(1, ["数学"] * 6, 200, senior=True)
    first, again = (solve(schools, communities, teachers, min_ratio=TEN) for _ in range(2))
    assert len(first.moves) == 4 and first.moves == again.moves


def test_the_bureau_removes_or_keeps_a_teacher_and_the_rest_is_solved_again():
    schools, communities = county(member_serving=20)
    teachers = staff(2, ["数学", "语文"], 100) + staff(1, ["数学", "英语"], 200)
    removed = solve(schools, communities, teachers, min_ratio=TEN, excluded=frozenset({100}))
    # Without the member's 数学 teacher nobody of it can go; two core teachers go there instead.
    assert sorted((m.teacher_id, m.to_school_id) for m in removed.moves) == [(200, 2), (201, 2)]
    kept = solve(schools, communities, teachers, min_ratio=TEN, required=frozenset({(201, 2)}))
    assert (201, 2) in {(m.teacher_id, m.to_school_id) for m in kept.moves}
    assert all(o.met for o in kept.obligations) and kept.refused == []


def test_a_move_the_bureau_asks_for_that_breaks_a_hard_rule_is_refused_with_its_reason():
    schools, communities = county(member_serving=20)
    teachers = (
        staff(2, ["数学", "语文"], 100)
        + staff(1, ["数学", "英语"], 200)
        + [Candidate(300, "交流中的老师", 1, "数学", unavailable="交流中")]
    )
    asked = frozenset({(101, 1), (300, 2), (201, 2)})  # the member's 语文 teacher has no partner at the core
    plan = solve(schools, communities, teachers, min_ratio=TEN, required=asked)
    assert (201, 2) in {(m.teacher_id, m.to_school_id) for m in plan.moves}
    assert 101 not in {m.teacher_id for m in plan.moves}  # the member never loses its 语文
    refused = {r.teacher_id: r.why for r in plan.refused}
    assert refused.keys() == {101, 300}
    assert "将缺语文教师" in refused[101] and "不能交流：交流中" in refused[300]
    assert all(o.met for o in plan.obligations)


def test_a_school_that_is_one_communitys_core_and_anothers_member_is_planned_once():
    schools = [School(1, "城区核心校", True, 60), School(2, "镇校", False, 20), School(3, "村校", False, 20)]
    communities = [Community(1, CO_BUILT, 1, (2,)), Community(2, CO_BUILT, 2, (3,))]  # 镇校 leads 村校 too
    teachers = staff(1, ["数学"] * 4, 100) + staff(2, ["数学"] * 4, 200) + staff(3, ["数学"] * 4, 300)
    plan = solve(schools, communities, teachers, min_ratio=TEN)
    assert all(o.met for o in plan.obligations)
    moved = [m.teacher_id for m in plan.moves]
    assert len(moved) == len(set(moved))  # nobody twice


def test_rule_core_sends_what_a_core_has_sent_already_counts():
    schools, communities = county(type=COOPERATIVE, core_sends=2)
    communities = [Community(1, COOPERATIVE, 1, (2,), core_sends=2, already_sent=2)]
    plan = solve(schools, communities, staff(1, ["数学"] * 3, 200), min_ratio=TEN)
    (obligation,) = plan.obligations
    assert (plan.moves, obligation.needed, obligation.existing, obligation.met) == ([], 0, 2, True)


def test_a_move_asked_for_that_the_time_limit_left_unconfirmed_is_not_given_a_rule_as_its_reason(monkeypatch):
    import highspy

    schools, communities = county(member_serving=20)
    teachers = staff(2, ["数学", "语文"], 100) + staff(1, ["数学", "英语"], 200)
    # The first solve (the moves asked for) stops at the limit with none of them found.
    monkeypatch.setattr(highspy.Highs, "getModelStatus", lambda highs: highspy.HighsModelStatus.kTimeLimit)
    monkeypatch.setattr(highspy.Highs, "val", lambda highs, variable: 0.0)
    plan = solve(schools, communities, teachers, min_ratio=TEN, required=frozenset({(101, 1)}))
    assert [r.why for r in plan.refused] == ["在计算时限内未能确认教师101能否按要求交流，请稍后重新生成。"]


def test_a_teacher_the_bureau_took_out_is_not_counted_as_free_to_go():
    schools, communities = county(member_serving=20)
    teachers = staff(2, ["数学"], 100) + staff(1, ["数学"], 200) + staff(2, ["语文"], 300, new_member_teacher=True)
    plan = solve(schools, communities, teachers, min_ratio=TEN, excluded=frozenset({100, 300}))
    shadowing = next(o for o in plan.obligations if o.kind == SHADOWING)
    assert shadowing.explanation == "教师300已由教育局移出计划。"
    ten = next(o for o in plan.obligations if o.kind == TEN_PERCENT)
    assert "可派 0（不能派：教育局移出 2）" in ten.explanation


def test_an_obligation_asks_what_it_asks_however_many_were_sent_already():
    schools, communities = county(type=COOPERATIVE, core_sends=1)
    communities = [Community(1, COOPERATIVE, 1, (2,), core_sends=1, already_sent=3)]
    plan = solve(schools, communities, staff(1, ["数学"], 200), min_ratio=TEN)
    sends = next(o for o in plan.obligations if o.kind == CORE_SENDS)
    assert (sends.asked, sends.existing, sends.needed, sends.met) == (1, 3, 0, True) and plan.moves == []


def test_a_move_gives_the_obligation_of_the_community_it_is_made_within():
    from planner.model import community_of_move

    # 城区校 leads 协作型 X with 镇校 as member; 镇校 leads 共建型 Y with 村校.
    schools = [School(1, "城区校", True, 60), School(2, "镇校", False, 20), School(3, "村校", False, 20)]
    x, y = Community(1, COOPERATIVE, 1, (2,), core_sends=0), Community(2, CO_BUILT, 2, (3,))
    teachers = staff(2, ["数学"] * 4, 200) + staff(3, ["数学"] * 4, 300)
    plan = solve(schools, [x, y], teachers, min_ratio=TEN)
    assert plan.moves and all(m.why[0] == "村校交流人数达到在职教师的10%" for m in plan.moves)
    of_member = {2: x, 3: y}
    assert community_of_move(3, 2, of_member) == y and community_of_move(2, 3, of_member) == y
    assert community_of_move(2, 1, of_member) == x and community_of_move(3, 1, of_member) is None
