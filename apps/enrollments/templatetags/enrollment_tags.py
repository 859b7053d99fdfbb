from django import template

from apps.enrollments.models import EnrollmentStatus
from apps.enrollments.pdf import format_code
from apps.enrollments.workflow import ACTION_LABELS

register = template.Library()
STATUS_LABELS = dict(EnrollmentStatus.choices)


@register.filter
def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.filter
def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@register.filter
def code_groups(code: str) -> str:
    return format_code(code or "")
