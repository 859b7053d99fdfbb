"""Reference data seeded by data migrations (the national JP conversion table, the national
competency dictionary) is wiped by the flush after any transactional test (e2e, worker) in the same
run; put it back before each catalog test that uses the database."""

import importlib

import pytest
from django.apps import apps as django_apps


def _uses_db(request) -> bool:
    names = set(request.fixturenames)
    return bool(names & {"db", "transactional_db", "world"}) or request.node.get_closest_marker("django_db") is not None


@pytest.fixture(autouse=True)
def reference_data(request):
    if not _uses_db(request):
        return
    transactional = "transactional_db" in request.fixturenames or any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db")
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from apps.catalog.models import JPConversionRule
    from apps.competencies.models import Kompetensi

    if not JPConversionRule.objects.filter(instansi__isnull=True).exists():
        importlib.import_module("apps.catalog.migrations.0002_jp_conversion_defaults").seed(django_apps, None)
    if not Kompetensi.objects.filter(instansi__isnull=True, code="M.05").exists():
        importlib.import_module("apps.competencies.migrations.0002_national_dictionary").load(django_apps, None)
