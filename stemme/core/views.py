from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from stemme.access.selectors import can_see_child_data


@login_required
def home(request):
    """Send each role to where its work starts."""
    if can_see_child_data(request.user):
        return redirect("deadlines:worklist")
    return redirect("accounts:organisation")


@require_GET
@never_cache
def health(request):
    """For load balancers and monitoring: the app answers and the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
