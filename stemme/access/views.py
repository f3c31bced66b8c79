"""The view decorator that every page showing child data uses."""

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction

from stemme.access.selectors import can_see_child_data


def staff_with_child_access(view):
    """Login required; the role must be one that sees child data; the whole request is atomic.

    Atomic so the access-log rows and the response stand or fall together: if rendering fails,
    no log row claims the user saw something, and no page is shown without its log row.
    """

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_child_data(request.user):
            raise PermissionDenied
        with transaction.atomic():
            return view(request, *args, **kwargs)

    return wrapper
