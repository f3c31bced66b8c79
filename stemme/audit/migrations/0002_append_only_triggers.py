"""Make the event log and the access log append-only in the database itself.

The application's own database user cannot UPDATE, DELETE (or, on PostgreSQL, TRUNCATE) rows in
these tables: a trigger aborts the statement. See stemme/audit/append_only.py.
"""

from django.db import migrations

from stemme.audit import append_only


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(append_only.install, append_only.remove)]
