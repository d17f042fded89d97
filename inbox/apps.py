from django.apps import AppConfig


class InboxConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "inbox"
    verbose_name = "消息"

    def ready(self):
        from exchanges.signals import exchange_event

        from .services import on_exchange_event

        exchange_event.connect(on_exchange_event, dispatch_uid="inbox.on_exchange_event")
