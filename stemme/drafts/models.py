"""What a caseworker has typed but not saved yet, kept on the server (never in the browser).

A ``Draft`` is one form's field values for one author: kept while they type in a long form
(autosave), or kept from a save that arrived after their session had ended (then ``after_logout``
is set, and the form says so when it is filled in again). Only its author gets it back; saving
the form deletes it; after ``expires_at`` it is ignored and purged.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("author"),
    )
    # The page the form is on (a path, no query) and the form on it: the address it posts to,
    # with "#<action>" when several forms post to the same address (stemme.drafts.web.form_key).
    page_path = models.CharField(_("page"), max_length=500)
    form_key = models.CharField(_("form"), max_length=600)
    # What the page is about, e.g. "case:<uuid>" (no foreign key: a draft is scratch paper).
    object_ref = models.CharField(_("about"), max_length=100, blank=True)
    fields = models.JSONField(_("field values"), default=dict)  # name -> list of values
    after_logout = models.BooleanField(_("kept after logout"), default=False)
    updated_at = models.DateTimeField(_("updated"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["author", "page_path", "form_key"], name="drafts_one_per_form"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_key} ({self.updated_at:%Y-%m-%d %H:%M})"
