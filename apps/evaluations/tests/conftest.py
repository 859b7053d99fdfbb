import pytest

from apps.evaluations.tests.factories import ensure_reference_data, make_batch


@pytest.fixture(autouse=True)
def reference_data(request):
    if request.node.get_closest_marker("django_db") or {"db", "world", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("db")
        ensure_reference_data()


@pytest.fixture
def batch(world):
    """A finished batch in instansi A with owner, a team mate and other_employee as participants."""
    return make_batch(world.a, participants=[world.owner_pegawai, world.mate_pegawai, world.other_pegawai])
