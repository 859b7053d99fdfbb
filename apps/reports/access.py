import logging
from typing import Any

from django.http import Http404

from apps.reports.models import ReportJob
from apps.reports.selectors import reports_visible_to

logger = logging.getLogger("apps.access")


def get_report_for_user(user: Any, pk: int) -> ReportJob:
    job = reports_visible_to(user).filter(pk=pk).first()
    if job is None:
        logger.warning("access.denied object=report pk=%s user=%s", pk, user.pk)
        raise Http404
    return job
