from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "teamwork"
    verbose_name = "教共体工作"
