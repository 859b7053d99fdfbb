import pytest

from apps.evaluations.tests.factories import ensure_reference_data


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def reference_data(request):
    if request.node.get_closest_marker("django_db") or {"db", "world", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("db")
        ensure_reference_data()
