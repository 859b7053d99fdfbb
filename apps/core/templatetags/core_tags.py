"""Display helpers shared by every template."""

from django import template

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """12500000 → 'Rp 12.500.000' (whole Rupiah, Indonesian thousands separator)."""
    if value in (None, ""):
        return "—"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {abs(amount):,}".replace(",", ".")


@register.filter
def percent(value, digits: int = 0) -> str:
    if value in (None, ""):
        return "—"
    return f"{float(value):.{int(digits)}f}".replace(".", ",") + " %"


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
