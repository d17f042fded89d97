"""The bureau's Z值 screens in the admin."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_community, make_school
from evaluation.models import SchoolResult, ZSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def results():
    core = make_school("瑞安市实验小学", district="直属")
    member = make_school("瑞安市高楼镇中心小学", district="高楼")
    make_community(core, [member], year=2022, type="cooperative")
    SchoolResult.objects.create(school=member, school_year=2021, stage="primary", z_value=44.0, graduating_classes=2)
    SchoolResult.objects.create(school=member, school_year=2022, stage="primary", z_value=50.5, graduating_classes=2)
    return member


@pytest.mark.parametrize(
    "url",
    [
        "admin:evaluation_schoolresult_changelist",
        "admin:evaluation_rewards",
        "admin:evaluation_scores_import",
        "admin:evaluation_coreaward_add",
        "admin:evaluation_zsettings_add",
        "admin:evaluation_subjectstatistics_changelist",
    ],
)
def test_evaluation_pages_open_for_bureau_staff(bureau_client, results, url):
    assert bureau_client.get(reverse(url)).status_code == 200


def test_results_list_shows_last_year_and_the_rise_and_leaves_rewards_to_the_rewards_page(bureau_client, results):
    page = bureau_client.get(reverse("admin:evaluation_schoolresult_changelist"), {"school_year": 2022}).content.decode()
    assert "44.00" in page and "50.50" in page and "6.50" in page
    assert "20,000" not in page and reverse("admin:evaluation_rewards") in page


def test_rewards_page_lists_the_member_reward(bureau_client, results):
    page = bureau_client.get(reverse("admin:evaluation_rewards"), {"year": 2022}).content.decode()
    assert "瑞安市高楼镇中心小学" in page and "20,000" in page


def test_score_upload_reports_problems_in_chinese(bureau_client, results):
    upload = SimpleUploadedFile(
        "s.csv", "学年,学段,学校,科目,参考人数,平均分,标准差,毕业班数\n2022,小学,无此校,语文,10,80,5,2\n".encode()
    )
    page = bureau_client.post(reverse("admin:evaluation_scores_import"), {"file": upload}, follow=True).content.decode()
    assert "不在学校名录中" in page


def test_saving_settings_recomputes_the_year(bureau_client, results):
    school = make_school("瑞安市塘下镇中心小学")
    for s, avg in [(results, 80), (school, 60)]:
        r = SchoolResult.objects.get_or_create(school=s, school_year=2023, stage="primary", defaults={"graduating_classes": 1})[0]
        r.subject_scores.create(subject="语文", candidates=10, average=avg, std_dev=0)
    response = bureau_client.post(
        reverse("admin:evaluation_zsettings_add"),
        {"school_year": 2023, "base": 100, "scale": 10, "weights-TOTAL_FORMS": 0, "weights-INITIAL_FORMS": 0},
    )
    assert response.status_code == 302
    assert ZSettings.objects.filter(school_year=2023).exists()
    assert SchoolResult.objects.get(school=results, school_year=2023).z_value == pytest.approx(110)


def test_confirming_rewards_stores_them_with_their_inputs_and_later_changes_only_warn(bureau_client, results):
    """design-notes: a figure is stored once a decision is made on it, with its inputs."""
    from evaluation.models import RewardGrant

    url = reverse("admin:evaluation_rewards") + "?year=2022"
    assert "确认本学年 1 所成员校的奖励" in bureau_client.get(url).content.decode()
    bureau_client.post(url)
    bureau_client.post(url)  # a second confirmation adds nothing
    grant = RewardGrant.objects.get()
    assert (grant.previous_z, grant.current_z, grant.graduating_classes, grant.amount) == (44.0, 50.5, 2, 20_000)
    assert grant.granted_by.username == "bureau"
    SchoolResult.objects.filter(school_year=2022).update(graduating_classes=3)  # corrected after payment
    page = bureau_client.get(url).content.decode()
    assert "30,000" in page and "与当前计算不符" in page
    grant.refresh_from_db()
    assert grant.amount == 20_000


def test_a_grant_is_recorded_in_history_and_flagged_when_its_z_values_change(bureau_client, results):
    from evaluation.models import RewardGrant

    url = reverse("admin:evaluation_rewards") + "?year=2022"
    bureau_client.post(url)
    grant = RewardGrant.objects.get()
    assert grant.history.count() == 1 and grant.history.get().history_user.username == "bureau"
    SchoolResult.objects.filter(school_year=2022).update(z_value=51.0)  # still a reward of 20,000
    page = bureau_client.get(url).content.decode()
    assert "与当前计算不符" in page
