"""Fetch-by-id for enrolment data: missing and not-yours are both 404 (ids reveal nothing about
other instansi); an action the user may see but not take is 403."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.catalog.models import Angkatan, AngkatanSession
from apps.catalog.selectors import angkatan_visible_to
from apps.employees.selectors import is_supervisor_of
from apps.enrollments import selectors
from apps.enrollments.models import Certificate, Enrollment, ExternalTraining

logger = logging.getLogger("apps.access")


def _found(obj: Any, kind: str, pk: Any, user: Any) -> Any:
    if obj is None:
        logger.warning("access.denied object=%s pk=%s user=%s", kind, pk, user.pk)
        raise Http404
    return obj


def get_enrollment_for_user(user: Any, pk: int) -> Enrollment:
    return _found(selectors.enrollments_visible_to(user).filter(pk=pk).first(), "enrollment", pk, user)


def get_enrollment_to_decide(user: Any, pk: int) -> Enrollment:
    """The atasan's decision (or an admin's rejection). Visible but not theirs to decide → 403."""
    enrollment = get_enrollment_for_user(user, pk)
    if selectors.is_admin(user) or is_supervisor_of(user, enrollment.pegawai):
        return enrollment
    raise PermissionDenied


def get_enrollment_to_verify(user: Any, pk: int) -> Enrollment:
    if not selectors.is_admin(user):
        raise Http404
    return get_enrollment_for_user(user, pk)


def get_own_enrollment(user: Any, pk: int) -> Enrollment:
    """Cancel: the pegawai themself, or an admin of the instansi."""
    enrollment = get_enrollment_for_user(user, pk)
    if enrollment.pegawai.user_id == user.pk or selectors.is_admin(user):
        return enrollment
    raise PermissionDenied


def get_angkatan_for_request(user: Any, pk: int) -> Angkatan:
    """The catalog's door, not a wider one: a pegawai reaches the request page only of a batch the catalog
    shows them (announced, programme published); an unannounced batch answers 404 like a missing one."""

    found = angkatan_visible_to(user).select_related("program__penyelenggara", "instansi").filter(pk=pk)
    return _found(found.first(), "angkatan", pk, user)


def get_angkatan_for_admin(user: Any, pk: int) -> Angkatan:
    if not selectors.is_admin(user):
        raise Http404
    return get_angkatan_for_request(user, pk)


def get_session_for_admin(user: Any, pk: int) -> AngkatanSession:
    if not selectors.is_admin(user):
        raise Http404
    return _found(selectors.session_visible_to(user).filter(pk=pk).first(), "session", pk, user)


def get_certificate_for_user(user: Any, pk: int) -> Certificate:
    return _found(selectors.certificates_visible_to(user).filter(pk=pk).first(), "certificate", pk, user)


def get_certificate_for_admin(user: Any, pk: int) -> Certificate:
    if not selectors.is_admin(user):
        raise Http404
    return get_certificate_for_user(user, pk)


def get_external_for_user(user: Any, pk: int) -> ExternalTraining:
    return _found(selectors.external_visible_to(user).filter(pk=pk).first(), "external_training", pk, user)


def get_external_for_admin(user: Any, pk: int) -> ExternalTraining:
    if not selectors.is_admin(user):
        raise Http404
    return get_external_for_user(user, pk)


def get_bulk_job_for_user(user: Any, pk: int) -> Any:
    return _found(selectors.bulk_jobs_visible_to(user).filter(pk=pk).first(), "bulk_nomination", pk, user)
