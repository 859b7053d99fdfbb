from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """{{ labels|lookup:code }} — a dict value by a variable key ('' when absent)."""
    if not mapping or key is None:
        return ""
    return mapping.get(key, "")


@register.filter
def gap_class(pair):
    """CSS class of an (actual, required) cell: below, meets, missing."""
    if not pair:
        return "text-body-secondary"
    actual, required = pair
    if actual is None:
        return "table-secondary"
    return "table-danger" if actual < required else "table-success"
