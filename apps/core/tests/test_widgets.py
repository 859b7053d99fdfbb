from django import forms

from apps.core.widgets import FastSelect, use_fast_selects

CHOICES = [("", "Semua"), ("PNS", [("III/a", "III/a — Penata Muda"), ("III/b", "III/b <b>")]), ("1", 'Unit "A" & B')]


def test_fast_select_renders_the_same_markup_as_django_select():
    attrs = {"class": "form-select", "id": "id_g", "required": True}
    slow = forms.Select(choices=CHOICES, attrs=attrs).render("g", "III/b")
    fast = FastSelect(choices=CHOICES, attrs=attrs).render("g", "III/b")
    squash = lambda html: "".join(line.strip() for line in html.splitlines())  # noqa: E731
    assert squash(fast) == squash(slow)
    assert "<b>" not in fast and "&lt;b&gt;" in fast


def test_use_fast_selects_swaps_only_plain_selects():
    class F(forms.Form):
        g = forms.ChoiceField(choices=CHOICES)
        many = forms.MultipleChoiceField(choices=[("a", "a")])
        flag = forms.NullBooleanField()

    form = F()
    use_fast_selects(form.fields)
    assert isinstance(form.fields["g"].widget, FastSelect)
    assert not isinstance(form.fields["many"].widget, FastSelect)
    assert not isinstance(form.fields["flag"].widget, FastSelect)
    assert 'value="III/a"' in str(form["g"])
