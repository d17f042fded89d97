"""项目评估 (issue: assessing the communities, 1): a 协作型 core school's head applies; the
bureau scores and grades it or sends it back; statuses and history; only the community's
people see it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.models import ProjectReview
from assessment.projects import grade_of_score, project_apply, project_history, project_result, project_return, project_review
from conftest import BrowserClient, make_community, make_school
from jiaogongti.school_year import current_school_year
from schools.accounts import account_upsert

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def cooperative():
    year = current_school_year()
    core = make_school("瑞安市安阳实验中学", district="直属")
    members = [make_school("瑞安市飞云中学", district="飞云"), make_school("瑞安市陶山镇中学", district="陶山")]
    community = make_community(core, members, year=year, type="cooperative").community
    head = account_upsert(username="core", password=PASSWORD, role="school_head", school_name=core.name).user
    return community, core, members, head, year


def application(members, **fields):
    return {
        "title": "青年教师共同成长项目",
        "goals": "三年内成员校青年教师全部上过一节公开课",
        "period_start": "2026-09-01",
        "period_end": "2027-06-30",
        "members": [m.pk for m in members],
        "evidence": "成员校 Z值 平均提升 4 分",
        **fields,
    }


def test_a_cooperative_core_head_applies_with_documents_and_the_bureau_reviews(bureau_client, cooperative):
    community, core, members, head, year = cooperative
    client = BrowserClient()  # the head's browser; bureau_client is the bureau's
    client.force_login(head)
    pdf = SimpleUploadedFile("成效报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(
        reverse("portal:project_new", args=[community.pk]), {**application(members), "documents": [pdf]}, follow=True
    )
    assert "项目评估已申报" in response.content.decode()
    project = ProjectReview.objects.get()
    assert (project.status, project.school_year, project.documents.get().original_name) == ("applied", year, "成效报告.pdf")
    page = bureau_client.get(reverse("portal:project", args=[project.pk])).content.decode()
    assert "保存评审结果" in page and "退回补充" in page
    bureau_client.post(
        reverse("portal:project", args=[project.pk]), {"action": "review", "score": "92.5", "grade": "", "comments": "成效明显"}
    )
    project.refresh_from_db()
    assert (project.status, project.score, project.grade, project.reviewed_by.username) == (
        "reviewed",
        Decimal("92.5"),
        "excellent",
        "bureau",
    )
    assert project_result(community.pk, year) == Decimal("92.5")
    shown = client.get(reverse("portal:project", args=[project.pk])).content.decode()
    assert "92.5 分，优秀" in shown and "评审：92.5 分，优秀" in shown and "保存评审结果" not in shown


def test_rule_return_needs_comments_then_the_applicant_adds_evidence(client, cooperative):
    community, core, members, head, year = cooperative
    project = project_apply(
        community=community,
        year=year,
        title="项目",
        goals="目标",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 6, 30),
        members=members[:1],
        evidence="初稿",
        user=head,
    )
    with pytest.raises(ValidationError, match="请写明需要补充的材料"):
        project_return(project, comments=" ", user=None)
    project_return(project, comments="请补充成员校课堂观察记录", user=None)
    client.force_login(head)
    page = client.get(reverse("portal:project", args=[project.pk])).content.decode()
    assert "退回补充" in page and "请补充成员校课堂观察记录" in page and "重新申报" in page
    client.post(reverse("portal:project", args=[project.pk]), {"action": "resubmit", "evidence": "初稿＋课堂观察记录 12 份"})
    project.refresh_from_db()
    assert project.status == "applied" and "课堂观察" in project.evidence
    assert [reason for *_, reason in project_history(project)] == [
        "申报项目评估",
        "退回补充：请补充成员校课堂观察记录",
        "补充材料后重新申报",
    ]
    project_review(project, score=Decimal(80), grade="good", comments="", user=None)
    with pytest.raises(ValidationError, match="当前状态为“已评审”，不能这样操作"):
        project_return(project, comments="再次", user=None)


def test_rule_only_a_cooperative_community_applies(client, cooperative):
    community, core, members, head, year = cooperative
    other_core = make_school("瑞安市第二实验小学", district="直属")
    co_built = make_community(other_core, [make_school("瑞安市塘下镇第二小学")], year=year, type="co_built").community
    client.force_login(account_upsert(username="cb", password=PASSWORD, role="school_head", school_name=other_core.name).user)
    assert client.get(reverse("portal:project_new", args=[co_built.pk])).status_code == 403
    assert "申报项目评估" not in client.get(reverse("portal:community", args=[co_built.pk])).content.decode()


def test_rule_members_of_the_community_and_dates_in_order(client, cooperative):
    community, core, members, head, year = cooperative
    stranger = make_school("瑞安市塘下镇中学", district="塘下")
    client.force_login(head)
    page = client.post(
        reverse("portal:project_new", args=[community.pk]), application(members, period_end="2026-01-01")
    ).content.decode()
    assert "项目的开始日期应不晚于结束日期。" in page and not ProjectReview.objects.exists()
    page = client.post(reverse("portal:project_new", args=[community.pk]), application([stranger])).content.decode()
    assert "参与学校须是本教共体的成员校。" in page


def test_rule_grade_of_score_bands():
    assert [grade_of_score(Decimal(s)) for s in ("90", "89.9", "80", "60", "59.9")] == [
        "excellent",
        "good",
        "good",
        "pass",
        "fail",
    ]


@pytest.mark.parametrize(
    "who, status", [("core", 200), ("member", 200), ("district", 200), ("outsider", 404), ("other_district", 404)]
)
def test_permission_matrix_for_a_project(client, cooperative, who, status):
    community, core, members, head, year = cooperative
    project = project_apply(
        community=community,
        year=year,
        title="项目",
        goals="目标",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 6, 30),
        members=members,
        evidence="佐证",
        user=head,
    )
    stranger = make_school("瑞安市塘下镇中学", district="塘下")
    make_community(make_school("瑞安市实验中学", district="直属"), [stranger], year=year)
    users = {
        "core": lambda: head,
        "member": lambda: account_upsert(username="m", password=PASSWORD, role="school_head", school_name=members[0].name).user,
        "district": lambda: account_upsert(username="d", password=PASSWORD, role="district", district_name="飞云").user,
        "outsider": lambda: account_upsert(username="o", password=PASSWORD, role="school_head", school_name=stranger.name).user,
        "other_district": lambda: account_upsert(username="t", password=PASSWORD, role="district", district_name="塘下").user,
    }
    client.force_login(users[who]())
    assert client.get(reverse("portal:project", args=[project.pk])).status_code == status
    if who == "member":  # sees it, does not decide or withdraw
        assert client.post(reverse("portal:project", args=[project.pk]), {"action": "review", "score": "99"}).status_code == 403
        assert client.post(reverse("portal:project_withdraw", args=[project.pk])).status_code == 403
        project.refresh_from_db()
        assert project.status == "applied"
