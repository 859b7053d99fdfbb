from django import template

from apps.enrollments.pdf import format_code
from apps.enrollments.workflow import MACHINE

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    return MACHINE.action_label(action)


@register.filter
def status_label(status: str) -> str:
    return MACHINE.status_label(status)


@register.filter
def code_groups(code: str) -> str:
    return format_code(code or "")
