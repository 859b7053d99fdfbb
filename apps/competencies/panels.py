"""Home-page panel of the competencies app: how many jabatan still lack an SKJ."""

from apps.competencies.selectors import skj_coverage


def skj_panel(request):
    if request.user.instansi_id is None:
        return None
    return skj_coverage(request.user.instansi_id)
