from django.conf import settings
from django.db import models


class Submission(models.Model):
    """A create form's one-time token, kept in the transaction that stores what the form
    creates (`jiaogongti.once`): a second POST of the same form finds it and is told the
    form was already submitted, however many arrive at once."""

    token = models.UUIDField("表单编号", unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name="提交人")
    path = models.CharField("页面", max_length=500)
    outcome = models.CharField("提交后去往", max_length=500, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "表单提交记录"
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.path} · {self.created_at:%Y-%m-%d %H:%M}"
