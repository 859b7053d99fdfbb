import pytest

from apps.enrollments.tests.factories import AngkatanFactory


@pytest.fixture
def angkatan(world):
    return AngkatanFactory(instansi=world.a, seats_total=10)


@pytest.fixture
def angkatan_b(world):
    return AngkatanFactory(instansi=world.b)
