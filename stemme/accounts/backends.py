"""The staff login's backend: Django's own, reading the user's municipality with the user.

Every staff page asks the user's municipality (the access rules, the menu), which the plain
backend left to a query of its own on each request; and the session's own query has read both
already (``accounts.sessions``)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from stemme.accounts.sessions import user_read_with_session


class StaffBackend(ModelBackend):
    def get_user(self, user_id):
        # Read with the session in this request (accounts.sessions), or now.
        user = user_read_with_session(user_id) or (
            get_user_model()
            ._default_manager.select_related("municipality")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
