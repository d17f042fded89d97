"""Who is told what (交流的消息): a school head and the 学区 staff of each school an exchange
concerns hear of it being filed, approved, rejected (with the reason), started and ending
within ENDING_SOON_DAYS; the bureau's staff hear of each new filing. Mail goes as well to
those with an address when a mail server is configured."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils.formats import date_format

from exchanges.models import Exchange
from exchanges.selectors import ending_soon
from policy.figures import current_figures
from schools.models import Account

from .models import Message

logger = logging.getLogger(__name__)


def on_exchange_event(sender, *, exchange: Exchange, event: str, **kwargs) -> None:
    notify(exchange, event)


def notify(exchange: Exchange, event: str) -> list[Message]:
    exchange = Exchange.objects.select_related("teacher", "from_school", "to_school").get(pk=exchange.pk)
    text = message_text(exchange, event)
    told = set(Message.objects.filter(exchange=exchange, event=event).values_list("recipient_id", flat=True))
    new = [
        Message(recipient=person, exchange=exchange, event=event, text=text)
        for person in recipients(exchange, event)
        if person.pk not in told
    ]
    # (Two runs at once: the database's message_once keeps one of each.)
    Message.objects.bulk_create(new, ignore_conflicts=True)
    _mail(new)
    return new


def recipients(exchange: Exchange, event: str):
    schools = [exchange.from_school_id, exchange.to_school_id]
    districts = [exchange.from_school.district_id, exchange.to_school.district_id]
    concerned = Q(account__role=Account.Role.SCHOOL_HEAD, account__school_id__in=schools) | Q(
        account__role=Account.Role.DISTRICT, account__district_id__in=districts
    )
    # The bureau's queue: what came, what went; not what the bureau filed itself (a plan's
    # hundreds of rows would each tell every clerk of their own work), but a withdrawal of
    # it, whoever filed it (a head, or a teacher's departure), is news to the bureau.
    if event == Message.Event.WITHDRAWN or (event == Message.Event.FILED and not _filed_by_bureau(exchange)):
        concerned |= Q(account__role=Account.Role.BUREAU)
    return get_user_model().objects.filter(concerned, is_active=True).distinct()


def _filed_by_bureau(exchange: Exchange) -> bool:
    return (
        exchange.filed_by_id is not None
        and get_user_model()
        .objects.filter(Q(account__role=Account.Role.BUREAU) | Q(is_superuser=True), pk=exchange.filed_by_id)
        .exists()
    )


def message_text(exchange: Exchange, event: str) -> str:
    who = f"{exchange.teacher.name}（{exchange.from_school} → {exchange.to_school}，{exchange.get_kind_display()}）"
    start, end = date_format(exchange.start_date), date_format(exchange.planned_end)
    text = {
        Message.Event.FILED: f"新申报：{who}，{start} 至 {end}，等待市教育局审批。",
        Message.Event.APPROVED: f"已批准：{who}，{start} 起。",
        Message.Event.REJECTED: f"已驳回：{who}。理由：{exchange.reject_reason}",
        Message.Event.WITHDRAWN: f"已撤回：{who}，学校已撤回这条申报，无需审批。",
        Message.Event.STARTED: f"已开始：{who}，{start} 起进行中。",
        Message.Event.ENDING: f"即将期满：{who}，将于 {end} 期满（{current_figures().ending_soon_days} 天内）。",
    }[event]
    # Long school names and a reason of 200 字 can pass the column: cut, never refused.
    limit = Message._meta.get_field("text").max_length
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify_ending_soon(today=None) -> int:
    """Tell of each exchange entering its last ENDING_SOON_DAYS (once: `message_once`)."""
    told = 0
    for exchange in ending_soon(Exchange.objects.all(), today):
        told += len(notify(exchange, Message.Event.ENDING))
    return told


def _mail(messages: list[Message]) -> None:
    if not settings.EMAIL_HOST:
        return
    for message in messages:
        address = message.recipient.email
        if not address:
            continue
        try:
            send_mail(f"教共体管理平台：{message.get_event_display()}", message.text, None, [address])
        except OSError:  # the mail server down: the message is still in the portal
            logger.exception("Mail to %s failed", address)
