from django.db import migrations


class Migration(migrations.Migration):
    # Imported addresses now live in addresses.OldAddress (copied by its migration 0002).
    dependencies = [
        ("wordpress", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="LegacyURL"),
    ]
