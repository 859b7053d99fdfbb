"""The API call log: the admins' page "Log panggilan API" (filter by token and status class, keyset pages, only
the instansi's own calls) and its retention (API_CALL_LOG_RETENTION_DAYS, a daily beat task deleting old rows in
batches). All times are fixed: nothing depends on today's date."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from apps.api.models import ApiCallLog
from apps.api.services import call_logs_purge
from apps.api.tasks import purge_api_call_logs
from apps.api.tests.factories import make_token
from apps.conftest import role_matrix
from apps.core.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/api/token/log/"
DENIED = {"owner": 403, "supervisor": 403, "other_employee": 403, "mentor": 403}
UTC = datetime.UTC


def _calls(token, *statuses, path="/api/v1/batches/"):
    for status in statuses:
        ApiCallLog.objects.create(instansi_id=token.instansi_id, token=token, method="GET", path=path, status=status)


@pytest.fixture
def tokens(world):
    lms, _secret = make_token(world.a, name="LMS Kota A")
    simpeg, _secret = make_token(world.a, name="SIMPEG Kota A")
    foreign, _secret = make_token(world.b, name="Token Kota B")
    _calls(lms, 200, 201, path="/api/v1/programs/")
    _calls(lms, 403, path="/api/v1/pegawai/")
    _calls(simpeg, 429, 500, path="/api/v1/certificates/X/")
    _calls(foreign, 200, path="/api/v1/rahasia-b/")
    return lms, simpeg, foreign


@pytest.mark.parametrize(
    "actor, status",
    # the superadmin acting in no instansi has no tokens: 404, as the token page
    role_matrix(DENIED, bkpsdm_admin=200, other_instansi_admin=200, superadmin=404),
)
def test_call_log_matrix(actor, status, login_actor, client, tokens):
    login_actor(actor)
    resp = client.get(URL)
    assert resp.status_code == status
    assert ("/api/v1/programs/" in resp.text) == (actor == "bkpsdm_admin")
    assert ("/api/v1/rahasia-b/" in resp.text) == (actor == "other_instansi_admin")


def test_anonymous_is_sent_to_login(client, tokens):
    resp = client.get(URL)
    assert resp.status_code == 302 and "/akun/masuk/" in resp["Location"]


def test_the_token_page_leads_to_the_log_of_each_token(login_actor, client, tokens):
    login_actor("bkpsdm_admin")
    page = client.get(reverse("api:token_list")).text
    assert URL in page and f"{URL}?token={tokens[0].pk}" in page


@pytest.mark.parametrize(
    "query, paths",
    [
        ({}, {"/api/v1/programs/", "/api/v1/pegawai/", "/api/v1/certificates/X/"}),
        ({"token": "lms"}, {"/api/v1/programs/", "/api/v1/pegawai/"}),
        ({"status_class": "2"}, {"/api/v1/programs/"}),
        ({"status_class": "4"}, {"/api/v1/pegawai/", "/api/v1/certificates/X/"}),
        ({"status_class": "5"}, {"/api/v1/certificates/X/"}),
        ({"token": "lms", "status_class": "5"}, set()),
    ],
)
def test_filters_by_token_and_status_class(query, paths, login_actor, client, tokens):
    login_actor("bkpsdm_admin")
    if "token" in query:
        query = {**query, "token": tokens[0].pk}
    resp = client.get(URL, query)
    assert resp.status_code == 200
    assert {call.path for call in resp.context["rows"]} == paths


@pytest.mark.parametrize("query", [{"token": "foreign"}, {"status_class": "9"}, {"token": "x"}])
def test_an_invalid_filter_shows_nothing(query, login_actor, client, tokens):
    """Another instansi's token is not a choice: 422 and no rows, neither theirs nor everything of ours."""
    login_actor("bkpsdm_admin")
    if query.get("token") == "foreign":
        query = {"token": tokens[2].pk}
    resp = client.get(URL, query)
    assert resp.status_code == 422
    assert resp.context["rows"] == []
    assert "/api/v1/rahasia-b/" not in resp.text and "/api/v1/programs/" not in resp.text


def test_keyset_pages_reach_every_row_once(login_actor, client, world):
    token, _secret = make_token(world.a)
    for n in range(30):
        _calls(token, 200, path=f"/api/v1/batches/?page={n}")
    login_actor("bkpsdm_admin")
    first = client.get(URL)
    assert len(first.context["rows"]) == 25 and first.context["next_cursor"]
    second = client.get(URL, {"after": first.context["next_cursor"]})
    assert len(second.context["rows"]) == 5 and not second.context["next_cursor"]
    seen = [c.pk for c in first.context["rows"]] + [c.pk for c in second.context["rows"]]
    assert sorted(seen) == sorted(ApiCallLog.objects.values_list("pk", flat=True))


@pytest.mark.parametrize("rows", [3, 30])
def test_call_log_queries_constant(rows, login_actor, client, world, django_assert_max_num_queries):
    for n in range(rows):
        token, _secret = make_token(world.a, name=f"Token {n}")  # a token per call: no N+1 on the token
        _calls(token, 200)
    login_actor("bkpsdm_admin")
    client.get(URL)  # warm the session and the menu's figures
    with django_assert_max_num_queries(10):
        resp = client.get(URL)
    assert len(resp.context["rows"]) == min(rows, 25)


# --------------------------------------------------------------------------- retention


def test_rows_older_than_the_retention_are_deleted_in_batches(world, settings):
    settings.API_CALL_LOG_RETENTION_DAYS = 30
    now = datetime.datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    token, _secret = make_token(world.a)
    foreign, _secret = make_token(world.b)
    for days, owner in ((40, token), (41, token), (42, foreign), (45, token), (50, foreign)):
        with time_machine.travel(now - datetime.timedelta(days=days), tick=False):
            _calls(owner, 200, path=f"/old/{days}")
    for days in (29, 1):
        with time_machine.travel(now - datetime.timedelta(days=days), tick=False):
            _calls(token, 200, path=f"/recent/{days}")
    with time_machine.travel(now, tick=False):
        assert call_logs_purge(batch_size=2) == 5  # every instansi's old rows, three batches
    assert sorted(ApiCallLog.objects.values_list("path", flat=True)) == ["/recent/1", "/recent/29"]
    summary = AuditEvent.objects.get(action="api_call_log.purged")
    assert summary.data["deleted"] == 5 and summary.actor is None


def test_the_beat_task_is_safe_to_repeat(world, settings):
    settings.API_CALL_LOG_RETENTION_DAYS = 90
    now = datetime.datetime(2027, 1, 1, 0, 30, tzinfo=UTC)
    token, _secret = make_token(world.a)
    with time_machine.travel(now - datetime.timedelta(days=100), tick=False):
        _calls(token, 200, 500)
    with time_machine.travel(now, tick=False):
        assert purge_api_call_logs.apply().get() == 2
        assert purge_api_call_logs.apply().get() == 0
    assert AuditEvent.objects.filter(action="api_call_log.purged").count() == 1  # a run that removed nothing is silent


def test_default_keeps_ninety_days():
    from django.conf import settings

    assert settings.API_CALL_LOG_RETENTION_DAYS == 90


def test_the_purge_is_scheduled_daily():
    task = PeriodicTask.objects.get(task="apps.api.tasks.purge_api_call_logs")
    assert task.enabled and task.crontab is not None and (task.crontab.hour, task.crontab.minute) == ("19", "45")
