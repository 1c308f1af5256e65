"""The default retention rules of DOMAIN.md; the functional administrator edits them."""

from django.db import migrations

BASIS = "Standaard Schakel (DOMAIN.md); vaststellen per gemeente volgens Selectielijst gemeenten / WGS-besluit"
DEFAULTS = [
    # (condition, months, action, active)
    ("unfounded", 12, "anonymise", True),
    ("insufficient_information", 12, "anonymise", True),
    ("duplicate", 12, "delete", True),
    ("handled", 60, "anonymise", True),
    # An open signal is unfinished work: switched off until the municipality decides.
    ("open_inactive", 24, "anonymise", False),
]


def seed(apps, schema_editor):  # type: ignore[no-untyped-def]
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for condition, months, action, active in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_type="signal",
            condition=condition,
            municipality=None,
            defaults={"period_months": months, "action": action, "is_active": active, "basis": BASIS},
        )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
