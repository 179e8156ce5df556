import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("posts", "0004_roles_and_revisions"),
    ]

    operations = [
        migrations.CreateModel(
            name="OldAddress",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("path", models.CharField(help_text='The old path, decoded, such as "/posts/old-slug/", "/2023/05/old-slug/" or "/?p=123".', max_length=500, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("post", models.ForeignKey(blank=True, help_text="Left empty, the address answers 410 Gone: the page was removed on purpose.", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="old_addresses", to="posts.post")),
            ],
            options={
                "verbose_name_plural": "old addresses",
                "ordering": ["path"],
            },
        ),
    ]
