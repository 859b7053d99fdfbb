"""Evaluation pages: questionnaire builder (BKPSDM), answering (pegawai, atasan), the public SKM page."""

import hashlib
from functools import partial

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apps.catalog.selectors import angkatan_choices_for
from apps.core.decorators import roles_required
from apps.core.forms import form_status, save_or_error
from apps.core.links import absolute_url
from apps.core.pagination import paginate
from apps.core.roles import ADMINS
from apps.evaluations import selectors, services, sources
from apps.evaluations.access import get_invitation_for_user, get_question_to_edit, get_questionnaire_for_user
from apps.evaluations.filters import QuestionnaireFilter
from apps.evaluations.forms import AnswerForm, QuestionEditForm, QuestionForm, QuestionnaireForm, SkmProfileForm
from apps.evaluations.models import Level, Phase, QuestionnaireStatus
from apps.evaluations.services import EvaluationError
from apps.organizations.selectors import as_unit_choices, units_visible_to

SKM_COOKIE_DAYS = 30
SKM_IP_LIMIT = 20  # answers per hour per IP address for one survey (a kiosk serves many citizens)


INCOMPLETE_TEST_NOTE = gettext_lazy(
    "Soal tes disusun dari modul dan kompetensi sasaran program angkatan ini. Ubah setiap soal bertanda "
    '"perlu dilengkapi": tulis pertanyaannya, pilihan jawaban dan kunci jawaban. Tes baru dapat dibuka '
    "setelah semua soal lengkap."
)


@roles_required(*ADMINS)
def questionnaire_list(request):
    base = selectors.questionnaires_visible_to(request.user)
    filterset = QuestionnaireFilter(request.GET, queryset=base, request=request)
    page = paginate(request, selectors.questionnaire_list_rows(filterset.qs))
    return render(request, "evaluations/questionnaire_list.html", {"filter": filterset, "page_obj": page})


def _questionnaire_form(request, data=None):

    instansi_id = request.user.instansi_id
    return QuestionnaireForm(
        data,
        templates=selectors.templates_visible_to(request.user),
        angkatan=angkatan_choices_for(request.user),
        units=as_unit_choices(units_visible_to(request.user)),
        mentoring=sources.mentoring_programs(instansi_id) if instansi_id else [],
    )


@roles_required(*ADMINS)
def questionnaire_create(request):
    if request.user.instansi_id is None:
        messages.warning(request, _("Pilih instansi terlebih dahulu untuk membuat kuesioner."))
        return redirect("evaluations:list")
    form = _questionnaire_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if done := save_or_error(
            form,
            lambda: services.questionnaire_create(actor=request.user, instansi_id=request.user.instansi_id, **data),
        ):
            questionnaire = done.value
            messages.success(request, _("Kuesioner dibuat dari templat. Periksa pertanyaannya lalu buka untuk diisi."))
            if selectors.incomplete_test_questions(questionnaire):
                messages.warning(request, INCOMPLETE_TEST_NOTE)
            return redirect("evaluations:detail", pk=questionnaire.pk)
    status = form_status(form)
    return render(request, "evaluations/questionnaire_form.html", {"form": form}, status=status)


@roles_required(*ADMINS)
def questionnaire_detail(request, pk, question_form=None, status=200):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    items = selectors.items_of(questionnaire)
    invited = questionnaire.invitations.count()
    responses = questionnaire.responses.count()
    public_url = (
        absolute_url(reverse("skm_public", args=[questionnaire.public_token])) if questionnaire.public_token else ""
    )
    return render(
        request,
        "evaluations/questionnaire_detail.html",
        {
            "q": questionnaire,
            "questions": selectors.questions_of(questionnaire),
            "incomplete_ids": {question.pk for question in selectors.incomplete_test_questions(questionnaire)},
            "incomplete_note": INCOMPLETE_TEST_NOTE,
            "item_count": len(items),
            "question_form": question_form or QuestionForm(),
            "invited": invited,
            "responses": responses,
            "public_url": public_url,
        },
        status=status,
    )


@require_POST
@roles_required(*ADMINS)
def question_add(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        add = partial(services.question_add, actor=request.user, questionnaire=questionnaire)
        fields = ("code", "text", "kind", "scope", "section", "correct", "points", "required")
        if save_or_error(
            form,
            lambda: add(choices=data["choices_text"], **{k: data[k] for k in fields}),
            aliases={"choices": "choices_text"},
        ):
            messages.success(request, _("Pertanyaan ditambahkan."))
            return redirect("evaluations:detail", pk=pk)
    return questionnaire_detail(request, pk, question_form=form, status=422)


@roles_required(*ADMINS)
def question_edit(request, pk, question_pk):
    questionnaire, question = get_question_to_edit(request.user, pk, question_pk)
    form = QuestionEditForm(request.POST or None, question=question)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = ("text", "kind", "scope", "section", "correct", "points", "required")
        if save_or_error(
            form,
            lambda: services.question_update(
                actor=request.user,
                question=question,
                choices=data["choices_text"],
                **{k: data[k] for k in fields},
            ),
            aliases={"choices": "choices_text"},
        ):
            messages.success(request, _("Pertanyaan diperbarui."))
            return redirect("evaluations:detail", pk=pk)
    ctx = {"q": questionnaire, "question": question, "form": form}
    return render(request, "evaluations/question_form.html", ctx, status=form_status(form))


@require_POST
@roles_required(*ADMINS)
def question_delete(request, pk, question_pk):
    _questionnaire, question = get_question_to_edit(request.user, pk, question_pk)
    try:
        services.question_delete(actor=request.user, question=question)
    except EvaluationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Pertanyaan dihapus."))
    return redirect("evaluations:detail", pk=pk)


@require_POST
@roles_required(*ADMINS)
def questionnaire_status(request, pk, action):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    try:
        if action == "buka":
            services.questionnaire_open(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Kuesioner dibuka; undangan dikirim ke peserta."))
        elif action == "tutup":
            services.questionnaire_close(actor=request.user, questionnaire=questionnaire)
            messages.success(request, _("Kuesioner ditutup."))
        else:
            raise Http404
    except EvaluationError as exc:
        messages.error(request, exc.message)
    return redirect("evaluations:detail", pk=pk)


@roles_required(*ADMINS)
def skm_qr(request, pk):
    questionnaire = get_questionnaire_for_user(request.user, pk)
    if not questionnaire.public_token:
        raise Http404
    url = absolute_url(reverse("skm_public", args=[questionnaire.public_token]))
    qr = segno.make(url, error="m")
    response = HttpResponse(qr.svg_inline(scale=8, border=2), content_type="image/svg+xml")
    response["Content-Disposition"] = 'inline; filename="skm-qr.svg"'
    return response


# --------------------------------------------------------------------------- respondents


def my_surveys(request):
    own, team = services.pending_split(request.user)
    scores = selectors.my_test_scores(request.user)[:20]
    return render(request, "evaluations/my_surveys.html", {"pending": own, "team": team, "scores": scores})


def _thanks(request, response) -> None:
    """A test shows its score at once (the pegawai should not wait for the batch's results)."""
    if response.score is None:
        messages.success(request, _("Terima kasih, jawaban Anda tersimpan."))
        return
    q = response.questionnaire
    # A post-test's pass mark is the one kelulusan uses (the programme's completion rule), not the test's own.
    pass_mark = sources.passing_score_of(q.angkatan) if q.phase == Phase.POST and q.angkatan_id else q.pass_score
    values = {"score": floatformat(response.score, -2), "pass": pass_mark}
    if pass_mark is None:
        messages.success(request, _("Jawaban Anda tersimpan. Nilai Anda: %(score)s.") % values)
        return
    messages.success(request, _("Jawaban Anda tersimpan. Nilai Anda: %(score)s (batas lulus %(pass)s).") % values)


def answer(request, pk):
    invitation = get_invitation_for_user(request.user, pk)
    questionnaire = invitation.questionnaire
    if invitation.pk in services.answered_invitation_ids([invitation]):
        messages.info(request, _("Anda sudah mengisi kuesioner ini. Terima kasih."))
        return redirect("evaluations:mine")
    items = selectors.items_of(questionnaire)
    form = AnswerForm(request.POST or None, items=items)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            done := save_or_error(
                form,
                lambda: services.response_submit(
                    questionnaire=questionnaire, invitation=invitation, values=form.cleaned_data, actor=request.user
                ),
            )
        )
    ):
        _thanks(request, done.value)
        return redirect("evaluations:mine")
    status = form_status(form)
    return render(
        request,
        "evaluations/answer.html",
        {"invitation": invitation, "q": questionnaire, "form": form},
        status=status,
    )


def _client_ip_hash(request) -> str:
    ip = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


@login_not_required
def skm_public(request, token):
    """The citizen's SKM page: no login, no personal data. Ballot stuffing is limited by a signed
    per-device cookie and a per-IP hourly cap kept only in the cache (nothing about the device or
    address is stored with the answers)."""
    questionnaire = selectors.questionnaire_by_token(token)
    if questionnaire is None:
        raise Http404
    cookie_name = f"skm_{questionnaire.pk}"
    already = request.get_signed_cookie(cookie_name, default=None, salt="skm") is not None
    closed = questionnaire.status != QuestionnaireStatus.OPEN or (
        questionnaire.closes_on is not None and questionnaire.closes_on < timezone.localdate()
    )
    form = AnswerForm(request.POST or None, items=selectors.items_of(questionnaire))
    profile = SkmProfileForm(request.POST or None)
    ctx = {"q": questionnaire, "form": form, "profile": profile, "already": already, "closed": closed}
    if request.method != "POST":
        return render(request, "evaluations/skm_public.html", ctx)
    if closed:
        return render(request, "evaluations/skm_public.html", ctx, status=422)
    if already:
        messages.info(request, _("Perangkat ini sudah mengisi survei ini. Terima kasih."))
        return render(request, "evaluations/skm_public.html", ctx, status=422)
    if _skm_rate_limited(request, questionnaire):
        ctx["rate_limited"] = True
        return render(request, "evaluations/skm_public.html", ctx, status=429)
    return _skm_submit(request, questionnaire, ctx, cookie_name) or render(
        request, "evaluations/skm_public.html", ctx, status=422
    )


def _skm_rate_limited(request, questionnaire) -> bool:
    ip_key = f"skm:ip:{questionnaire.pk}:{_client_ip_hash(request)}"
    cache.add(ip_key, 0, timeout=3600)
    return cache.incr(ip_key) > SKM_IP_LIMIT


def _skm_submit(request, questionnaire, ctx, cookie_name):
    """The redirect to the thanks page once the answers are saved (or the honeypot was filled), else None."""
    form, profile, token = ctx["form"], ctx["profile"], questionnaire.public_token
    if not (form.is_valid() and profile.is_valid()):
        return None
    if profile.cleaned_data.get("website"):  # honeypot filled: pretend success, save nothing
        return redirect("skm_thanks", token=token)
    data = {k: v for k, v in profile.cleaned_data.items() if k != "website" and v}
    if not save_or_error(
        form, lambda: services.response_submit(questionnaire=questionnaire, values=form.cleaned_data, profile=data)
    ):
        return None
    response = redirect("skm_thanks", token=token)
    response.set_signed_cookie(
        cookie_name, "1", salt="skm", max_age=SKM_COOKIE_DAYS * 86400, httponly=True, samesite="Lax"
    )
    return response


@login_not_required
def skm_thanks(request, token):
    questionnaire = selectors.questionnaire_by_token(token)
    if questionnaire is None:
        raise Http404
    return render(request, "evaluations/skm_thanks.html", {"q": questionnaire})


LEVELS_WITH_TARGET = {Level.SKM: "unit_kerja", Level.MENTORING: "mentoring_program_id"}
