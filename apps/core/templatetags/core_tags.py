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
