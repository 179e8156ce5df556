from django.db import migrations


def let_editors_read_votes(apps, schema_editor):
    # Permissions are normally created after all migrations run; the role needs this one now.
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("feedback")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_vote = Permission.objects.get(content_type__app_label="feedback", codename="view_vote")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(view_vote)


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0001_initial"),
        ("posts", "0004_roles_and_revisions"),
    ]

    operations = [migrations.RunPython(let_editors_read_votes, migrations.RunPython.noop)]
