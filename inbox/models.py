from django.conf import settings
from django.db import models

from exchanges import signals
from exchanges.models import Exchange


class Message(models.Model):
    """One person told of one thing that happened to an exchange they are concerned with."""

    class Event(models.TextChoices):
        FILED = signals.FILED, "新申报"
        APPROVED = signals.APPROVED, "已批准"
        REJECTED = signals.REJECTED, "已驳回"
        WITHDRAWN = signals.WITHDRAWN, "已撤回"
        STARTED = signals.STARTED, "已开始"
        ENDING = signals.ENDING, "即将期满"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="inbox_messages"
    )
    exchange = models.ForeignKey(Exchange, verbose_name="教师交流", on_delete=models.CASCADE, related_name="messages")
    event = models.CharField("事件", max_length=12, choices=Event.choices)
    text = models.CharField("内容", max_length=300)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "消息"
        verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        # Each is told once: a calendar run or a repeated notice adds nothing.
        constraints = [models.UniqueConstraint(fields=["recipient", "exchange", "event"], name="message_once")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="message_unread")]

    def __str__(self):
        return self.text
