"""Revoking a certificate withdraws its JP (issue 23): a reversing ledger entry in the same transaction, shown
in the pegawai's JP history, left out of the SIASN export, and every total drops (cached figures included)."""

from __future__ import annotations

import pytest
from django.db.models import Sum
from django.urls import reverse

from apps.enrollments import exports, selectors, services
from apps.enrollments.errors import CertificateError, DuplicateCredit, EnrollmentError, ReasonRequired
from apps.enrollments.models import Certificate, EnrollmentEvent, JPLedgerEntry
from apps.enrollments.tests.factories import certified_enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(world):
    return certified_enrollment(world)


def _year_total(pegawai, year):
    return JPLedgerEntry.objects.filter(pegawai=pegawai, year=year).aggregate(t=Sum("jp"))["t"] or 0


def test_revocation_books_a_linked_reversal_and_totals_drop(world, certificate, django_capture_on_commit_callbacks):
    admin, pegawai = world.users["bkpsdm_admin"], world.owner_pegawai
    credit = JPLedgerEntry.objects.get(enrollment=certificate.enrollment)
    year = credit.year
    assert _year_total(pegawai, year) == 24
    before = {u["unit_id"]: u["met"] for u in selectors.jp_share_by_unit(world.a.pk, year)}  # cached figure
    assert before[world.unit_a.pk] >= 1
    assert pegawai.pk not in selectors.pns_below_target(world.a.pk, year).values_list("pk", flat=True)

    with django_capture_on_commit_callbacks(execute=True):  # the figures' version moves on commit
        services.certificate_revoke(actor=admin, certificate=certificate, reason="Peserta tidak hadir penuh")

    reversal = JPLedgerEntry.objects.get(reverses=credit)
    assert (reversal.jp, reversal.year, reversal.credited_on) == (-24, year, credit.credited_on)
    assert reversal.enrollment_id is None and reversal.pegawai_id == pegawai.pk
    assert reversal.source_ref == f"reversal:{credit.pk}" and reversal.created_by == admin
    assert _year_total(pegawai, year) == 0
    progress, _bounds = selectors.yearly_progress_of(pegawai, on=credit.credited_on)
    assert progress.jp == 0
    assert pegawai.pk in selectors.pns_below_target(world.a.pk, year).values_list("pk", flat=True)
    after = {u["unit_id"]: u["met"] for u in selectors.jp_share_by_unit(world.a.pk, year)}
    assert after[world.unit_a.pk] == before[world.unit_a.pk] - 1
    assert pegawai.pk not in selectors.trained_pegawai_ids(world.a.pk, year)
    event = EnrollmentEvent.objects.filter(enrollment=certificate.enrollment, action="certificate_revoke").get()
    assert "24 JP ditarik" in event.note


def test_siasn_export_no_longer_lists_the_revoked_training(world, certificate):
    year = certificate.enrollment.ledger_entry.year
    nip = world.owner_pegawai.nip
    assert [r for r in exports.rows(world.a.pk, year) if r[0] == nip]
    services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=certificate, reason="Data keliru")
    assert [r for r in exports.rows(world.a.pk, year) if r[0] == nip] == []


def test_jp_history_shows_the_withdrawal(world, certificate, login_actor, client):
    services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=certificate, reason="Data keliru")
    login_actor("owner")
    resp = client.get(reverse("enrollments:my_jp"))
    assert resp.status_code == 200
    assert "Ditarik: " in resp.text and "-24" in resp.text and "ditarik" in resp.text and "Data keliru" in resp.text
    assert resp.context["progress"].jp == 0


def test_revocation_and_reversal_are_one_transaction(world, certificate):
    """A reversal that cannot be booked leaves the certificate valid: nothing half-saved."""
    credit = JPLedgerEntry.objects.get(enrollment=certificate.enrollment)
    JPLedgerEntry.objects.create(  # an entry squatting the reversal's source reference
        instansi=world.a,
        pegawai=world.owner_pegawai,
        year=credit.year,
        credited_on=credit.credited_on,
        jp=1,
        source_type="other",
        source_ref=f"reversal:{credit.pk}",
        title="x",
    )
    with pytest.raises(DuplicateCredit):
        services.certificate_revoke(actor=world.users["bkpsdm_admin"], certificate=certificate, reason="Data keliru")
    certificate.refresh_from_db()
    assert certificate.revoked_at is None and not JPLedgerEntry.objects.filter(reverses=credit).exists()
    assert not EnrollmentEvent.objects.filter(action="certificate_revoke").exists()


def test_withdrawal_happens_once(world, certificate):
    admin = world.users["bkpsdm_admin"]
    credit = JPLedgerEntry.objects.get(enrollment=certificate.enrollment)
    with pytest.raises(ReasonRequired):
        services.certificate_revoke(actor=admin, certificate=certificate, reason="   ")
    assert not JPLedgerEntry.objects.filter(reverses=credit).exists()
    services.certificate_revoke(actor=admin, certificate=certificate, reason="Data keliru")
    with pytest.raises(CertificateError):
        services.certificate_revoke(actor=admin, certificate=Certificate.objects.get(pk=certificate.pk), reason="lagi")
    with pytest.raises(DuplicateCredit):
        services.ledger_reverse(actor=admin, entry=credit, reason="lagi")
    with pytest.raises(EnrollmentError):
        services.ledger_reverse(actor=admin, entry=JPLedgerEntry.objects.get(reverses=credit), reason="x")
    assert JPLedgerEntry.objects.filter(reverses=credit).count() == 1
    assert _year_total(world.owner_pegawai, credit.year) == 0


def test_revoke_view_withdraws_jp_and_other_instansi_gets_404(world, certificate, login_actor, client):
    url = reverse("enrollments:certificate_revoke", args=[certificate.pk])
    login_actor("other_instansi_admin")
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not JPLedgerEntry.objects.filter(jp__lt=0).exists()
    login_actor("bkpsdm_admin")
    assert client.post(url, {"reason": "Data keliru"}).status_code == 302
    assert JPLedgerEntry.objects.filter(pegawai=world.owner_pegawai, jp=-24).count() == 1
