"""Public (no login) SKM pages, included at the site root."""

from django.urls import path

from apps.evaluations import views

urlpatterns = [
    path("skm/<str:token>/", views.skm_public, name="skm_public"),
    path("skm/<str:token>/terima-kasih/", views.skm_thanks, name="skm_thanks"),
]
