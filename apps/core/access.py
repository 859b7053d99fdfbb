from typing import Any

from django.http import Http404

from apps.core.models import ImportJob
from apps.core.selectors import import_jobs_visible_to


def get_import_job_for_user(user: Any, pk: int) -> ImportJob:
    job = import_jobs_visible_to(user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job
