"""Load KL's FFB code system shipped in data/standards/ and the default dimension of each condition."""

from django.db import migrations


def load(apps, schema_editor):
    from sporbar.ffb import codes

    Concept = apps.get_model("ffb", "Concept")
    codes.load_code_system(concept_model=Concept, system_model=apps.get_model("ffb", "CodeSystem"))
    codes.load_default_dimensions(concept_model=Concept, mapping_model=apps.get_model("ffb", "DimensionMapping"))


class Migration(migrations.Migration):
    dependencies = [("ffb", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
