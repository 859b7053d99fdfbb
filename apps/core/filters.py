import django_filters
from django import forms


class BootstrapFilterSet(django_filters.FilterSet):
    """FilterSet whose widgets carry Bootstrap classes, so every filter form looks the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.NullBooleanSelect):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
