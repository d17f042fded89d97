from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A create form's one-time token and what was sent with it (`jiaogongti.once`): the first
    POST claims the pair, a second POST of the same form with the same content finds it and
    is told the form was already submitted, however many arrive at once."""

    class State(models.TextChoices):
        PENDING = "pending", "处理中"
        KEPT = "kept", "已保存"

    token = models.UUIDField("表单编号")
    fingerprint = models.CharField("内容摘要", max_length=64)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name="提交人")
    path = models.CharField("页面", max_length=500)
    outcome = models.CharField("提交后去往", max_length=2000, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"
        constraints = [models.UniqueConstraint(fields=["token", "fingerprint"], name="submission_once")]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.path} · {self.created_at:%Y-%m-%d %H:%M}"
