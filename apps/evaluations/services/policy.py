"""The evaluation policy of an instansi and the date arithmetic it needs."""

from __future__ import annotations

import calendar
import datetime

from apps.evaluations.models import EvaluationPolicy


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's end (31 May − 3 months = 28/29 Feb)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def policy_for(instansi_id: int) -> EvaluationPolicy:
    policy = EvaluationPolicy.objects.filter(instansi_id=instansi_id).first()
    return policy or EvaluationPolicy(instansi_id=instansi_id)
