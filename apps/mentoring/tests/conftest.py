import pytest

from apps.competencies.models import Kompetensi
from apps.mentoring.tests.factories import MenteeFactory, MentorFactory, PairFactory, ProgramFactory, ensure_jp_rules


@pytest.fixture
def jp_rules(db):
    return ensure_jp_rules()


@pytest.fixture
def kompetensi(jp_rules):
    """Two competencies (national codes; created if a flush removed the dictionary)."""
    m03, _ = Kompetensi.objects.get_or_create(
        instansi=None, code="M.03", defaults={"kind": "manajerial", "name": "Komunikasi"}
    )
    m04, _ = Kompetensi.objects.get_or_create(
        instansi=None, code="M.04", defaults={"kind": "manajerial", "name": "Orientasi pada Hasil"}
    )
    return [m03, m04]


@pytest.fixture
def program(world, jp_rules):
    return ProgramFactory(instansi=world.a, name="Mentoring Perencanaan Anggaran")


@pytest.fixture
def pair(world, program):
    """mentor = world.mentor_pegawai, mentee = world.owner_pegawai (atasan: world.supervisor)."""
    mentor = MentorFactory(program=program, pegawai=world.mentor_pegawai)
    mentee = MenteeFactory(program=program, pegawai=world.owner_pegawai)
    return PairFactory(program=program, mentor=mentor, mentee=mentee)


@pytest.fixture
def other_pair(world, jp_rules):
    """A pair in instansi B."""
    program = ProgramFactory(instansi=world.b, name="Program Kota B")
    mentor = MentorFactory(program=program, pegawai=world.admin_b_pegawai)
    mentee = MenteeFactory(program=program, pegawai=world.pegawai_b)
    return PairFactory(program=program, mentor=mentor, mentee=mentee)
