from django.db import migrations

from schakel.privacy.defaults import seed_default_rules


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    seed_default_rules(apps.get_model("privacy", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_seed_retention_rules"), ("cases", "0001_initial"), ("care", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
