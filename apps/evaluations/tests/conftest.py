import pytest

from apps.evaluations.tests.factories import make_batch


@pytest.fixture
def batch(world):
    """A finished batch in instansi A with owner, a team mate and other_employee as participants."""
    return make_batch(world.a, participants=[world.owner_pegawai, world.mate_pegawai, world.other_pegawai])
