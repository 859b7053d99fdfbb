from django.contrib.auth.decorators import login_not_required
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication

from apps.api import endpoints, views
from apps.api.authentication import ApiTokenAuthentication, IsApiClientOrAdmin

app_name = "api"


def api(view):
    """API endpoints carry their own authentication (a token): the site's login redirect does not apply."""
    return login_not_required(view)


schema = SpectacularAPIView.as_view(
    authentication_classes=[ApiTokenAuthentication, SessionAuthentication],
    permission_classes=[IsApiClientOrAdmin],
)

urlpatterns = [
    path("v1/schema/", api(schema), name="schema"),
    path("v1/docs/", views.docs, name="docs"),
    path("v1/programs/", api(endpoints.ProgramList.as_view()), name="programs"),
    path("v1/batches/", api(endpoints.BatchList.as_view()), name="batches"),
    path("v1/pegawai/", api(endpoints.PegawaiList.as_view()), name="pegawai"),
    path("v1/certificates/<str:code>/", api(endpoints.CertificateVerify.as_view()), name="certificate"),
    path("v1/batches/<int:pk>/evaluation/", api(endpoints.BatchEvaluation.as_view()), name="batch_evaluation"),
    path("v1/enrolments/", api(endpoints.EnrolmentCreate.as_view()), name="enrolments"),
    path("v1/jp-ledger/", api(endpoints.LedgerList.as_view()), name="ledger"),
    path("v1/completions/", api(endpoints.CompletionCreate.as_view()), name="completions"),
    path("v1/attendance/", api(endpoints.AttendanceCreate.as_view()), name="attendance"),
    path("v1/surveys/", api(endpoints.SurveyList.as_view()), name="surveys"),
    path("v1/surveys/<int:pk>/", api(endpoints.SurveyDetail.as_view()), name="survey"),
    re_path(r"^v1/(?P<rest>.*)$", api(endpoints.unknown_address), name="unknown"),
    path("token/", views.token_list, name="token_list"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token_revoke"),
    path("token/log/", views.call_log, name="call_log"),
    path("kalender/", views.my_calendar, name="my_calendar"),
    path("kalender/cabut/", views.my_calendar_revoke, name="my_calendar_revoke"),
]
