"""Brings the two earlier tables of old addresses into one: posts' retired slugs (as their paths)
and the WordPress import's legacy URLs. Runs before the migrations that drop those tables."""

from django.db import migrations
from django.urls import reverse


def copy_old_addresses(apps, schema_editor):
    OldAddress = apps.get_model("addresses", "OldAddress")
    RetiredSlug = apps.get_model("posts", "RetiredSlug")
    LegacyURL = apps.get_model("wordpress", "LegacyURL")
    rows = {}
    for retired in RetiredSlug.objects.all():
        path = reverse("posts:detail", kwargs={"slug": retired.slug})
        rows[path] = OldAddress(path=path, post_id=retired.post_id)
    for legacy in LegacyURL.objects.all():
        rows.setdefault(legacy.path, OldAddress(path=legacy.path, post_id=legacy.post_id))
    OldAddress.objects.bulk_create(rows.values(), batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("addresses", "0001_initial"),
        ("posts", "0004_roles_and_revisions"),
        ("wordpress", "0001_initial"),
    ]
    # Declared here, so posts and wordpress never depend on this app.
    run_before = [
        ("posts", "0005_delete_retiredslug"),
        ("wordpress", "0002_delete_legacyurl"),
    ]

    operations = [migrations.RunPython(copy_old_addresses, migrations.RunPython.noop)]
