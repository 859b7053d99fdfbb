"""Property-based testing of the OpenAPI schema (schemathesis): for every operation, requests generated from
the schema, valid and invalid, never get a 500, and every answer (status code, content type, body) is one the
schema documents. The schema itself is generated without a warning."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from apps.api.tests.factories import make_token
from apps.enrollments.tests.factories import AngkatanFactory, SessionFactory

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 12


def test_the_schema_has_no_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler inside the test's transaction: the per-request connection cleanup is off, as
    Django's own test client turns it off."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_operation_answers_500_or_outside_its_schema(world, wsgi_app, settings_override, mode):
    cache.clear()
    _token, secret = make_token(
        world.a,
        actor=world.users["bkpsdm_admin"],
        scopes=["read", "attendance", "completions", "enrolments", "surveys"],
    )
    session = SessionFactory(angkatan=AngkatanFactory(instansi=world.a))
    assert session.pk  # ids 1.. exist, so generated ids sometimes name a real row
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, headers=headers)
    tested = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        strategy = operation.as_strategy(generation_mode=mode)

        @given(case=strategy)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
        tested += 1
    assert tested >= 12


@pytest.fixture
def settings_override(settings):
    settings.API_RATE_LIMIT = "1000000/hour"
    return settings
