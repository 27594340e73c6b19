from django.conf import settings
from django.db import migrations


def create_locales(apps, schema_editor):
    """Every content language gets a Locale, so content can be translated from day one."""
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
