from django.db import migrations


class Migration(migrations.Migration):
    # Renamed posts' old slugs now live in addresses.OldAddress (copied by its migration 0002).
    dependencies = [
        ("posts", "0004_roles_and_revisions"),
    ]

    operations = [
        migrations.DeleteModel(name="RetiredSlug"),
    ]
