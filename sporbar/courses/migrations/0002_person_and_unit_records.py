"""One record per unit and person: citizens get the unit that registered them and a link to
the Person that holds the CPR hash once. Citizens with courses in several units are split
into one record per unit (same pseudonym, initials and birth year, linked to one person), and
the change log keeps which fields of a person's data changed, never the values."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PERSON_MODELS = [
    "courses.Person",
    "courses.Citizen",
    "courses.Consent",
    "courses.Course",
    "courses.Goal",
    "courses.Assessment",
    "courses.EmploymentStatus",
]
HIDDEN = "[skjult]"


def split_citizens_by_unit(apps, schema_editor):
    from django.db.models import Count, OuterRef, Subquery

    Citizen = apps.get_model("courses", "Citizen")
    Course = apps.get_model("courses", "Course")
    Person = apps.get_model("courses", "Person")
    hashes = Citizen.objects.exclude(cpr_hash__isnull=True).exclude(cpr_hash="").values_list("cpr_hash", flat=True)
    Person.objects.bulk_create([Person(cpr_hash=h) for h in set(hashes)], batch_size=1000)
    Citizen.objects.exclude(cpr_hash__isnull=True).exclude(cpr_hash="").update(
        person=Subquery(Person.objects.filter(cpr_hash=OuterRef("cpr_hash")).values("id")[:1])
    )
    first_unit = Course.objects.filter(citizen=OuterRef("pk")).order_by("start_date", "id").values("unit_id")[:1]
    Citizen.objects.update(unit=Subquery(first_unit))
    # Citizens with courses in several units: one record per unit, linked to the same person.
    several = Course.objects.values("citizen_id").annotate(units=Count("unit_id", distinct=True)).filter(units__gt=1)
    for citizen in Citizen.objects.filter(id__in=several.values("citizen_id")).iterator():
        other_units = Course.objects.filter(citizen=citizen).exclude(unit_id=citizen.unit_id).values_list("unit_id", flat=True)
        for unit_id in sorted(set(other_units)):
            copy = Citizen.objects.create(
                pseudonym=citizen.pseudonym,
                initials=citizen.initials,
                birth_year=citizen.birth_year,
                unit_id=unit_id,
                person_id=citizen.person_id,
                is_synthetic=citizen.is_synthetic,
                erased_at=citizen.erased_at,
            )
            Course.objects.filter(citizen=citizen, unit_id=unit_id).update(citizen=copy)


def hide_person_values_in_change_log(apps, schema_editor):
    AuditEntry = apps.get_model("accounts", "AuditEntry")
    for entry in AuditEntry.objects.filter(model__in=PERSON_MODELS).iterator():
        for side in ("before", "after"):
            values = getattr(entry, side)
            if isinstance(values, dict):
                setattr(entry, side, {key: HIDDEN for key in values})
        entry.object_repr = f"{entry.model.split('.')[-1]} {entry.object_id}"
        entry.save(update_fields=["before", "after", "object_repr"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('courses', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Person',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cpr_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'verbose_name': 'person',
                'verbose_name_plural': 'personer',
            },
        ),
        migrations.CreateModel(
            name='Consent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('given_on', models.DateField(verbose_name='samtykke givet')),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='samtykke trukket tilbage')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_in', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.unit')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to='courses.person')),
            ],
            options={
                'verbose_name': 'samtykke til Én plan',
                'verbose_name_plural': 'samtykker til Én plan',
                'ordering': ['-given_on', '-id'],
            },
        ),
        migrations.AddField(
            model_name='citizen',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='citizens', to='accounts.unit', verbose_name='enhed'),
        ),
        migrations.AddField(
            model_name='citizen',
            name='person',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='citizens', to='courses.person'),
        ),
        migrations.AlterField(
            model_name='citizen',
            name='pseudonym',
            field=models.CharField(max_length=40, verbose_name='pseudonym'),
        ),
        migrations.RunPython(split_citizens_by_unit, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='citizen',
            name='cpr_hash',
        ),
        migrations.AddConstraint(
            model_name='citizen',
            constraint=models.UniqueConstraint(fields=('unit', 'pseudonym'), name='unique_pseudonym_per_unit'),
        ),
        migrations.RunPython(hide_person_values_in_change_log, migrations.RunPython.noop),
    ]
