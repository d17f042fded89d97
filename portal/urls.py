from django.urls import path

from . import community_views, planning_views, project_views, timetable_views, views

app_name = "portal"
urlpatterns = [
    path("", views.portal_home, name="home"),
    path("schools/<id:school_id>/", views.school_home, name="school"),
    path("communities/<id:community_id>/", community_views.community_page, name="community"),
    path("communities/<id:community_id>/overview/", community_views.community_overview, name="community_overview"),
    path("communities/<id:community_id>/plan/<year:year>/", community_views.plan_edit, name="plan_edit"),
    path("communities/<id:community_id>/activities/new/", community_views.activity_new, name="activity_new"),
    path("communities/<id:community_id>/studios/new/", community_views.studio_edit, name="studio_new"),
    path("communities/<id:community_id>/studios/<id:studio_id>/", community_views.studio_edit, name="studio_edit"),
    path("communities/<id:community_id>/timetable/", timetable_views.community_timetable, name="timetable"),
    path("communities/<id:community_id>/timetable/<id:session_id>/", timetable_views.session_page, name="session"),
    path(
        "communities/<id:community_id>/timetable/<id:session_id>/delete/", timetable_views.session_delete, name="session_delete"
    ),
    path("schools/<id:school_id>/timetable/", timetable_views.school_timetable, name="school_timetable"),
    path("schools/<id:school_id>/timetable/feed/renew/", timetable_views.feed_renew, name="feed_renew"),
    path("communities/<id:community_id>/projects/new/", project_views.project_new, name="project_new"),
    path("projects/<id:project_id>/", project_views.project_page, name="project"),
    path("projects/<id:project_id>/withdraw/", project_views.project_withdraw_view, name="project_withdraw"),
    path("projects/<id:project_id>/documents/<id:document_id>/", project_views.project_document, name="project_document"),
    path("attachments/<id:attachment_id>/", community_views.attachment_view, name="attachment"),
    path("attachments/<id:attachment_id>/delete/", community_views.attachment_delete, name="attachment_delete"),
    path("schools/<id:school_id>/teachers/", views.teacher_list, name="teachers"),
    path("schools/<id:school_id>/teachers/export/", views.teacher_export, name="teacher_export"),
    path("schools/<id:school_id>/teachers/<id:teacher_id>/departure/", views.departure_report, name="departure_report"),
    path("schools/<id:school_id>/teachers/<id:teacher_id>/", views.teacher_page, name="teacher"),
    path("schools/<id:school_id>/teachers/<id:teacher_id>/certificate/", views.teacher_certificate, name="teacher_certificate"),
    path("schools/<id:school_id>/appraisals/", views.appraisals, name="appraisals"),
    path("schools/<id:school_id>/planning/", planning_views.planning, name="planning"),
    path("schools/<id:school_id>/exchanges/", views.exchange_list, name="exchanges"),
    path("schools/<id:school_id>/exchanges/export/", views.exchange_export, name="exchange_export"),
    path("schools/<id:school_id>/exchanges/new/", views.exchange_new, name="exchange_new"),
    path("schools/<id:school_id>/exchanges/<id:exchange_id>/", views.exchange_detail, name="exchange"),
    path("schools/<id:school_id>/exchanges/<id:exchange_id>/print/", views.exchange_print, name="exchange_print"),
    path("schools/<id:school_id>/exchanges/<id:exchange_id>/withdraw/", views.exchange_withdraw_view, name="exchange_withdraw"),
]
