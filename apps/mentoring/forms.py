"""Forms of the mentoring app: parsing and Indonesian messages; choices scoped to the user's instansi."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.employees.forms import PegawaiNipField
from apps.mentoring.models import (
    LEVELS,
    RATINGS,
    GoalStatus,
    MenteeReason,
    MentoringGoal,
    MentoringProgram,
    MentoringSession,
    ProjectAssignment,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    class Meta:
        model = MentoringProgram
        fields = [
            "name",
            "kind",
            "start_date",
            "end_date",
            "goal",
            "target_competencies",
            "sessions_per_month",
            "status",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "goal": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, kompetensi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_competencies"].queryset = kompetensi.order_by("kind", "code")
        self.fields["target_competencies"].widget.attrs["size"] = 8
        self.fields["target_competencies"].label_from_instance = lambda k: f"{k.code} {k.name}"


class MentorForm(forms.Form):
    # Pegawai are typed as a NIP: the choices are every active pegawai of the instansi (up to 20,000).
    pegawai = PegawaiNipField(label=_("Pegawai"), help_text=_("NIP calon mentor (18 digit; spasi boleh)."))
    capacity = forms.IntegerField(label=_("Kapasitas (jumlah mentee)"), min_value=1, max_value=20, initial=3)
    strengths = forms.ModelMultipleChoiceField(queryset=None, label=_("Kompetensi unggulan"), required=False)
    strength_level = forms.TypedChoiceField(label=_("Level kompetensi unggulan"), choices=LEVELS, coerce=int, initial=4)
    note = forms.CharField(label=_("Catatan"), required=False, max_length=250)

    def __init__(self, *args, pegawai=None, kompetensi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai
        self.fields["strengths"].queryset = kompetensi.order_by("kind", "code")
        self.fields["strengths"].label_from_instance = lambda k: f"{k.code} {k.name}"
        self.fields["strengths"].widget.attrs["size"] = 8


class MenteeForm(forms.Form):
    pegawai = PegawaiNipField(label=_("Pegawai"), help_text=_("NIP calon mentee (18 digit; spasi boleh)."))
    reason = forms.ChoiceField(label=_("Alasan"), choices=MenteeReason.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=250, help_text=_("Wajib untuk kesenjangan kompetensi.")
    )

    def __init__(self, *args, pegawai=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai


class MatchForm(forms.Form):
    mentor = forms.IntegerField(widget=forms.HiddenInput)
    mentee = forms.IntegerField(widget=forms.HiddenInput)


class ReassignForm(forms.Form):
    # Stays a select: the choices are the mentors of one programme, a handful of people.
    mentor = forms.ModelChoiceField(queryset=None, label=_("Mentor baru"))
    note = forms.CharField(label=_("Alasan pengalihan"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors
        self.fields["mentor"].label_from_instance = lambda m: f"{m.pegawai.name} ({m.active_pairs}/{m.capacity})"


class EndForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(forms.ModelForm):
    class Meta:
        model = MentoringSession
        fields = ["date", "duration_minutes", "topic", "notes", "next_steps"]
        widgets = {
            "date": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Let the service answer 0 or negative with its own message instead of a bare min-value one.
        self.fields["duration_minutes"] = forms.IntegerField(label=_("Durasi (menit)"), max_value=1440)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Penilaian sesi"), choices=[("", "—"), *RATINGS], coerce=int, empty_value=None, required=False
    )
    comment = forms.CharField(label=_("Komentar"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DisputeForm(forms.Form):
    comment = forms.CharField(label=_("Alasan penolakan"), widget=forms.Textarea(attrs={"rows": 2}))


class ProgramRatingForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Penilaian program"), choices=RATINGS, coerce=int)
    feedback = forms.CharField(label=_("Umpan balik"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.ModelForm):
    class Meta:
        model = MentoringGoal
        fields = ["kompetensi", "title", "description", "target_level", "target_date", "idp_goal_ref"]
        widgets = {"target_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, kompetensi=None, idp_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kompetensi"].queryset = kompetensi.order_by("kind", "code")
        self.fields["kompetensi"].label_from_instance = lambda k: f"{k.code} {k.name}"
        if idp_choices:
            self.fields["idp_goal_ref"] = forms.ChoiceField(
                label=_("Sasaran IDP terkait"), choices=[("", "—"), *idp_choices], required=False
            )
        else:
            del self.fields["idp_goal_ref"]


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices)


class ProjectForm(forms.ModelForm):
    # Typed as NIPs: for an admin the pegawai, and for everyone the supervisor, can be any active
    # pegawai of the instansi (up to 20,000); an atasan may only pick their direct reports.
    pegawai = PegawaiNipField(
        label=_("Pegawai"), help_text=_("NIP pegawai yang ditugasi; atasan hanya dapat memilih bawahan langsungnya.")
    )
    supervisor = PegawaiNipField(
        label=_("Pembimbing/penilai"), help_text=_("NIP pembimbing/penilai dari instansi Anda (18 digit; spasi boleh).")
    )

    class Meta:
        model = ProjectAssignment
        fields = [
            "pegawai",
            "kind",
            "title",
            "objectives",
            "competencies",
            "supervisor",
            "start_date",
            "end_date",
            "deliverables",
            "related_activity",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "objectives": forms.Textarea(attrs={"rows": 3}),
            "deliverables": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, pegawai=None, supervisors=None, kompetensi=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pegawai"].queryset = pegawai
        self.fields["supervisor"].queryset = supervisors
        if self.instance.pk:
            # model_to_dict gives primary keys; the NIP fields show the pegawai's formatted NIP.
            self.initial["pegawai"] = self.instance.pegawai
            self.initial["supervisor"] = self.instance.supervisor
        self.fields["competencies"].queryset = kompetensi.order_by("kind", "code")
        self.fields["competencies"].label_from_instance = lambda k: f"{k.code} {k.name}"
        self.fields["competencies"].widget.attrs["size"] = 8


class ReportForm(forms.Form):
    progress_percent = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    summary = forms.CharField(label=_("Ringkasan kemajuan"), widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Berkas hasil"), required=False)

    MAX_BYTES = 10 * 1024 * 1024
    ALLOWED = (".pdf", ".docx", ".xlsx", ".pptx", ".jpg", ".jpeg", ".png", ".zip", ".odt", ".ods")

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f:
            if f.size > self.MAX_BYTES:
                raise forms.ValidationError(_("Berkas terlalu besar (maks. 10 MB)."))
            if not f.name.lower().endswith(self.ALLOWED):
                raise forms.ValidationError(_("Jenis berkas tidak didukung (PDF, dokumen Office, gambar, ZIP)."))
        return f


class ActionForm(forms.Form):
    note = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AssessForm(forms.Form):
    outcome_rating = forms.TypedChoiceField(label=_("Nilai hasil proyek"), choices=RATINGS, coerce=int)
    outcome_note = forms.CharField(label=_("Catatan penilaian"), widget=forms.Textarea(attrs={"rows": 3}))
    update_assessment = forms.BooleanField(
        label=_("Perbarui penilaian kompetensi pegawai dengan bukti ini (penilaian atasan)"), required=False
    )

    def __init__(self, *args, competencies=(), can_update_assessment=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_update_assessment:
            del self.fields["update_assessment"]
        self.competencies = list(competencies)
        for k in self.competencies:
            self.fields[f"level_{k.pk}"] = forms.TypedChoiceField(
                label=_("Level teramati: %(code)s %(name)s") % {"code": k.code, "name": k.name},
                choices=[("", "—"), *LEVELS],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{k.pk}"] = forms.CharField(
                label=_("Bukti %(code)s") % {"code": k.code}, required=False, max_length=500
            )

    def evidence(self) -> list[tuple]:
        rows = []
        for k in self.competencies:
            level = self.cleaned_data.get(f"level_{k.pk}")
            if level:
                rows.append((k, level, self.cleaned_data.get(f"note_{k.pk}", "")))
        return rows
