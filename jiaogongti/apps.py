from django.apps import AppConfig


class BaseConfig(AppConfig):
    """The project-wide base as an app: it holds the one table every write form shares
    (`Submission`), and imports no domain app."""

    name = "jiaogongti"
    verbose_name = "平台基础"

    def ready(self):
        from django.urls import register_converter

        from .converters import IdConverter, SchoolYearConverter

        register_converter(SchoolYearConverter, "year")
        register_converter(IdConverter, "id")

        from .figures_cache import watch_all_connections

        watch_all_connections()
