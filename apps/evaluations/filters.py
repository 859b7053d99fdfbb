import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import BootstrapFilterSet
from apps.evaluations.models import Level, Questionnaire, QuestionnaireStatus


class QuestionnaireFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Cari judul"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    status = django_filters.ChoiceFilter(choices=QuestionnaireStatus.choices, label=_("Status"))

    class Meta:
        model = Questionnaire
        fields = ["q", "level", "status"]
