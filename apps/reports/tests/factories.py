"""A batch with five participants who answered L1 (anonymous), L2 pre/post and L3, plus an SKM unit."""

from apps.employees.tests.factories import PegawaiFactory
from apps.evaluations import selectors, services
from apps.evaluations.models import Invitation
from apps.evaluations.tests.factories import answer_values, make_batch, questionnaire, skm, skm_values
from apps.evaluations.tests.test_scoring import EXAMPLE


def evaluated_batch(world, *, comment="Materi sangat membantu"):
    admin = world.users["bkpsdm_admin"]
    people = [world.owner_pegawai, world.mate_pegawai, world.other_pegawai] + [
        PegawaiFactory(instansi=world.a, unit_kerja=world.unit_a, atasan=world.supervisor_pegawai) for _ in range(2)
    ]
    batch = make_batch(world.a, participants=people)
    l1 = questionnaire(admin, world.a, "l1-reaksi", angkatan=batch.angkatan)
    for i, inv in enumerate(Invitation.objects.filter(questionnaire=l1).order_by("id")):
        services.response_submit(
            questionnaire=l1,
            invitation=inv,
            values=answer_values(selectors.items_of(l1), likert=3 + i % 2, text=comment),
        )
    for phase in ("pre", "post"):
        q = questionnaire(admin, world.a, "l2-tes", angkatan=batch.angkatan, phase=phase)
        items = selectors.items_of(q)
        for inv in Invitation.objects.filter(questionnaire=q).order_by("id"):
            values = answer_values(items)
            if phase == "pre":
                values[items[0].field] = "c"
            services.response_submit(questionnaire=q, invitation=inv, values=values)
    l3 = questionnaire(admin, world.a, "l3-alumni", angkatan=batch.angkatan)
    for i, inv in enumerate(Invitation.objects.filter(questionnaire=l3).order_by("id")):
        services.response_submit(
            questionnaire=l3,
            invitation=inv,
            values=answer_values(selectors.items_of(l3), single=["ya", "sebagian", "tidak", "ya", "ya"][i]),
        )
    s = skm(admin, world.a, world.unit_a)
    for row in EXAMPLE:
        services.response_submit(questionnaire=s, values=skm_values(selectors.items_of(s), row))
    batch.people = people
    batch.skm = s
    return batch
