import datetime
from decimal import Decimal

from django import template
from django.utils.formats import date_format

from apps.reports.svg import fmt

register = template.Library()


@register.filter
def cell(value, kind=""):
    """A table cell in Indonesian format: 1.234,56; 75,00%; 23 November 2026."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        return date_format(value, "j F Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, Decimal | float) or (isinstance(value, int) and not isinstance(value, bool)):
        if kind == "pct":
            return fmt(Decimal(str(value)) * 100) + "%"
        if isinstance(value, int):
            return fmt(value, 0)
        places = {"0.00": 2, "0.0000": 4, "0": 0}.get(kind, 2)
        return fmt(value, places)
    return value


@register.filter
def fmt_of(table, index):
    return table.formats.get(index, "")


@register.filter
def is_number(value):
    return isinstance(value, Decimal | float | int) and not isinstance(value, bool)
