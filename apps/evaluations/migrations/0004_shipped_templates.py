"""Ship the ready questionnaire templates: L1, L2 question bank, L3 alumni/atasan, SKM (U1–U9), mentoring."""

from django.db import migrations


def seed(apps, schema_editor):
    from apps.evaluations.shipped import TEMPLATES

    Template = apps.get_model("evaluations", "QuestionnaireTemplate")
    Question = apps.get_model("evaluations", "Question")
    for code, name, level, anonymous, description, questions in TEMPLATES:
        template, _created = Template.objects.update_or_create(
            instansi=None,
            code=code,
            defaults={"name": name, "level": level, "anonymous": anonymous, "description": description},
        )
        for order, q in enumerate(questions, start=1):
            Question.objects.update_or_create(template=template, code=q["code"], defaults={**q, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("evaluations", "QuestionnaireTemplate").objects.filter(instansi=None).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0003_questionnaires")]
    operations = [migrations.RunPython(seed, unseed)]
