import pytest

from apps.competencies.models import MANDATORY_CODES, Kompetensi, SKJItem

WORKED_ACTUAL = {"M.01": 3, "M.02": 3, "M.03": 2, "M.04": 3, "M.05": 4, "M.06": 2, "M.07": 2, "M.08": 3, "S.01": 3}


@pytest.fixture
def skj(world):
    """The staff jabatan (owner's, mate's, other's) requires the nine national competencies at level 3."""
    national = {k.code: k for k in Kompetensi.objects.filter(instansi=None, code__in=MANDATORY_CODES)}
    for code in MANDATORY_CODES:
        SKJItem.objects.create(instansi=world.a, jabatan=world.staff_jab, kompetensi=national[code], required_level=3)
    return national


@pytest.fixture
def worked_levels(skj):
    return {skj[code].pk: level for code, level in WORKED_ACTUAL.items()}


def post_levels(levels, **extra):
    data = {f"level_{k}": str(v) for k, v in levels.items()}
    data.update(extra)
    return data
