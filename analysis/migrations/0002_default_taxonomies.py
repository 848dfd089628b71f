from django.db import migrations


def install(apps, schema_editor):
    from analysis.defaults import install_defaults

    install_defaults(apps.get_model("analysis", "Taxonomy"), apps.get_model("analysis", "Category"))


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
