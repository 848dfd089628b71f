"""Facilitators were made staff, for an admin that is now for superusers alone
(accounts/admin.py): nobody but a superuser stays staff."""

from django.conf import settings
from django.db import migrations


def facilitators_not_staff(apps, schema_editor):
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    user_model.objects.filter(is_staff=True, is_superuser=False).update(is_staff=False)


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(facilitators_not_staff, migrations.RunPython.noop)]
