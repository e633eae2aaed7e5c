"""API tokens moved to django-rest-knox, which stores only a hash of each token. The old
tokens were stored in clear text by rest_framework.authtoken: drop their table, so that no
readable key is left in the database (issue new ones with `sporbar token USERNAME`)."""

from django.db import migrations


def drop_clear_text_tokens(apps, schema_editor):
    if "authtoken_token" in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name('authtoken_token')}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(drop_clear_text_tokens, migrations.RunPython.noop)]
