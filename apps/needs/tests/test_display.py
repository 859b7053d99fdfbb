"""What the needs pages show: JPM rounded once (core's `percent`), status histories in words, heat-map
legend on readable swatches, national JPM categories in the reader's language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.core.tests.test_display import contrast
from apps.needs import services
from apps.needs.models import Assessment, IndividualDevelopmentPlan
from apps.needs.services import assessment_record
from apps.needs.tests.test_idp import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(world, worked_levels):
    assessment_record(
        actor=world.users["bkpsdm_admin"],
        pegawai=world.owner_pegawai,
        method="assessment_center",
        levels=worked_levels,
        assessed_on=timezone.localdate() - datetime.timedelta(days=10),
        require_all=False,
    )
    Assessment.objects.update(jpm_percent=Decimal("90.91"), jpm_complete=True, jpm_fit="MS")


def test_team_matrix_rounds_jpm_to_one_decimal(login_actor, client, assessed):
    login_actor("supervisor")
    text = client.get(reverse("needs:team")).text
    assert "<td>90,9%" in text and "90,91" not in text


def test_team_matrix_jpm_category_in_english(login_actor, client, assessed):
    login_actor("supervisor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("needs:team")).text
    assert "90.9%" in text and "Meets Requirements" in text and "Memenuhi Syarat" not in text


def test_idp_history_in_words(world, login_actor, client, skj):
    idp = IndividualDevelopmentPlan.objects.create(instansi=world.a, pegawai=world.owner_pegawai, year=2026)
    fill(world, idp)
    services.idp_submit(actor=world.users["owner"], idp=idp)
    login_actor("owner")
    text = client.get(reverse("needs:idp_detail", args=[idp.pk])).text
    assert "Diajukan ke atasan (Draf → Diajukan ke atasan)" in text
    assert "submit (draft" not in text


def test_heatmap_legend_on_its_swatch_colours(world, login_actor, client, assessed):
    login_actor("bkpsdm_admin")
    text = client.get(reverse("needs:heatmap")).text
    legend = re.findall(r'<span class="badge border (heat-[a-z0-9]+)">([^<]+)</span>', text)
    assert [cls for cls, _label in legend] == ["heat-0", "heat-low", "heat-mid", "heat-high"]
    assert contrast("#212529", "#ffe0b2") >= 4.5  # the text colour the swatches set (checked per swatch in core)
