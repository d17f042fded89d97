"""The dashboard's charts: for each target, the county's figure and a bar per 学区,
every figure linked to the records behind it. The figures are `dashboard()`'s; this
module only says how each is written and where it leads."""

from urllib.parse import urlencode

from django.urls import reverse

from communities.type_share import TOTAL
from jiaogongti.list_totals import money_figure, part_of_whole
from jiaogongti.templatetags.humanize_cn import percent
from policy.figures import PolicyTexts
from schools.models import School

from .dashboard import Dashboard, bars

PUBLIC_RURAL = {"ownership__exact": School.Ownership.PUBLIC, "locality__in": f"{School.Locality.RURAL},{School.Locality.TOWN}"}


def _yuan(value):
    return f"{value:,} 元"


def _admin(name, **query):
    return reverse(name) + ("?" + urlencode(query) if query else "")


def dashboard_charts(board: Dashboard) -> list[dict]:
    policy = board.policy  # the 学年's figures, as the notes write them
    return [
        chart(board, policy)
        for chart in (_coverage, _type_share, _co_built, _rewards, _allowance, _plans, _lessons, _funds, _grades)
    ]


def _coverage(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    # The target schools, each with its place in the 学年's roster.
    roster = {"roster_year": board.roster_year} if board.roster_year else {}
    return {
        "title": "乡村、镇区公办学校加入教共体（覆盖率）",
        "county": f"{county.coverage_covered} / {county.coverage_targets}（{percent(county.coverage_ratio)}）",
        "county_link": _admin("admin:schools_school_changelist", **PUBLIC_RURAL, **roster),
        "county_figure": part_of_whole(county.coverage_covered, county.coverage_targets),
        "rows": bars(
            [line for line in board.districts if line.coverage_targets],
            lambda line: line.coverage_ratio,
            percent,
            lambda line: _admin(
                "admin:schools_school_changelist", district__id__exact=line.district.id, **PUBLIC_RURAL, **roster
            ),
            lambda line: part_of_whole(line.coverage_covered, line.coverage_targets),
        ),
        "note": "目标：2021年乡村和镇区公办义务教育学校全覆盖。"
        + (
            f"另有 {board.unclassified_schools} 所学校未填“城乡”或“办学性质”，未计入；请在学校名录中补填。"
            if board.unclassified_schools
            else ""
        ),
    }


def _type_share(board: Dashboard, policy: PolicyTexts) -> dict:
    # The county figure as the report's 覆盖与类型 sheet has it (every community of the
    # roster); the bars count each community in the 学区 of its members.
    shares = board.type_shares[TOTAL]
    roster_year = board.roster_year or board.year
    return {
        "title": "融合型、共建型教共体占比",
        "county": f"{shares.close_types} / {shares.total}（{percent(shares.share)}，目标 {percent(board.target)}："
        f"{shares.verdict(board.year)}）",
        "county_link": _admin("admin:communities_communityyear_changelist", school_year=roster_year),
        "county_figure": part_of_whole(shares.close_types, shares.total),
        "rows": bars(
            [line for line in board.districts if line.communities],
            lambda line: line.close_share,
            percent,
            lambda line: _admin(
                "admin:communities_communityyear_changelist",
                school_year=roster_year,
                memberships__school__district__id__exact=line.district.id,
            ),
            lambda line: part_of_whole(len(line.close_communities), len(line.communities)),
        ),
        "note": f"按成员校所在学区统计；至“十四五”末（{policy.type_share_target_year}）不低于 "
        f"{policy.type_share_target}，此前各学年显示进展。",
    }


def _co_built(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    return {
        "title": f"共建型成员校交流达 {policy.co_built_min_ratio} 的比例",
        "county": f"{county.co_built_compliant} / {county.co_built_members} 所达标（{percent(county.compliance_ratio)}）",
        "county_link": _admin("admin:exchanges_exchange_rules", year=board.year) + "#compliance",
        "county_figure": part_of_whole(county.co_built_compliant, county.co_built_members),
        "rows": bars(
            [line for line in board.districts if line.co_built_members],
            lambda line: line.compliance_ratio,
            percent,
            lambda line: _admin("admin:exchanges_exchange_rules", year=board.year, district=line.district.id) + "#compliance",
            lambda line: part_of_whole(line.co_built_compliant, line.co_built_members),
        ),
        "note": f"每年交流人数不低于成员校在职教师数的 {policy.co_built_min_ratio}。"
        + (
            f"另有 {county.co_built_without_teachers} 所共建型成员校没有本学年的教师记录，无法核算，未计入；请导入教师名单。"
            if county.co_built_without_teachers
            else ""
        ),
    }


def _rewards(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    link = _admin("admin:evaluation_rewards", year=board.year)
    return {
        "title": "成员校 Z值提升奖励（应发）",
        "county": f"{county.members_rewarded} / {county.members_with_results} 所提升 {policy.rise_for_reward} 分及以上，"
        f"应发合计 {_yuan(county.rewards)}，已确认 {_yuan(county.rewards_granted)}",
        "county_link": link,
        "county_figure": money_figure(county.rewards),
        "rows": bars(
            [line for line in board.districts if line.members_with_results],
            lambda line: line.rewards,
            _yuan,
            lambda line: _admin("admin:evaluation_rewards", year=board.year, district=line.district.id),
            lambda line: money_figure(line.rewards),
        ),
        "note": f"毕业班每班 {policy.reward_per_class}。",
    }


def _allowance(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    return {
        "title": "特岗津贴（全学年）",
        "county": f"{county.allowance_teachers} 人，合计 {_yuan(county.allowance)}",
        "county_link": _admin("admin:exchanges_exchange_rules", year=board.year) + "#allowance",
        "county_figure": money_figure(county.allowance),
        "rows": bars(
            [line for line in board.districts if line.allowance],
            lambda line: line.allowance,
            _yuan,
            lambda line: _admin("admin:exchanges_exchange_rules", year=board.year, district=line.district.id) + "#allowance",
            lambda line: money_figure(line.allowance),
        ),
        "note": f"{board.allowance_rates}。",
    }


def _plans(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    return {
        "title": "教共体活动完成计划" + _so_far(board),
        "county": f"已开展 {county.activities_met} / 计划 {county.activities_planned} 次（{percent(county.plan_ratio)}）",
        "county_link": _work(board.year) + "#plans",
        "county_figure": part_of_whole(county.activities_met, county.activities_planned),
        "rows": bars(
            [line for line in board.districts if line.activities_planned],
            lambda line: line.plan_ratio,
            percent,
            lambda line: _work(board.year, line.district.id) + "#plans",
            lambda line: part_of_whole(line.activities_met, line.activities_planned),
        ),
        "note": "按各教共体年度计划中每个类别的计划次数计；某一类别多开展的不抵其他类别。没有计划的教共体不计入。"
        + ("学年进行中：计划为全年次数，不按月份折算。" if board.in_progress else ""),
    }


def _lessons(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    discussed = f"，研讨率 {percent(county.discussed_ratio)}" if county.lessons_held else ""
    return {
        "title": "同步课堂开课率" + _so_far(board),
        "county": f"已开课 {county.lessons_held} / 应开 {county.lessons_due} 节（{percent(county.held_ratio)}）{discussed}",
        "county_link": _work(board.year) + "#lessons",
        "county_figure": part_of_whole(county.lessons_held, county.lessons_due),
        "rows": bars(
            [line for line in board.districts if line.lessons_due],
            lambda line: line.held_ratio,
            percent,
            lambda line: _work(board.year, line.district.id) + "#lessons",
            lambda line: part_of_whole(line.lessons_held, line.lessons_due),
        ),
        "note": "应开：一张表排定、日期已到的课；研讨率：已开课中课后记录了同步教研的比例。按成员校所在学区统计。",
    }


def _work(year: int, district_id: int | None = None) -> str:
    query = {"year": year, **({"district": district_id} if district_id else {})}
    return reverse("reports:communities_work") + "?" + urlencode(query)


def _wan(value) -> str:
    return f"{value / 10_000:,.2f} 万元"


def _funds(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    met = "已达到" if county.funds >= board.funds_floor else "未达到"
    return {
        "title": "教共体经费（对照年度下限）" + _so_far(board),
        "county": f"{_wan(county.funds)} / 下限 {_wan(board.funds_floor)}（{met}）",
        "county_link": _admin("admin:assessment_allocation_changelist", school_year=board.year),
        "county_figure": money_figure(county.funds),
        "rows": bars(
            [line for line in board.districts if line.funds],
            lambda line: line.funds,
            _wan,
            lambda line: _admin(
                "admin:assessment_allocation_changelist", school_year=board.year, school__district__id__exact=line.district.id
            ),
            lambda line: money_figure(line.funds),
        ),
        "note": f"按收到经费的学校所在学区统计；本学年下限 {policy.funds_floor}（实施方案四·（四）），可在“政策参数（按学年）”中设定。",
    }


def _so_far(board: Dashboard) -> str:
    return "（截至今日）" if board.in_progress else ""


def _grades(board: Dashboard, policy: PolicyTexts) -> dict:
    county = board.county
    if board.in_progress:
        return {
            "title": "教共体年度考核“优秀”占比",
            "county": "学年进行中，学年结束后评定等级",
            "county_link": _admin("admin:assessment_year", year=board.year),
            "rows": [],
            "note": "考核页显示截至今日的各项数据（还没有数据的指标为“尚无”）；学年结束后才计算总分、评定等级。",
        }
    return {
        "title": "教共体年度考核“优秀”占比",
        "county": f"{county.excellent} / {county.assessed} 个优秀（{percent(county.excellent_share)}）",
        "county_link": _admin("admin:assessment_year", year=board.year),
        "county_figure": part_of_whole(county.excellent, county.assessed),
        "rows": bars(
            [line for line in board.districts if line.assessed],
            lambda line: line.excellent_share,
            percent,
            lambda line: _admin("admin:assessment_year", year=board.year, district=line.district.id),
            lambda line: part_of_whole(line.excellent, line.assessed),
        ),
        "note": "已确认的按确认结果，未确认的按当前数据计算；按成员校所在学区统计。",
    }
