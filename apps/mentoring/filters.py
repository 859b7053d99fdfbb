import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import BootstrapFilterSet
from apps.mentoring.models import (
    MentoringProgram,
    ProgramKind,
    ProgramStatus,
    ProjectAssignment,
    ProjectKind,
    ProjectStatus,
)


class ProgramFilter(BootstrapFilterSet):
    name = django_filters.CharFilter(lookup_expr="icontains", label=_("Cari nama program"))
    kind = django_filters.ChoiceFilter(choices=ProgramKind.choices, label=_("Jenis"))
    status = django_filters.ChoiceFilter(choices=ProgramStatus.choices, label=_("Status"))

    class Meta:
        model = MentoringProgram
        fields = ["name", "kind", "status"]


class ProjectFilter(BootstrapFilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label=_("Cari judul"))
    kind = django_filters.ChoiceFilter(choices=ProjectKind.choices, label=_("Jenis"))
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))

    class Meta:
        model = ProjectAssignment
        fields = ["title", "kind", "status"]
