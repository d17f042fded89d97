from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessment"
    verbose_name = "项目评估、经费与考核"

    def ready(self):
        from . import consequences  # noqa: F401  (the CoreAward decision reads the 考核)
