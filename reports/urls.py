from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("work/", views.communities_work_view, name="communities_work"),
    path("closed-changes/", views.closed_changes_view, name="closed_changes"),
    path("annual-report.xlsx", views.annual_report_download, name="annual_report"),
]
