from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "exchanges"
    verbose_name = "教师交流"

    def ready(self):
        # A teacher who leaves (the register's `teacher_left`) ends their live exchanges.
        from teachers.departures import teacher_left

        from .departures import end_exchanges_of

        teacher_left.connect(end_exchanges_of, dispatch_uid="exchanges.end_exchanges_of")
