from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teamwork"
    verbose_name = "教共体工作"

    def ready(self):
        from . import files  # noqa: F401  (an attachment's file goes with its row)
