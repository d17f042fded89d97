"""Who is told what, and where they read it."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from conftest import make_community, make_school
from exchanges.services import exchange_approve, exchange_file, exchange_reject, exchange_start, exchange_withdraw
from inbox.models import Message
from inbox.services import notify_ending_soon
from schools.accounts import account_upsert
from teachers.models import Teacher

pytestmark = pytest.mark.django_db(transaction=True)  # messages go out once the change is committed
PASSWORD = "a-long-Password-2021"


@pytest.fixture
def people():
    core = make_school("瑞安市第二实验小学", district="直属")
    member = make_school("瑞安市塘下镇第二小学", district="塘下")
    make_community(core, [member], year=2021, type="co_built")
    make_school("瑞安市飞云中学", district="飞云")
    teacher = Teacher.objects.create(staff_id="T1", name="张老师", school=member)
    accounts = {
        "head": account_upsert(username="head", password=PASSWORD, role="school_head", school_name=member.name),
        "core_head": account_upsert(username="core_head", password=PASSWORD, role="school_head", school_name=core.name),
        "district": account_upsert(username="tangxia", password=PASSWORD, role="district", district_name="塘下"),
        "bureau": account_upsert(username="bureau", password=PASSWORD, role="bureau"),
        "elsewhere": account_upsert(username="feiyun", password=PASSWORD, role="district", district_name="飞云"),
    }
    return teacher, core, {name: account.user for name, account in accounts.items()}


def told(user):
    return list(Message.objects.filter(recipient=user).order_by("id").values_list("event", flat=True))


def file(teacher, core, head):
    return exchange_file(teacher=teacher, to_school=core, kind="support", start_date=datetime.date(2021, 9, 1), filed_by=head)


def test_both_schools_heads_and_their_districts_hear_of_each_step_and_the_bureau_of_new_filings(people):
    teacher, core, users = people
    exchange = file(teacher, core, users["head"])
    exchange_approve(exchange)
    exchange_start(exchange)
    for name in ["head", "core_head", "district"]:
        assert told(users[name]) == ["filed", "approved", "started"], name
    assert told(users["bureau"]) == ["filed"]
    assert told(users["elsewhere"]) == []


def test_what_the_bureau_files_itself_is_not_put_in_its_own_queue_but_the_schools_hear_of_it(people):
    teacher, core, users = people
    exchange = file(teacher, core, users["bureau"])  # as a plan filed in the admin does, for hundreds of teachers
    assert told(users["bureau"]) == []
    for name in ["head", "core_head", "district"]:
        assert told(users[name]) == ["filed"], name
    exchange_withdraw(exchange)  # the school takes it back: that the bureau must hear
    assert told(users["bureau"]) == ["withdrawn"]


def test_a_rejection_is_told_with_its_reason(people):
    teacher, core, users = people
    exchange_reject(file(teacher, core, users["head"]), reason="本学年名额已满")
    (message,) = Message.objects.filter(recipient=users["head"], event="rejected")
    assert "理由：本学年名额已满" in message.text and "张老师" in message.text


def test_terms_ending_within_ninety_days_are_told_once(people):
    teacher, core, users = people
    exchange = file(teacher, core, users["head"])
    exchange_approve(exchange)
    assert notify_ending_soon(datetime.date(2024, 5, 1)) == 0  # 122 days before
    assert notify_ending_soon(datetime.date(2024, 7, 1)) == 3  # the two heads and 塘下 (直属 has no 学区 staff)
    assert notify_ending_soon(datetime.date(2024, 7, 2)) == 0
    assert told(users["head"])[-1] == "ending"


def test_mail_goes_to_those_with_an_address_when_a_mail_server_is_configured(people, settings):
    teacher, core, users = people
    settings.EMAIL_HOST = "mail.example.cn"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users["head"].email = "head@example.cn"
    users["head"].save()
    file(teacher, core, users["head"])
    assert [m.to for m in mail.outbox] == [["head@example.cn"]]
    assert mail.outbox[0].subject == "教共体管理平台：新申报"


def test_the_list_shows_the_unread_count_and_opening_it_reads_them(client, people):
    teacher, core, users = people
    exchange = file(teacher, core, users["head"])
    client.force_login(users["head"])
    school = teacher.school
    assert "消息（1 条未读）" in client.get(reverse("portal:school", args=[school.pk])).content.decode()
    shown = client.get(reverse("inbox:messages")).content.decode()
    assert "新申报：张老师" in shown and reverse("portal:exchange", args=[school.pk, exchange.pk]) in shown
    assert "条未读" not in client.get(reverse("portal:school", args=[school.pk])).content.decode()


def test_bureau_staff_read_their_messages_from_the_admin(client, people):
    teacher, core, users = people
    exchange = file(teacher, core, users["head"])
    client.force_login(users["bureau"])
    assert "消息（1 条未读）" in client.get(reverse("admin:index")).content.decode()
    shown = client.get(reverse("inbox:messages")).content.decode()
    assert reverse("admin:exchanges_exchange_change", args=[exchange.pk]) in shown


def test_a_withdrawal_is_told_so_nobody_approves_what_is_gone(people):
    from exchanges.services import exchange_withdraw

    teacher, core, users = people
    exchange_withdraw(file(teacher, core, users["head"]))
    assert told(users["bureau"]) == ["filed", "withdrawn"] and told(users["district"])[-1] == "withdrawn"


def test_a_message_longer_than_its_column_is_cut_not_refused(people):
    from inbox.services import message_text

    teacher, core, users = people
    exchange = file(teacher, core, users["head"])
    exchange.reject_reason = "理" * 200
    core.name = "很长的学校名称" * 14
    exchange.to_school = core
    text = message_text(exchange, "rejected")
    assert len(text) == 300 and text.endswith("…")
