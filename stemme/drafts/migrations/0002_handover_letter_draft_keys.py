"""The handover page's letter form used to post to the page itself with action=letter_send, so
its drafts were keyed "<page>#letter_send". Since the page has one address per action it posts
to "<page>send-brev/"; rewrite the old keys so a letter typed before the change is offered again
on the page (nothing typed is lost to a change of address)."""

import re

from django.db import migrations

OLD = re.compile(r"^(?P<page>.*/overdragelse/[0-9a-f-]{36}/)#letter_send$")


def forwards(apps, schema_editor):
    Draft = apps.get_model("drafts", "Draft")
    for draft in Draft.objects.filter(form_key__endswith="#letter_send").iterator():
        match = OLD.match(draft.form_key)
        if match is None:
            continue
        new_key = f"{match['page']}send-brev/"
        if Draft.objects.filter(
            author_id=draft.author_id, page_path=draft.page_path, form_key=new_key
        ).exists():
            continue  # a newer draft at the new address wins; the old one stays as it was
        draft.form_key = new_key
        draft.save(update_fields=["form_key"])


def backwards(apps, schema_editor):
    Draft = apps.get_model("drafts", "Draft")
    for draft in Draft.objects.filter(form_key__regex=r"/overdragelse/[0-9a-f-]{36}/send-brev/$"):
        old_key = draft.form_key.removesuffix("send-brev/") + "#letter_send"
        if not Draft.objects.filter(
            author_id=draft.author_id, page_path=draft.page_path, form_key=old_key
        ).exists():
            draft.form_key = old_key
            draft.save(update_fields=["form_key"])


class Migration(migrations.Migration):
    dependencies = [("drafts", "0001_draft")]

    operations = [migrations.RunPython(forwards, backwards)]
