from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionToken(models.Model):
    """A create form's one-time token, used (issue 13): a second POST with the same token — a
    double click, a retried request — creates nothing and gets the first one's redirect.

    Written in the same transaction as the form's write (``stemme.core.idempotency``), so the
    unique token serialises concurrent duplicates and a failed submission leaves no row. Kept a
    day, then purged by the next submission.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    # "user:<pk>" or "portal:<pk>": who sent it. Not a foreign key: a row lives a day and must
    # not tie the core app to the accounts and portal apps.
    owner = models.CharField(_("sent by"), max_length=60)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    # Where the first submission redirected to; empty while it runs (or if it redirected nowhere).
    result_url = models.CharField(_("result"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("submission token")
        verbose_name_plural = _("submission tokens")

    def __str__(self):
        return self.token
