"""Display helpers shared by every template."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

from apps.core.workflow import describe_event

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """12500000 → 'Rp 12.500.000' (whole Rupiah, Indonesian thousands separator)."""
    if value in (None, ""):
        return "—"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


def one_decimal(value) -> str:
    """The one rounding of every percentage on the site: at most one decimal, half up, in the active
    language's number format (90.9100000 → '90,9'; 75.0 → '75')."""
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return number_format(int(number))
    return number_format(number, decimal_pos=1)


@register.filter
def percent_number(value) -> str:
    """A percentage without its sign, for text that writes the sign itself ('{{ rate }}%' in a sentence)."""
    if value in (None, ""):
        return "—"
    return one_decimal(value)


@register.filter
def percent(value) -> str:
    """'90,9%'; '—' when there is no value."""
    if value in (None, ""):
        return "—"
    return f"{one_decimal(value)}%"


@register.filter
def translated(value) -> str:
    """A label stored as data (national reference rows seeded in Indonesian) in the active language;
    a label an instansi typed itself has no translation and stays as it is."""
    if value in (None, ""):
        return value
    return gettext(str(value))


@register.filter
def transition(event) -> str:
    """A status-history row in words: 'Diajukan (Draf → Diajukan)' (labels from its state machine)."""
    return describe_event(event)


@register.filter
def pct(value) -> str:
    """CSS class for a progress bar's width (0–100 %), since the CSP allows no inline style."""
    try:
        number = round(float(value))
    except (TypeError, ValueError):
        number = 0
    return f"pct-{min(max(number, 0), 100)}"


@register.filter
def depth_class(value) -> str:
    """CSS class for a tree row's indent by depth (deeper than 9 shares the deepest indent)."""
    try:
        depth = int(value)
    except (TypeError, ValueError):
        depth = 0
    return f"depth-{min(max(depth, 0), 9)}"
