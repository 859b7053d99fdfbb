"""What the results pages show: respondent profiles by their question's words, IKM grades in the reader's
language."""

import pytest
from django.conf import settings
from django.urls import reverse

from apps.evaluations import selectors, services
from apps.evaluations.tests.factories import skm, skm_values
from apps.evaluations.tests.test_scoring import EXAMPLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    q = skm(world.users["bkpsdm_admin"], world.a, world.unit_a)
    items = selectors.items_of(q)
    for row in EXAMPLE:
        services.response_submit(
            questionnaire=q, values=skm_values(items, row), profile={"sex": "P", "age_band": "25-34"}
        )
    return q


def test_ikm_by_respondent_profile_shows_labels_not_field_names(login_actor, client, answered):
    login_actor("bkpsdm_admin")
    text = client.get(reverse("evaluations:results", args=[answered.pk])).text
    assert "<th>Jenis kelamin</th>" in text and "<th>Usia</th>" in text and "<th>Pekerjaan</th>" in text
    assert "<td>Perempuan</td>" in text and "<td>25–34</td>" in text
    assert "<th>sex</th>" not in text and "age_band" not in text


def test_ikm_grade_in_english(login_actor, client, answered):
    login_actor("bkpsdm_admin")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("evaluations:results", args=[answered.pk])).text
    assert "B (Good)" in text and "(Baik)" not in text
