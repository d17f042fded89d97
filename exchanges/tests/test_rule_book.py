"""The rule book (`exchanges/exchange_rules.py`): one place per rule, its kind, its source,
and where its 提示 show (issue: one rule book)."""

import datetime

import pytest
from django.urls import reverse

from conftest import make_community, make_school
from exchanges import exchange_rules
from exchanges.models import Exchange
from exchanges.services import exchange_approve, exchange_file
from teachers.models import Teacher

pytestmark = pytest.mark.django_db
SEPT = datetime.date(2021, 9, 1)


def test_every_rule_has_a_kind_a_source_and_a_message():
    for rule in exchange_rules.RULES.values():
        assert rule.kind in (exchange_rules.REFUSE, exchange_rules.NOTE) and rule.source and rule.message and rule.title


def test_the_database_constraints_carry_the_rule_books_messages():
    messages = {c.name: c.violation_error_message for c in Exchange._meta.constraints if hasattr(c, "violation_error_message")}
    assert messages["exchange_between_two_schools"] == exchange_rules.TWO_SCHOOLS.message
    assert messages["exchange_ends_after_start"] == exchange_rules.ENDS_AFTER_START.message
    assert messages["rejection_has_reason"] == exchange_rules.REJECTION_HAS_REASON.message


def test_the_rule_book_page_lists_every_rule_from_the_code(bureau_client):
    page = bureau_client.get(reverse("admin:exchanges_exchange_rule_book")).content.decode()
    for rule in exchange_rules.RULES.values():
        assert rule.title in page
    assert page.count(">拒绝<") >= 1 and "提示" in page


def cooperative_pair():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学")
    make_community(core, [member], year=2021, type="cooperative")
    return core, member


def test_rule_cooperative_core_sends_is_a_note_on_the_policy_page_until_the_core_sends(bureau_client):
    core, member = cooperative_pair()
    url = reverse("admin:exchanges_exchange_rules")
    member_teacher = Teacher.objects.create(staff_id="M1", name="成员校老师", school=member)
    exchange_approve(exchange_file(teacher=member_teacher, to_school=core, kind="support", start_date=SEPT))
    page = bureau_client.get(url, {"year": 2021}).content.decode()
    assert "以瑞安市第二实验小学为核心校的教共体是协作型教共体，2021学年没有核心校派往成员校的交流记录" in page
    core_teacher = Teacher.objects.create(staff_id="C1", name="核心校老师", school=core)
    exchange_approve(exchange_file(teacher=core_teacher, to_school=member, kind="support", start_date=SEPT))
    assert "没有核心校派往成员校的交流记录" not in bureau_client.get(url, {"year": 2021}).content.decode()


def test_exchanges_with_notes_are_shown_on_their_page_and_found_by_the_list_filter(bureau_client):
    core, member = cooperative_pair()
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    noted = exchange_file(teacher=teacher, to_school=core, kind="rotation", start_date=SEPT, establishment_moved=False)
    other = Teacher.objects.create(staff_id="T2", name="李老师", school=member)
    exchange_file(teacher=other, to_school=core, kind="support", start_date=SEPT)
    listed = bureau_client.get(reverse("admin:exchanges_exchange_changelist"), {"noted": "yes"}).content.decode()
    assert "张老师" in listed and "李老师" not in listed
    page = bureau_client.get(reverse("admin:exchanges_exchange_change", args=[noted.pk])).content.decode()
    assert "交流轮岗按规定一律迁编" in page
    policy = bureau_client.get(reverse("admin:exchanges_exchange_rules"), {"year": 2021}).content.decode()
    assert "有 1 条带提示" in policy


def test_rule_filed_late_a_schools_filing_dated_in_the_past_is_a_note(django_user_model):
    """Accepted (a late filing may be true), and flagged for the bureau; the bureau's own
    entries and imports of past records are not."""
    import datetime

    from django.utils import timezone

    from conftest import make_community, make_school
    from exchanges.services import exchange_file
    from teachers.models import Teacher

    core, member = make_school("核心校", district="直属"), make_school("成员校")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    head = django_user_model.objects.create_user("head")
    past = timezone.localdate() - datetime.timedelta(days=60)
    filed = exchange_file(
        teacher=teacher, to_school=core, kind="support", start_date=past, filed_by=head, establishment_moved=False
    )
    assert [note["rule"] for note in filed.notes] == ["filed_late"]
    other = Teacher.objects.create(staff_id="T2", name="李老师", school=member)
    entered = exchange_file(teacher=other, to_school=core, kind="support", start_date=past, establishment_moved=False)
    assert entered.notes == []


def test_rule_filed_ahead_a_schools_filing_starts_at_the_latest_next_school_year(django_user_model):
    """A start in 2097 is a typing slip: refused for a school's filing, naming the field."""
    import datetime

    import pytest
    from django.core.exceptions import ValidationError

    from conftest import make_community, make_school
    from exchanges.services import exchange_file
    from jiaogongti.school_year import current_school_year
    from teachers.models import Teacher

    core, member = make_school("核心校", district="直属"), make_school("成员校")
    make_community(core, [member], year=2021, type="co_built")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    head = django_user_model.objects.create_user("head")
    far = datetime.date(current_school_year() + 2, 9, 1)
    with pytest.raises(ValidationError, match="太远了") as refused:
        exchange_file(teacher=teacher, to_school=core, kind="support", start_date=far, filed_by=head, establishment_moved=False)
    assert "start_date" in refused.value.message_dict
    next_year = datetime.date(current_school_year() + 1, 9, 1)
    filed = exchange_file(
        teacher=teacher, to_school=core, kind="support", start_date=next_year, filed_by=head, establishment_moved=False
    )
    assert filed.pk
