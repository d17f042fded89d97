from django.urls import path

from . import views

app_name = "timetable"
urlpatterns = [path("feed/<str:token>.ics", views.calendar_feed, name="feed")]
