"""Public (no login) API-app pages, included at the site root: the private calendar feed, opened by its secret."""

from django.urls import path

from apps.api import views

urlpatterns = [
    path("kalender/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
