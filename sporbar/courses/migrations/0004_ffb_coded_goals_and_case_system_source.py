"""Goals address an FFB condition from KL's code system instead of a free-text theme; courses, goals
and assessments from a case system carry their source. Functional levels are FFB's.

Existing free-text themes that name an FFB condition (case and spaces ignored) become that condition;
other themes are kept at the end of the goal's text, so nothing the worker wrote is lost."""

import django.db.models.deletion
from django.db import migrations, models


def themes_to_conditions(apps, schema_editor):
    Goal = apps.get_model("courses", "Goal")
    Concept = apps.get_model("ffb", "Concept")
    Mapping = apps.get_model("ffb", "DimensionMapping")
    by_name = {" ".join(c.display.lower().split()): c for c in Concept.objects.filter(kind="tilstand")}
    dimensions = dict(Mapping.objects.values_list("condition_id", "dimension"))
    for goal in Goal.objects.exclude(ffb_theme=""):
        condition = by_name.get(" ".join(goal.ffb_theme.lower().split()))
        if condition is not None:
            goal.condition = condition
            goal.dimension = dimensions.get(condition.id, goal.dimension)
        else:
            goal.text = f"{goal.text} [FFB-tema: {goal.ffb_theme}]"[:1000]
        goal.save()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0003_goal_in_citizens_words"),
        ("ffb", "0002_load_code_system"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="source",
            field=models.CharField(blank=True, max_length=80, verbose_name="kilde"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="source_ref",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="course",
            name="source",
            field=models.CharField(blank=True, max_length=80, verbose_name="kilde"),
        ),
        migrations.AddField(
            model_name="course",
            name="source_ref",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="goal",
            name="condition",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "tilstand"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="goals",
                to="ffb.concept",
                verbose_name="FFB-tilstand",
            ),
        ),
        migrations.AddField(
            model_name="goal",
            name="source",
            field=models.CharField(blank=True, max_length=80, verbose_name="kilde"),
        ),
        migrations.AddField(
            model_name="goal",
            name="source_ref",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="goal",
            name="target_level",
            field=models.PositiveSmallIntegerField(
                blank=True,
                choices=[
                    (0, "ingen nedsat funktionsevne"),
                    (1, "let nedsat funktionsevne"),
                    (2, "moderat nedsat funktionsevne"),
                    (3, "svært nedsat funktionsevne"),
                    (4, "fuldstændig nedsat funktionsevne"),
                ],
                null=True,
                verbose_name="forventet funktionsevneniveau",
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="level",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (0, "ingen nedsat funktionsevne"),
                    (1, "let nedsat funktionsevne"),
                    (2, "moderat nedsat funktionsevne"),
                    (3, "svært nedsat funktionsevne"),
                    (4, "fuldstændig nedsat funktionsevne"),
                ],
                verbose_name="funktionsniveau",
            ),
        ),
        migrations.AlterField(
            model_name="goal",
            name="goal_type",
            field=models.CharField(
                choices=[
                    ("udvikle", "udvikle funktionsevne"),
                    ("fastholde", "fastholde funktionsevne"),
                    ("begraense", "begrænse tab af funktionsevne"),
                ],
                max_length=20,
                verbose_name="måltype",
            ),
        ),
        migrations.RunPython(themes_to_conditions, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name="goal",
            name="ffb_theme",
        ),
    ]
