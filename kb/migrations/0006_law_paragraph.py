from django.db import migrations


def rename_in_revisions(apps, schema_editor, old: str = "section", new: str = "paragraph"):
    """Revisions keep the page's fields by name: a draft must not lose its paragraph."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    law = ContentType.objects.filter(app_label="kb", model="legalprovisionpage").first()
    if law is None:
        return
    for revision in Revision.objects.filter(content_type=law).iterator():
        if old in revision.content:
            revision.content[new] = revision.content.pop(old)
            revision.save(update_fields=["content"])


def rename_back(apps, schema_editor):
    rename_in_revisions(apps, schema_editor, old="paragraph", new="section")


class Migration(migrations.Migration):
    """The law's paragraph is called what it is; «section» means an area of the site."""

    dependencies = [
        ("kb", "0005_links_to_any_item"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RenameField(
            model_name="legalprovisionpage", old_name="section", new_name="paragraph"
        ),
        migrations.RunPython(rename_in_revisions, rename_back),
    ]
