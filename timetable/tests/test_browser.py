"""The communities' own work in a real browser (Playwright, Debian's Chromium): the core
school's head enters the 一张表 — a clash refused and explained, a clean session kept; a
member's head records an activity with a photo; the bureau sees both on the community's
page and on the dashboard."""

import io

from django.utils import timezone
from PIL import Image

from conftest import BROWSER_TEST, log_in
from schools.accounts import account_upsert
from teachers.models import Teacher
from teamwork.models import Activity, ActivityCategory, Attachment, CommunityPlan, PlannedActivities
from timetable.models import Session
from timetable.terms import current_term

from .builders import PASSWORD, head_of, term_community

pytestmark = BROWSER_TEST


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def enter_session(page, *, lead_school, teacher, listener, listener_class, lead_class, start="08:00", end="08:40"):
    page.select_option("#id_weekday", "2")
    page.fill("#id_start_time", start)
    page.fill("#id_end_time", end)
    page.fill("#id_subject", "数学")
    page.select_option("#id_lead_school", str(lead_school.pk))
    page.fill("#id_lead_class", lead_class)
    page.fill("#id_lead_teacher", teacher.staff_id)
    page.fill("#id_first_week", "1")
    page.fill("#id_last_week", "16")
    page.select_option("#id_listener_school_1", str(listener.pk))
    page.fill("#id_listener_class_1", listener_class)
    page.click("button:has-text('加入课表')")


def test_timetable_with_a_clash_an_activity_with_a_photo_and_the_bureau_sees_both(live_server, browser, activity_categories):
    year, term = current_term()
    community, core, members = term_community(year=year)
    plan = CommunityPlan.objects.create(community=community, school_year=year, goals="同步课堂每周开课")
    PlannedActivities.objects.create(plan=plan, category=ActivityCategory.objects.get(name="送教"), count=2)
    head_of(core, "core")
    head_of(members[0], "member")
    account_upsert(username="clerk", password=PASSWORD, role="bureau")
    teacher = Teacher.objects.get(school=core)
    url = f"{live_server.url}/portal/communities/{community.pk}/timetable/?year={year}&term={term}"

    core_head = browser.new_context().new_page()
    log_in(core_head, live_server.url, "core", PASSWORD)
    core_head.goto(url)
    enter_session(
        core_head, lead_school=core, teacher=teacher, listener=members[0], listener_class="三(2)班", lead_class="三(1)班"
    )
    assert "同步课堂已加入课表" in core_head.locator(".messages").inner_text()
    # The same teacher at an overlapping time for another class: refused, both named.
    enter_session(
        core_head,
        lead_school=core,
        teacher=teacher,
        listener=members[1],
        listener_class="四(1)班",
        lead_class="四(3)班",
        start="08:20",
        end="09:00",
    )
    refusal = core_head.locator("#add .errorlist").inner_text()
    assert "这节课与已有的「" in refusal and f"主讲教师{teacher.name}" in refusal and "星期二 08:20–08:40" in refusal
    # The head moves it to a free hour: kept.
    core_head.fill("#id_start_time", "09:00")
    core_head.fill("#id_end_time", "09:40")
    core_head.click("button:has-text('加入课表')")
    assert "同步课堂已加入课表" in core_head.locator(".messages").inner_text()
    assert Session.objects.filter(community=community).count() == 2

    member_head = browser.new_context().new_page()
    log_in(member_head, live_server.url, "member", PASSWORD)
    member_head.goto(f"{live_server.url}/portal/communities/{community.pk}/")
    member_head.click("text=记录本校主办的活动")
    member_head.fill("#id_date", timezone.localdate().isoformat())
    member_head.select_option("#id_category", label="送教")
    member_head.select_option("#id_mode", label="线下")
    member_head.check(f"input[name=schools][value='{core.pk}']")
    member_head.fill("#id_teacher_count", "6")
    member_head.fill("#id_topic", "送教下乡数学示范课")
    member_head.set_input_files("#id_attachments", files=[{"name": "合影.jpg", "mimeType": "image/jpeg", "buffer": photo()}])
    member_head.click("button:has-text('保存活动')")
    assert "活动已记录" in member_head.locator(".messages").inner_text()
    attachment = Attachment.objects.get()
    assert attachment.activity == Activity.objects.get() and attachment.content_type == "image/jpeg"
    member_head.goto(f"{live_server.url}/portal/schools/{members[0].pk}/timetable/?year={year}&term={term}")
    assert "瑞安市第二实验小学三（1）班" in member_head.content()  # its own sessions, as a listening school

    clerk = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    log_in(clerk, live_server.url, "clerk", PASSWORD)
    clerk.goto(f"{live_server.url}/admin/communities/community/{community.pk}/change/")
    clerk.click("text=在站点上查看")
    overview = clerk.locator("#content-main").inner_text()
    assert "送教下乡数学示范课" in overview and community.code in overview
    photo_shown = clerk.locator("ul.attachments img").first
    photo_shown.scroll_into_view_if_needed()  # it loads lazily
    clerk.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo_shown.element_handle())
    clerk.click(f"#timetable a:has-text('{'第一学期' if term == 1 else '第二学期'}')")
    assert clerk.locator("table.cards tbody tr").count() == 2
    clerk.goto(f"{live_server.url}/dashboard/?year={year}")
    tiles = clerk.locator(".module").all_inner_texts()
    plans = next(text for text in tiles if "教共体活动完成计划" in text)
    assert "已开展 1 / 计划 2 次" in plans
    assert any("同步课堂开课率" in text for text in tiles)
