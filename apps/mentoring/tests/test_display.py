"""Mentoring pages write dates the site's way ('12 Mar 2026') and status histories in words."""

import datetime

import pytest
from django.urls import reverse

from apps.mentoring.services.pairs import pair_end

pytestmark = pytest.mark.django_db


def test_pair_page_dates_in_site_format(login_actor, client, pair):
    pair.started_on = datetime.date(2026, 3, 12)
    pair.save(update_fields=["started_on"])
    login_actor("bkpsdm_admin")
    text = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).text
    assert "mulai 12 Mar 2026" in text and "12-03-2026" not in text


def test_pair_history_in_words(world, login_actor, client, pair):
    pair_end(actor=world.users["bkpsdm_admin"], pair=pair, note="Program selesai")
    login_actor("bkpsdm_admin")
    text = client.get(reverse("mentoring:pair_detail", args=[pair.pk])).text
    assert "Diakhiri (Aktif → Selesai)" in text and "end (active" not in text
