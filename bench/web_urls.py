"""The application's routes plus `/_bench/bare/`: one indexed query, no template, on the same stack
(middleware, database connection, gunicorn) — the ceiling a key page is measured against."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from apps.organizations.models import Instansi
from asn_kompetensi.urls import urlpatterns as app_urlpatterns


@login_not_required
def bare(request):
    code = Instansi.objects.filter(pk=request.GET.get("id", 1)).values_list("code", flat=True).first()
    return HttpResponse(code or "-", content_type="text/plain")


urlpatterns = [path("_bench/bare/", bare, name="bench_bare"), *app_urlpatterns]
