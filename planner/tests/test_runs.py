"""交流计划 in the admin: asked for, worked out in the background, shown with each school's
obligations, teachers taken out and the rest solved again, filed once through the services."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.models import Exchange
from inbox.models import Message
from jiaogongti import once
from jiaogongti.school_year import current_school_year
from planner.models import PlanRun
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
NEXT = current_school_year() + 1


@pytest.fixture
def county():
    core, member = make_school("核心校", district="直属"), make_school("成员校")
    make_community(core, [member], year=2021, type="co_built")
    for school, prefix in [(core, "C"), (member, "M")]:
        for n in range(20):
            Teacher.objects.create(
                staff_id=f"{prefix}{n:02d}",
                name=f"{prefix}老师{n}",
                school=school,
                subject="数学",
                hire_date=datetime.date(2010, 9, 1),
            )
    return core, member


def solved(run: PlanRun) -> PlanRun:
    """The run as its job left it (jobs run at once in tests)."""
    run.refresh_from_db()
    return run


def test_the_bureau_runs_the_planner_takes_a_teacher_out_and_files_the_plan_once(
    county, bureau_client, django_capture_on_commit_callbacks
):
    core, member = county
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(
            reverse("admin:planner_planrun_add"),
            {"school_year": NEXT, "core_sends": 1, "service_years": "", once.FIELD: once.new_token()},
        )
    run = PlanRun.objects.get()
    assert run.job is not None and run.job.output  # the workbook, on the job's page
    page = bureau_client.get(reverse("admin:planner_planrun_change", args=[run.pk])).content.decode()
    assert "达标情况" in page and "共建型成员校交流人数不低于在职教师的 10%" in page
    chosen = {move["teacher_id"] for move in run.result["moves"]}
    assert len(run.result["moves"]) == 2 and run.result["obligations"][0]["met"]

    taken_out = sorted(chosen)[0]
    bureau_client.post(reverse("admin:planner_planrun_rerun", args=[run.pk]), {"teacher": [taken_out, "abc"]})
    again = PlanRun.objects.latest("pk")
    assert again.pk != run.pk and again.excluded == [taken_out]
    assert taken_out not in {move["teacher_id"] for move in again.result["moves"]} and len(again.result["moves"]) == 2

    account_upsert(username="head", password="a-long-Password-2021", role="school_head", school_name=member.name)
    with django_capture_on_commit_callbacks(execute=True):
        bureau_client.post(reverse("admin:planner_planrun_file", args=[again.pk]), {"approve": "0"})
    assert Exchange.objects.filter(status=Exchange.Status.FILED, start_date=datetime.date(NEXT, 9, 1)).count() == 2
    assert Message.objects.filter(recipient__username="head").exists()  # the head is told, as for any filing
    second = bureau_client.post(reverse("admin:planner_planrun_file", args=[again.pk]), {"approve": "1"}, follow=True)
    assert "不能重复录入" in second.content.decode()
    assert Exchange.objects.count() == 2 and not Exchange.objects.filter(status=Exchange.Status.APPROVED).exists()


def test_a_run_superseded_by_a_newer_one_is_not_filed(county):
    from django.core.exceptions import ValidationError

    from planner.runs import file_run, start_run

    first = start_run(NEXT)
    start_run(NEXT)  # solved again since
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="已重新生成过"):
        file_run(first, approve=False)
    assert not Exchange.objects.exists()


def test_the_bureau_swaps_a_teacher_for_another_of_the_same_school_and_the_rest_is_solved_again(county, bureau_client):
    from planner.runs import start_run

    core, member = county
    run = solved(start_run(NEXT))
    replaced = run.result["moves"][0]
    page = bureau_client.get(reverse("admin:planner_planrun_swap", args=[run.pk, replaced["teacher_id"]])).content.decode()
    assert f"从{replaced['from']}到{replaced['to']}" in page and "可换入" in page
    in_plan = {move["teacher_id"] for move in run.result["moves"]}
    replacement = Teacher.objects.filter(school_id=replaced["from_id"]).exclude(pk__in=in_plan).order_by("-staff_id").first()

    bureau_client.post(
        reverse("admin:planner_planrun_swap", args=[run.pk, replaced["teacher_id"]]),
        {"replacement": replacement.pk, once.FIELD: once.new_token()},
    )
    swapped = PlanRun.objects.latest("pk")
    assert swapped.pk != run.pk and swapped.excluded == [replaced["teacher_id"]]
    assert swapped.required == [[replacement.pk, replaced["to_id"]]]
    moves = {move["teacher_id"]: move for move in swapped.result["moves"]}
    assert replaced["teacher_id"] not in moves and moves[replacement.pk]["to_id"] == replaced["to_id"]
    assert "教育局调换指定" in moves[replacement.pk]["why"] and swapped.result["refused"] == []
    assert len(moves) == 2 and all(row["met"] for row in swapped.result["obligations"])

    # Taking the swapped-in teacher out again drops the swap too.
    again = bureau_client.post(
        reverse("admin:planner_planrun_rerun", args=[swapped.pk]), {"teacher": [replacement.pk], once.FIELD: once.new_token()}
    )
    assert again.status_code == 302
    latest = PlanRun.objects.latest("pk")
    assert latest.required == [] and replacement.pk not in {m["teacher_id"] for m in latest.result["moves"]}


def test_a_teacher_who_may_not_go_is_not_swapped_in_and_a_swap_made_impossible_since_is_explained(county, bureau_client):
    from django.core.exceptions import ValidationError

    from planner.models import TeacherIntention
    from planner.runs import start_run, swap_teacher

    core, member = county
    run = solved(start_run(NEXT))
    replaced = run.result["moves"][0]
    in_plan = {move["teacher_id"] for move in run.result["moves"]}
    unsuitable, later = Teacher.objects.filter(school_id=replaced["from_id"]).exclude(pk__in=in_plan).order_by("staff_id")[:2]
    TeacherIntention.objects.create(teacher=unsuitable, school_year=NEXT, choice="unsuitable", reason="带毕业班")
    with pytest.raises(ValidationError, match="不能换入：不宜交流"):
        swap_teacher(run, replaced["teacher_id"], unsuitable.pk)
    page = bureau_client.post(
        reverse("admin:planner_planrun_swap", args=[run.pk, replaced["teacher_id"]]),
        {"replacement": unsuitable.pk, once.FIELD: once.new_token()},
    )
    assert page.status_code == 200 and "不能换入：不宜交流" in page.content.decode()
    for hostile in ["abc", "", "99999999999999999999"]:
        answer = bureau_client.post(
            reverse("admin:planner_planrun_swap", args=[run.pk, replaced["teacher_id"]]),
            {"replacement": hostile, once.FIELD: once.new_token()},
        )
        assert answer.status_code == 200 and "请先选择换入的教师" in answer.content.decode()
    assert PlanRun.objects.count() == 1

    # Marked 不宜交流 after the swap was asked for: the new run leaves it out and says why.
    TeacherIntention.objects.create(teacher=later, school_year=NEXT, choice="unsuitable", reason="病假")
    changed = solved(start_run(NEXT, excluded=[replaced["teacher_id"]], required=[(later.pk, replaced["to_id"])]))
    assert later.pk not in {m["teacher_id"] for m in changed.result["moves"]}
    assert changed.result["refused"] == [
        {"teacher_id": later.pk, "name": later.name, "to": replaced["to"], "why": f"{later.name}不能交流：不宜交流。"}
    ]
    page = bureau_client.get(reverse("admin:planner_planrun_change", args=[changed.pk])).content.decode()
    assert "以下调换未能按要求安排" in page


def test_a_filed_run_is_not_changed(county):
    from django.core.exceptions import ValidationError

    from planner.runs import file_run, rerun_without, start_run, swap_teacher

    run = solved(start_run(NEXT))
    file_run(run, approve=False)
    run.refresh_from_db()
    moved = run.result["moves"][0]["teacher_id"]
    with pytest.raises(ValidationError, match="已录入，不能再调整"):
        rerun_without(run, [moved])
    with pytest.raises(ValidationError, match="已录入，不能再调整"):
        swap_teacher(run, moved, moved + 1)


def test_a_run_says_which_step_it_is_at_while_it_works(county):
    from jiaogongti import progress
    from planner.plans import propose

    published = []  # (with the real throttle: each step is published as it is said)
    with progress.reporting(progress.Reporter(publish=published.append, cancel_requested=lambda: False)):
        propose(NEXT)
    steps = [counts[progress.STEP] for counts in published]
    assert steps[0] == "读取在职教师、交流记录与各校填报"
    assert "求解：第 1/1 组学校（40 名教师）" in steps


def test_the_job_page_shows_the_step_a_running_job_is_at(bureau_client):
    from jobs import progress_store
    from jobs.models import Job

    job = Job.objects.create(
        kind=Job.Kind.REPORT, title="生成交流计划", function="planner.runs.make_plan", status=Job.Status.RUNNING
    )
    progress_store.publish(job.pk, {"read": 0, "checked": 0, "written": 0, "step": "求解：第 3/10 组学校（120 名教师）"})
    assert "求解：第 3/10 组学校" in bureau_client.get(reverse("admin:jobs_job_change", args=[job.pk])).content.decode()
    polled = bureau_client.get(reverse("admin:jobs_job_progress", args=[job.pk])).json()
    assert polled["step"] == "求解：第 3/10 组学校（120 名教师）"
    progress_store.forget(job.pk)


def test_a_second_swap_on_the_same_place_replaces_the_first_and_a_taken_out_teacher_may_be_swapped_back(county):
    from planner.runs import rerun_without, swap_teacher

    run = solved(start_run_now())
    replaced = run.result["moves"][0]
    in_plan = {m["teacher_id"] for m in run.result["moves"]}
    b, c = Teacher.objects.filter(school_id=replaced["from_id"]).exclude(pk__in=in_plan).order_by("staff_id")[:2]
    first = solved(swap_teacher(run, replaced["teacher_id"], b.pk))
    second = solved(swap_teacher(first, b.pk, c.pk))
    assert second.required == [[c.pk, replaced["to_id"]]] and sorted(second.excluded) == sorted([replaced["teacher_id"], b.pk])
    assert second.result["refused"] == [] and second.result["swapped"] == 1
    back = solved(swap_teacher(second, c.pk, replaced["teacher_id"]))  # the first teacher, back in
    assert sorted(back.excluded) == sorted([b.pk, c.pk])
    assert replaced["teacher_id"] in {m["teacher_id"] for m in back.result["moves"]} and back.required == [
        [replaced["teacher_id"], replaced["to_id"]]
    ]
    # A run changed since is only read: changing it would drop what was changed after.
    from django.core.exceptions import ValidationError

    for change in (lambda: rerun_without(second, [c.pk]), lambda: swap_teacher(first, b.pk, c.pk)):
        with pytest.raises(ValidationError, match="已重新生成过"):
            change()


def test_an_earlier_run_and_a_filed_one_show_no_controls_and_their_swap_page_sends_back(county, bureau_client):
    from planner.runs import file_run, rerun_without

    run = solved(start_run_now())
    newer = solved(rerun_without(run, [run.result["moves"][0]["teacher_id"]]))
    page = bureau_client.get(reverse("admin:planner_planrun_change", args=[run.pk])).content.decode()
    assert "之后已重新生成过，只能查看" in page and "换人…" not in page and "全部录入" not in page
    moved = run.result["moves"][1]["teacher_id"]
    answer = bureau_client.get(reverse("admin:planner_planrun_swap", args=[run.pk, moved]), follow=True)
    assert "请在最新的一份上调整" in answer.content.decode()
    file_run(newer, approve=False)
    page = bureau_client.get(reverse("admin:planner_planrun_change", args=[newer.pk])).content.decode()
    assert "换人…" not in page and "已按“已提交”录入" in page


def start_run_now():
    from planner.runs import start_run

    return start_run(NEXT)


def test_after_a_plan_is_filed_a_new_run_counts_what_was_filed_and_asks_no_more(county):
    """需交流人数 is what the obligation asks, whatever was filed beyond it; a new teacher
    filed to shadow is counted in the school's 跟岗 row (已有), not dropped from it."""
    from planner.runs import file_run

    core, member = county
    newcomer = Teacher.objects.create(
        staff_id="N01", name="新老师", school=member, subject="数学", hire_date=datetime.date(NEXT - 1, 9, 1)
    )
    run = solved(start_run_now())
    shadowing = next(row for row in run.result["obligations"] if row["label"] == "成员校新教师到核心校跟岗")
    assert (shadowing["asked"], shadowing["existing"], shadowing["planned"]) == (1, 0, 1)
    file_run(run, approve=True)
    again = solved(start_run_now())
    rows = {row["label"]: row for row in again.result["obligations"]}
    assert (rows["成员校新教师到核心校跟岗"]["asked"], rows["成员校新教师到核心校跟岗"]["existing"]) == (1, 1)
    ten = rows["共建型成员校交流人数不低于在职教师的 10%"]
    filed = Exchange.objects.filter(start_date=datetime.date(NEXT, 9, 1)).count()
    assert ten["asked"] == 3 and ten["existing"] == filed >= 3 and ten["met"]  # 21 在职: ceil(2.1)
    assert again.result["moves"] == [] and newcomer.exchanges.filter(kind="shadowing").exists()


def test_a_shadowing_filed_for_a_teacher_who_is_not_new_is_not_counted_as_the_schools_跟岗(county):
    from exchanges.services import exchange_file
    from planner.plans import propose, school_obligations

    core, member = county
    old_hand = Teacher.objects.get(staff_id="M05")
    exchange_file(teacher=old_hand, to_school=core, kind="shadowing", start_date=datetime.date(NEXT, 9, 1))
    rows = school_obligations(propose(NEXT))
    assert not [row for row in rows if row.kind == "shadowing"]
